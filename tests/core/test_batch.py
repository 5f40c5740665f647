"""Batch: inputs, a real process pool with bad files in the mix, the summary workbook, 跨年核对."""
from __future__ import annotations

import io
import json
import os
import zipfile

import openpyxl
import pytest
from core_fixtures import SHARED_FIXTURES, load_expected

from core import schema
from core.batch import MSG_CRASH, BatchResult, collect_inputs, run_batch
from core.checks.cross_year import agency_key, cross_year
from core.xlsx.summary import write_summary
from core.errors import Cancelled, NianbaoError, UnreadableFile
from core.model import Finding, Report
from core.progress import ProgressBar


# ---------------------------------------------------------------- a stand-in for open_report
def fake_open(path: str):
    """Module-level, so it reaches the spawned workers. The file says what to pretend."""
    if not os.path.exists(path):
        raise UnreadableFile(f"找不到文件：{os.path.basename(path)}", path)
    spec = json.loads(open(path, encoding="utf-8").read())
    mode = spec.get("mode", "ok")
    if mode == "unreadable":
        raise UnreadableFile("文件已损坏或格式异常，无法读取（PDF）。", "fake")
    if mode == "bug":
        raise ValueError("boom")
    if mode == "crash":
        os._exit(3)   # what a segfault in a PDF library looks like to the pool
    data = load_expected(next(SHARED_FIXTURES.rglob(f"{spec['fixture']}.expected.json")))
    cells = dict(data["cells"], **spec.get("set", {}))
    report = Report(layout=data["meta"]["layout"], agency=spec.get("agency", data["meta"]["agency"]),
                    year=spec.get("year", data["meta"]["year"]), source=path, format="txt",
                    cells=cells)
    report.findings = [Finding("x", "error", (), message="错误一")] * spec.get("errors", 0)
    report.findings += [Finding("y", "warning", (), message="警告")]
    return None, report


def write_spec(folder, name: str, **spec) -> str:
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
    return path


# ---------------------------------------------------------------- inputs
def test_collect_inputs_walks_folders_and_skips_litter(tmp_path):
    for name in ("b.pdf", "a.txt", "sub/c.docx", "sub/d.HTM", "~$lock.docx", ".hidden.pdf",
                 "notes.pptx", "sub/deeper/e.html"):
        p = tmp_path / "in" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    named = tmp_path / "old.doc"
    named.write_text("x")
    got = collect_inputs([str(tmp_path / "in"), str(named), str(tmp_path / "in" / "a.txt"),
                          str(tmp_path / "missing.pdf")])
    rel = [os.path.relpath(p, tmp_path).replace(os.sep, "/") for p in got]
    assert rel == ["in/a.txt", "in/b.pdf", "in/sub/c.docx", "in/sub/d.HTM",
                   "in/sub/deeper/e.html", "old.doc", "missing.pdf"]


def test_agency_key_matches_the_forms_of_one_name():
    assert agency_key("肖寨门镇政府") == agency_key("肖寨门镇人民政府") == agency_key(" 肖寨门镇 ")
    assert agency_key("城郊乡人民政府") != agency_key("城关镇人民政府")


# ---------------------------------------------------------------- the pool
def test_one_bad_file_never_stops_the_batch(tmp_path):
    d = str(tmp_path / "in")
    write_spec(d, "1.txt", fixture="城郊乡-2020", errors=2)
    write_spec(d, "2.txt", fixture="大岚镇-2021")
    write_spec(d, "3.txt", mode="unreadable")
    write_spec(d, "4.txt", mode="bug")
    seen = []
    result = run_batch([d, str(tmp_path / "nope.pdf")], workers=2, open_fn=fake_open,
                       progress=lambda done, total: seen.append((done, total)))
    assert [os.path.basename(r["path"]) for r in result.reports] == ["1.txt", "2.txt"]
    first = result.reports[0]
    assert first["meta"]["agency"] == "城郊乡人民政府" and first["meta"]["layout"] == "2019"
    assert (first["errors"], first["warnings"], first["first_error"]) == (2, 1, "错误一")
    assert len(first["cells"]) == len(schema.cell_keys("2019"))
    reasons = {os.path.basename(f["path"]): f["reason"] for f in result.failures}
    assert reasons == {"3.txt": "文件已损坏或格式异常，无法读取（PDF）。",
                       "4.txt": "程序内部错误：ValueError: boom",
                       "nope.pdf": "找不到文件：nope.pdf"}
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_worker_that_dies_costs_only_its_file(tmp_path):
    d = str(tmp_path)
    paths = [write_spec(d, f"{i}.txt", fixture="大岚镇-2021") for i in range(4)]
    paths.insert(1, write_spec(d, "crash.txt", mode="crash"))
    result = run_batch(paths, workers=2, open_fn=fake_open)
    assert len(result.reports) == 4
    assert [(os.path.basename(f["path"]), f["reason"]) for f in result.failures] == \
        [("crash.txt", MSG_CRASH)]


