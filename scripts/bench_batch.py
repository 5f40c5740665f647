"""Batch benchmark: N generated reports through `run_batch` on W workers; reports/s, peak memory.

    .venv/bin/python scripts/bench_batch.py [--reports 500] [--workers 2] [--mix txt|corpus] [--keep DIR]

--mix txt (default): reports written like the published TXT dumps (tab-separated tables,
official labels, consistent random numbers), half 2019 layout, half 2021, two consecutive years
per body so the 跨年核对 has work. Every parse is compared with the generated cells.
--mix corpus: the generated corpus of tests/fixtures/corpus (DOCX, PDF, HTML, TXT in the
proportions there: 18/13/10/12 + 3 others) copied round-robin up to N files, each compared
with its expected JSON: the cost of real formats, PDF above all.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import resource
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core import schema  # noqa: E402
from core.batch import run_batch  # noqa: E402
from core.checks.cross_year import cross_year  # noqa: E402
from core.xlsx.summary import write_summary  # noqa: E402

APPLICANTS = schema.APPLICANT_COLUMNS
PLACE_A = "东西南北清河桃李柳杨金石青白龙凤安平新华"
PLACE_B = "山水溪湾桥岭庄集坪塘湖坝口沟原洲田园林港"
NARRATIVE = "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。\n" * 6


def request_cells(layout: str, rng: random.Random, carried: dict) -> dict:
    """Table 三 with every 勾稽 rule holding: row totals, outcome sum, balance."""
    cells = {}
    outcome_rows = [r.key for r in schema.rows(layout, "requests")
                    if r.key not in ("requests.new", "requests.carried_over", "requests.total",
                                     "requests.carry_forward")]
    for col in APPLICANTS:
        outcomes = {row: (rng.randint(0, 9) if rng.random() < 0.3 else 0) for row in outcome_rows}
        done = sum(outcomes.values())
        prev = carried.get(col, rng.randint(0, 3))
        forward = rng.randint(0, 3)
        cells.update({f"{row}.{col}": v for row, v in outcomes.items()})
        cells[f"requests.carried_over.{col}"] = prev
        cells[f"requests.total.{col}"] = done
        cells[f"requests.carry_forward.{col}"] = forward
        cells[f"requests.new.{col}"] = max(done + forward - prev, 0)
        if done + forward - prev < 0:   # keep the balance: absorb into carry_forward
            cells[f"requests.carry_forward.{col}"] = prev - done
    for r in schema.rows(layout, "requests"):
        cells[f"{r.key}.total"] = sum(cells[f"{r.key}.{c}"] for c in APPLICANTS)
    return cells


def report_cells(layout: str, rng: random.Random, carried: dict) -> dict:
    cells = {}
    for r in schema.rows(layout, "active"):
        for c in r.columns:
            key = f"{r.key}.{c.key}"
            if c.key == "amount":
                cells[key] = round(rng.uniform(0, 50), 4)
            elif c.key == "change":
                cells[key] = rng.randint(-3, 3)
            else:
                cells[key] = rng.randint(0, 300)
    cells.update(request_cells(layout, rng, carried))
    for r in schema.APPEAL_ROWS:
        parts = [rng.randint(0, 3) for _ in range(4)]
        cells.update({f"{r.key}.{c.key}": v for c, v in zip(r.columns, parts + [sum(parts)])})
    return cells


def fmt(v) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def render_txt(agency: str, year: int, layout: str, cells: dict) -> str:
    """The report as a TXT dump of a published Word file: tabs between cells."""
    out = [f"{agency}{year}年政府信息公开工作年度报告", "", "一、总体情况", NARRATIVE,
           "二、主动公开政府信息情况", ""]
    group = None
    for r in schema.rows(layout, "active"):
        if r.group != group:
            group = r.group
            out += [f"{group}\t\t\t", "\t".join(["信息内容"] + [c.label for c in r.columns])]
        out.append("\t".join([r.label] + [fmt(cells[f"{r.key}.{c.key}"]) for c in r.columns]))
    out += ["", "三、收到和处理政府信息公开申请情况", "",
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\t\t\t\t\t\t总计",
            "\t自然人\t法人或其他组织\t\t\t\t\t",
            "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    for r in schema.rows(layout, "requests"):
        nums = [fmt(cells[f"{r.key}.{c.key}"]) for c in schema.REQUEST_COLUMNS]
        out.append("\t".join(request_label(r) + nums))
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", "",
            "行政复议\t\t\t\t\t行政诉讼" + "\t" * 9,
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
            "\t" * 5 + "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
            "\t".join(fmt(cells[f"{r.key}.{c.key}"]) for r in schema.APPEAL_ROWS for c in r.columns),
            "", "五、存在的主要问题及改进情况", "", NARRATIVE, "六、其他需要报告的事项", "", "无。", ""]
    return "\n".join(out)


def request_label(r: schema.Row) -> list[str]:
    """The label cells of a table 三 row as the fixtures' dumps print them (merged cells: once)."""
    if r.key == "requests.carry_forward":
        return ["", r.label, ""]
    if not r.group:
        return [r.label]
    if r.group.startswith("三、"):
        return [r.group if r.key == "requests.granted" else "", r.label, ""]
    return ["", r.group if r.label.startswith("1.") else "", r.label]