def test_the_real_pipeline_in_two_workers(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    reports = SHARED_FIXTURES / "reports"
    inputs = [str(reports / "城郊乡-2020.txt"), str(reports / "大岚镇-2021.txt"), str(empty)]
    result = run_batch(inputs, workers=2)
    assert [r["meta"]["agency"] for r in result.reports] == ["城郊乡人民政府", "大岚镇人民政府"]
    expected = load_expected(reports / "城郊乡-2020.expected.json")["cells"]
    assert result.reports[0]["cells"] == expected
    assert [f["reason"] for f in result.failures] == ["文件是空的（0 字节），没有可读取的内容。"]


def test_cancel_stops_the_batch(tmp_path):
    paths = [write_spec(str(tmp_path), f"{i}.txt", fixture="大岚镇-2021") for i in range(20)]
    with pytest.raises(Cancelled):
        run_batch(paths, workers=1, open_fn=fake_open, cancelled=lambda: True)


def test_workers_must_be_positive():
    with pytest.raises(NianbaoError, match="正整数"):
        run_batch(["x.txt"], workers=0)


# ---------------------------------------------------------------- 跨年核对
def item(agency, year, layout="2019", **cells) -> dict:
    return {"path": f"{agency}-{year}.txt", "ok": True, "errors": 0, "warnings": 0,
            "first_error": "", "meta": {"agency": agency, "year": year, "layout": layout},
            "cells": {f"requests.{k}": v for k, v in cells.items()}}


def test_cross_year_compares_carry_forward_with_next_years_carried_over():
    reports = [item("肖寨门镇政府", 2019, carry_forward__natural=2),
               item("肖寨门镇人民政府", 2020, "2019", carried_over__natural=3),
               item("肖寨门镇人民政府", 2022, "2021"), item("城郊乡人民政府", 2021)]
    for r in reports:
        r["cells"] = {k.replace("__", "."): v for k, v in r["cells"].items()}
    checks = cross_year(reports)
    assert len(checks) == len(schema.REQUEST_COLUMNS)       # only 2019 → 2020 is consecutive
    natural = checks[0]
    assert (natural["column"], natural["carry_forward"], natural["carried_over"],
            natural["same"]) == ("自然人", 2, 3, False)
    assert all(c["same"] for c in checks[1:])               # blank on both sides counts as 0
    assert (natural["prev_year"], natural["year"]) == (2019, 2020)


# ---------------------------------------------------------------- the summary workbook
def summary(tmp_path, result) -> openpyxl.Workbook:
    out = tmp_path / "汇总.xlsx"
    write_summary(result, str(out))
    assert os.listdir(tmp_path).count("汇总.xlsx") == 1
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".~nianbao")]
    return openpyxl.load_workbook(out), out


def test_summary_workbook(tmp_path):
    a = item("=HYPERLINK(\"x\")", 2020, carry_forward__total=5)
    b = item("大岚镇人民政府", 2021, "2021", carried_over__total=4, total__total=9.0)
    b["errors"], b["first_error"] = 1, "@表三总计列：相差 1"
    c = item("大岚镇人民政府", 2020, carry_forward__total=4)
    for r in (a, b, c):
        r["cells"] = {k.replace("__", "."): v for k, v in r["cells"].items()}
    failures = [{"path": "坏.pdf", "reason": "文件已损坏", "detail": "PdfminerException"}]
    wb, out = summary(tmp_path, BatchResult([a, b, c], failures, 1.5))
    tables = ["表二", "表三", "表四"]
    assert wb.sheetnames == [f"{t}合计（{v}版）" for v in ("2019", "2021") for t in tables] + \
        ["报告一览"] + [f"{t}明细" for t in tables] + ["数据", "无法读取", "跨年核对", "说明"]
    ws = wb["报告一览"]
    heads = [cell.value for cell in ws[1]]
    assert heads == ["序号", "机关", "年度", "文件", "格式版本", "错误数", "警告数", "首个错误", "已套用的修改", "重复"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [tuple(r[:3]) for r in rows] == [(1, "=HYPERLINK(\"x\")", 2020), (2, "大岚镇人民政府", 2020),
                                            (3, "大岚镇人民政府", 2021)]     # sorted by 机关, 年度
    dl_2021 = next(r for r in ws.iter_rows(min_row=2) if r[2].value == 2021)
    assert dl_2021[5].value == 1 and dl_2021[7].value == "@表三总计列：相差 1"
    assert dl_2021[7].data_type == "s"
    evil = next(r for r in ws.iter_rows(min_row=2) if r[1].value.startswith("="))
    assert evil[1].data_type == "s"
    # 明细: two header rows in Chinese, one row per report, the cells as numbers
    detail = wb["表三明细"]
    top = [c.value for c in detail[1]]
    sub = [c.value for c in detail[2]]
    assert top[:3] == ["机关", "年度", "文件"]
    col = next(i for i, v in enumerate(top) if v == "（七）总计")
    assert sub[col:col + 7] == ["自然人", "法人或其他组织 · 商业企业", "法人或其他组织 · 科研机构",
                                "法人或其他组织 · 社会公益组织", "法人或其他组织 · 法律服务机构",
                                "法人或其他组织 · 其他", "总计"]
    line = next(r for r in detail.iter_rows(min_row=3) if r[1].value == 2021)
    assert line[col + 6].value == 9 and isinstance(line[col + 6].value, int)
    assert detail.freeze_panes == "D3" and detail.auto_filter.ref.startswith("A2:")
    assert any(str(m) == "A1:A2" for m in detail.merged_cells.ranges)
    # the canonical keys appear in 数据 only
    keys = set(schema.cell_keys("2019")) | set(schema.cell_keys("2021"))
    for sheet in wb.worksheets:
        if sheet.title != "数据":
            assert not {c.value for r in sheet.iter_rows(max_row=5) for c in r} & keys, sheet.title
    data = [[c.value for c in r] for r in wb["数据"].iter_rows(min_row=2)]
    assert [c.value for c in wb["数据"][1]] == ["序号", "键", "数值"]
    assert [3, "requests.total.total", 9] in data and [1, "requests.carry_forward.total", 5] in data
    assert {r[0] for r in data} == {1, 2, 3}     # 序号 of 报告一览
    assert line[col + 6].style_id == 0 and detail.print_options.gridLines   # plain numbers
    failed = wb["无法读取"]
    assert [c.value for c in failed[2]] == ["坏.pdf", "文件已损坏", "PdfminerException"]
    cross = wb["跨年核对"]
    lines = [[c.value for c in r] for r in cross.iter_rows(min_row=2)]
    assert len(lines) == len(schema.REQUEST_COLUMNS)
    total_line = next(r for r in lines if r[3] == "总计")
    assert total_line[:7] == ["大岚镇人民政府", 2020, 2021, "总计", 4, 4, "一致"]
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_summary_totals_hold_the_sums_print_one_page_wide_and_flag_duplicates(tmp_path):
    reports = []
    for i, name in enumerate(["甲镇人民政府", "乙乡人民政府", "丙街道办事处"]):
        r = item(name, 2021, "2021", new__natural=i + 1, total__total=10 * (i + 1))
        r["cells"] = {k.replace("__", "."): v for k, v in r["cells"].items()}
        r["cells"]["active.fees.amount"] = 1.25 * (i + 1)
        reports.append(r)
    copy = dict(reports[0], path="甲镇-副本.txt")            # the same numbers again
    again = item("甲镇政府", 2021, "2021")                     # a second report of one body
    again["path"] = "甲镇-第二份.txt"
    wb, _ = summary(tmp_path, BatchResult(reports + [copy, again], []))
    assert wb["报告一览"].freeze_panes == "D2" and wb["数据"].freeze_panes == "A2"
    assert wb.sheetnames[:3] == ["表二合计", "表三合计", "表四合计"]
    req = wb["表三合计"]
    values = {c.coordinate: c.value for r in req.iter_rows() for c in r if c.value is not None}
    labels = {v: k for k, v in values.items() if isinstance(v, str)}
    assert "4 份报告" in wb["表三合计"]["A3"].value           # the copy is counted once
    new_row = int(labels["一、本年新收政府信息公开申请数量"][1:])
    assert req.cell(row=new_row, column=4).value == 1 + 2 + 3
    total_row = next(r for r in range(1, req.max_row + 1)
                     if req.cell(row=r, column=2).value == "（七）总计")
    assert req.cell(row=total_row, column=10).value == 10 + 20 + 30
    active = wb["表二合计"]
    amounts = [c.value for r in active.iter_rows() for c in r if isinstance(c.value, float)]
    assert amounts == [7.5]                                 # 万元, summed
    for name in ("表二合计", "表三合计", "表四合计"):
        setup = wb[name].page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9 and setup.fitToWidth == 1
        assert wb[name].sheet_properties.pageSetUpPr.fitToPage
        assert wb[name].merged_cells.ranges                  # the official two-level headers
    flagged = {r[3].value: r[9].value for r in wb["报告一览"].iter_rows(min_row=2)}
    twins = ("甲镇-副本.txt", "甲镇人民政府-2021.txt")
    assert sorted(bool(flagged[t]) for t in twins) == [False, True]     # the second of the two
    assert any("数据完全相同" in (flagged[t] or "") for t in twins)
    assert "同一机关 2021 年度共有" in flagged["甲镇-第二份.txt"]
    assert not flagged["乙乡人民政府-2021.txt"]
    assert len(flagged) == 5 and sum(bool(v) for v in flagged.values()) == 2


def test_summary_marks_a_cross_year_mismatch_and_never_overwrites_an_input(tmp_path):
    a = item("城郊乡人民政府", 2019)
    b = item("城郊乡政府", 2020)
    a["cells"] = {"requests.carry_forward.natural": 1}
    wb, _ = summary(tmp_path, BatchResult([a, b], []))
    cross = wb["跨年核对"]
    result = cross.cell(row=2, column=7)
    assert result.value == "不一致" and result.font.bold
    assert wb["无法读取"]["A2"].value == "所有文件均已读取。"
    src = tmp_path / "in.xlsx"
    src.write_bytes(b"input")
    a["path"] = str(src)
    with pytest.raises(NianbaoError, match="源文件"):
        write_summary(BatchResult([a, b], []), str(src))
    assert src.read_bytes() == b"input"


def test_empty_batch_still_writes_a_workbook(tmp_path):
    wb, _ = summary(tmp_path, BatchResult([], [{"path": "x.doc", "reason": "不支持", "detail": ""}]))
    assert wb["报告一览"].max_row == 1 and wb["数据"].max_row == 1
    assert wb["跨年核对"]["A2"].value.startswith("没有同一机关")


# ---------------------------------------------------------------- progress bar
def test_progress_bar_in_a_log_prints_each_tenth():
    out = io.StringIO()
    bar = ProgressBar(stream=out)
    for i in range(101):
        bar(i, 100)
    bar.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].startswith("处理中 [" + "#" * 30 + "] 100/100 100%")