def generate(folder: str, n: int, seed: int = 7) -> dict[str, dict]:
    """n reports, two consecutive years per body; returns path → generated cells."""
    rng = random.Random(seed)
    expected = {}
    for i in range(0, n, 2):
        k = i // 2   # a place name per body: the recogniser drops digits from agency names
        agency = f"{PLACE_A[k % 20]}{PLACE_B[k // 20 % 20]}{'乡镇'[k // 400 % 2]}人民政府"
        layout = "2019" if i % 4 == 0 else "2021"
        carried: dict = {}
        for year in (2021, 2022)[: min(2, n - i)]:
            cells = report_cells(layout, rng, carried)
            carried = {c: cells[f"requests.carry_forward.{c}"] for c in APPLICANTS}
            path = os.path.join(folder, f"{agency}-{year}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(render_txt(agency, year, layout, cells))
            expected[path] = cells
    return expected


CORPUS = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


def copy_corpus(folder: str, n: int) -> dict[str, dict]:
    """n files copied round-robin from the corpus (not broken/); returns path → expected cells."""
    docs = sorted(p for p in CORPUS.rglob("*.expected.json") if "broken" not in p.parts)
    sources = []
    for exp in docs:
        stem = exp.name[: -len(".expected.json")]
        src = next(p for p in exp.parent.iterdir()
                   if p.name.startswith(stem + ".") and not p.name.endswith(".json"))
        sources.append((src, json.loads(exp.read_text(encoding="utf-8"))["cells"]))
    expected = {}
    for i in range(n):
        src, cells = sources[i % len(sources)]
        sub = os.path.join(folder, f"{i // len(sources):02d}")
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, src.parent.name + "-" + src.name)
        shutil.copyfile(src, path)
        expected[path] = cells
    return expected


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of the largest worker (Linux: KiB)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return own, children


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--mix", choices=("txt", "corpus"), default="txt")
    ap.add_argument("--keep", help="write the reports and the summary into this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or tmp
        os.makedirs(folder, exist_ok=True)
        expected = (generate(folder, args.reports) if args.mix == "txt"
                    else copy_corpus(folder, args.reports))
        started = time.perf_counter()
        result = run_batch([folder], workers=args.workers)
        parsed = time.perf_counter() - started
        out = os.path.join(folder if args.keep else tmp, "汇总.xlsx")
        t = time.perf_counter()
        write_summary(result, out)
        written = time.perf_counter() - t
        wrong = [r["path"] for r in result.reports if r["cells"] != expected.get(r["path"])]
        checks = cross_year(result.reports)
        own, child = peak_mb()
        print(f"mix: {args.mix}  reports: {len(expected)}  read: {len(result.reports)}"
              f"  failed: {len(result.failures)}"
              f"  cells differing from the generated ones: {len(wrong)} reports")
        print(f"workers: {args.workers}  cores: {os.cpu_count()}  python {sys.version.split()[0]}")
        print(f"batch: {parsed:.1f} s = {len(expected) / parsed:.1f} reports/s"
              f"  (summary workbook: {written:.1f} s, {os.path.getsize(out) / 1024:.0f} KB)")
        print(f"findings: {sum(r['errors'] for r in result.reports)} errors, "
              f"{sum(r['warnings'] for r in result.reports)} warnings")
        print(f"跨年核对: {len(checks)} comparisons, {sum(not c['same'] for c in checks)} mismatches")
        print(f"peak memory: main process {own:.0f} MB, largest worker {child:.0f} MB")
        for f in result.failures[:5]:
            print("failed:", f["path"], f["reason"])
        for p in wrong[:5]:
            print("differs:", p)
    return 0


if __name__ == "__main__":   # required: the spawned workers import this module
    sys.exit(main())