def test_progress_bar_on_a_terminal_redraws_in_place():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    out = Tty()
    bar = ProgressBar(stream=out, interval=0)
    bar(1, 4)
    bar(4, 4)
    bar.close()
    text = out.getvalue()
    assert text.count("\r") == 2 and text.endswith("4/4 100%  " + text.split("100%  ")[1])
    assert text.endswith("\n") and "剩余" in text.split("\r")[1]


def test_corrections_saved_beside_a_report_are_applied(tmp_path):
    # the township saved 报告名.nianbao.json beside its report; the county's batch uses it
    import shutil
    from core.corrections import Project, corrections_for, project_path_for
    from core.pipeline import open_report
    src = tmp_path / "董家镇-2020.txt"
    shutil.copy(SHARED_FIXTURES / "reports" / "董家镇-2020.txt", src)
    other = tmp_path / "城郊乡-2020.txt"
    shutil.copy(SHARED_FIXTURES / "reports" / "城郊乡-2020.txt", other)
    _doc, report = open_report(str(src))
    fix = corrections_for(report.layout, report.cells, {"active.procurement.amount": 11.5045},
                          note="原表单位为元")
    Project.of(str(src), report.layout, fix).save(project_path_for(str(src)))
    stale = Project.of(str(other), open_report(str(other))[1].layout, [])
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # changed since
    stale.save(project_path_for(str(other)))
    result = run_batch([str(tmp_path)], workers=1)
    assert len(result.reports) == 2 and not result.failures   # the .nianbao.json are no inputs
    by_name = {os.path.basename(r["path"]): r for r in result.reports}
    fixed = by_name["董家镇-2020.txt"]
    assert fixed["cells"]["active.procurement.amount"] == 11.5045 and fixed["corrected"] == 1
    assert "另一版本" in by_name["城郊乡-2020.txt"]["project_note"]
