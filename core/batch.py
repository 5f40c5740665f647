"""Many reports into one summary workbook, in parallel; one bad file never stops the batch."""
from __future__ import annotations

import multiprocessing
import os
import re
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from itertools import product
from typing import Callable, Iterable, Optional

from . import __version__, schema
from .errors import Cancelled, NianbaoError

SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".htm")
MSG_CRASH = "处理该文件时程序意外退出（文件可能已损坏，或内存不足）。"
MSG_PROJECT_STALE = "旁边的修改记录是为另一版本的报告保存的，未套用"
MSG_PROJECT_UNUSED = "旁边的修改记录未能套用："
Progress = Optional[Callable[[int, int], None]]
IsCancelled = Optional[Callable[[], bool]]


@dataclass
class BatchResult:
    """What a batch produced: one small dict per report read, and the files that failed."""

    reports: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)   # {"path", "reason", "detail"}
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return len(self.reports) + len(self.failures)


# ---------------------------------------------------------------- inputs
def _wanted(name: str) -> bool:
    # ~$x.docx is Word's lock file; dot files are editor and OS litter (.DS_Store, ._x.pdf).
    return name.lower().endswith(SUFFIXES) and not name.startswith(("~$", "."))


def collect_inputs(paths: Iterable[str]) -> list[str]:
    """Files named, plus supported files found in folders (recursively), in a stable order.

    A named file is kept whatever its suffix, and a missing path too: both end up in the
    无法读取 sheet with the reason, rather than vanishing silently.
    """
    out, seen = [], set()
    for path in paths:
        found = [path]
        if os.path.isdir(path):
            found = [os.path.join(root, name)
                     for root, dirs, names in sorted(os.walk(path))
                     for name in sorted(names) if _wanted(name)]
        for f in found:
            real = os.path.normcase(os.path.realpath(f))
            if real not in seen:
                seen.add(real)
                out.append(f)
    return out


# ---------------------------------------------------------------- one file (in a worker)
def process_one(path: str, open_fn: Optional[Callable] = None) -> dict:
    """Read, recognise and check one file; never raises. Returns a small picklable dict."""
    started = time.perf_counter()
    try:
        if open_fn is None:
            from .pipeline import open_report as open_fn
        doc, report = open_fn(path)
        corrected, note = _replay_project(path, doc, report)
    except NianbaoError as exc:
        return failure(path, exc.message, exc.detail)
    except Exception as exc:   # a bug must cost one file, not the batch
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return failure(path, f"程序内部错误：{type(exc).__name__}: {exc}", detail)
    findings = report.notices + report.findings
    errors = [f for f in findings if f.severity == "error"]
    return {"path": path, "ok": True, "meta": report.meta_json(), "cells": dict(report.cells),
            "errors": len(errors), "warnings": len(findings) - len(errors),
            "first_error": errors[0].message if errors else "",
            "corrected": corrected, "project_note": note,
            "seconds": round(time.perf_counter() - started, 3)}


def _replay_project(path: str, doc, report) -> tuple[int, str]:
    """The corrections a person saved beside the report (报告名.nianbao.json), applied and
    rechecked: a county office's summary carries the township's corrected numbers.
    Returns (cells corrected, a note when the project could not be applied)."""
    from .corrections import Project, ProjectFileError, project_path_for, source_mismatch
    project_file = project_path_for(path)
    if not os.path.isfile(project_file):
        return 0, ""
    try:
        project = Project.load(project_file)
        mismatch = source_mismatch(project, path)
        if mismatch:
            return 0, MSG_PROJECT_STALE
        project.apply_to(report)
    except ProjectFileError as exc:
        return 0, f"{MSG_PROJECT_UNUSED}{exc.message}"
    if doc is not None and report.findings is not None:
        from .checks import run_checks
        report.findings = run_checks(report, doc)
    return len({c.key for c in project.corrections}), ""


def failure(path: str, reason: str, detail: str = "") -> dict:
    return {"path": path, "ok": False, "reason": reason, "detail": detail}


# ---------------------------------------------------------------- the pool
def run_batch(paths: Iterable[str], workers: Optional[int] = None, progress: Progress = None,
              cancelled: IsCancelled = None, open_fn: Optional[Callable] = None) -> BatchResult:
    """Process every input on `workers` processes (default: all cores).

    `open_fn(path) -> (doc, report)` replaces core.pipeline.open_report (tests); it must be a
    module-level function, since it travels to the worker processes.
    """
    started = time.perf_counter()
    files = collect_inputs(paths)
    workers = _worker_count(workers, len(files))
    results: dict[int, dict] = {}

    def done(i: int, item: dict) -> None:
        results[i] = item
        if progress:
            progress(len(results), len(files))

    if progress:
        progress(0, len(files))
    pending = list(enumerate(files))
    while pending:
        pending = _round(pending, workers, open_fn, done, cancelled)
        if pending:
            # A worker died (crash, killed for memory). The tasks it could have been running
            # are the first workers+1 unfinished ones; run each alone to find the culprit.
            suspects, pending = pending[:workers + 1], pending[workers + 1:]
            for i, path in suspects:
                if _round([(i, path)], 1, open_fn, done, cancelled):
                    done(i, failure(path, MSG_CRASH, "worker process died"))
    ordered = [results[i] for i in range(len(files))]
    return BatchResult([r for r in ordered if r["ok"]], [r for r in ordered if not r["ok"]],
                       time.perf_counter() - started)


def _worker_count(workers: Optional[int], n: int) -> int:
    if workers is not None and workers < 1:
        raise NianbaoError("并行进程数应为正整数。", f"workers={workers}")
    return max(1, min(workers or os.cpu_count() or 1, n))


def _round(tasks: list, workers: int, open_fn, done, cancelled) -> list:
    """Run tasks on a fresh pool; return those left unfinished because the pool broke."""
    # spawn, not fork: the same behaviour as on Windows, and safe under the GUI's threads.
    pool = ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"))
    futures = {pool.submit(process_one, path, open_fn): (i, path) for i, path in tasks}
    broken, waiting, stop = set(), set(futures), False
    try:
        while waiting:
            finished, waiting = wait(waiting, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                try:
                    done(futures[fut][0], fut.result())
                except BrokenProcessPool:
                    broken.add(futures[fut][0])
            if waiting and cancelled and cancelled():
                stop = True
                raise Cancelled()
    finally:
        # On cancel, do not wait for the files being read: their workers exit when done.
        pool.shutdown(wait=not stop, cancel_futures=True)
    return [t for t in tasks if t[0] in broken]


# ---------------------------------------------------------------- 跨年核对
def agency_key(name: str) -> str:
    """肖寨门镇人民政府, 肖寨门镇政府 and 肖寨门镇 are one body."""
    name = re.sub(r"\s+", "", name or "")
    name = name.replace("人民政府", "").replace("政府", "")
    return re.sub(r"办事处$", "", name)


def cross_year(reports: list[dict]) -> list[dict]:
    """For each body with consecutive years: last year's 结转下年度 vs this year's 上年结转."""
    by_key: dict[tuple, list[dict]] = {}
    for r in reports:
        key = agency_key(r["meta"].get("agency", ""))
        if key and r["meta"].get("year"):
            by_key.setdefault((key, r["meta"]["year"]), []).append(r)
    out = []
    for (key, year), this_year in sorted(by_key.items()):
        for prev, cur in product(by_key.get((key, year - 1), []), this_year):
            out += [_compare(prev, cur, col) for col in schema.REQUEST_COLUMNS]
    return out


def _compare(prev: dict, cur: dict, col: schema.Column) -> dict:
    before = prev["cells"].get(f"requests.carry_forward.{col.key}")
    now = cur["cells"].get(f"requests.carried_over.{col.key}")
    same = (before or 0) == (now or 0)   # a blank counts as 0, as in the checks
    return {"agency": cur["meta"]["agency"], "prev_year": prev["meta"]["year"],
            "year": cur["meta"]["year"], "column": col.label, "carry_forward": before,
            "carried_over": now, "same": same, "prev_path": prev["path"], "path": cur["path"]}


def write_summary(result: BatchResult, out_path: str) -> None:
    """The county office's workbook: 汇总, 无法读取, 跨年核对, 说明 (written atomically)."""
    from .atomic import write_atomic
    if not out_path.lower().endswith(".xlsx"):
        raise NianbaoError(f"输出文件应以 .xlsx 结尾：{os.path.basename(out_path)}", out_path)
    wb = build_summary(result, cross_year(result.reports))
    sources = [r["path"] for r in result.reports + result.failures]
    write_atomic(out_path, wb.save, sources=sources, suffix=".xlsx")


def summary_meta(result: BatchResult) -> list[tuple[str, object]]:
    return [("文件总数", result.total), ("成功读取", len(result.reports)),
            ("无法读取", len(result.failures)), ("用时（秒）", round(result.seconds, 1)),
            ("生成时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
            ("程序版本", f"年报通 {__version__}")]


# ---------------------------------------------------------------- the summary workbook
FIXED = [("文件", "file", 36), ("机关", "meta.agency", 22), ("年度", "meta.year", 7),
         ("格式版本", "meta.layout", 8), ("错误数", "errors", 7), ("警告数", "warnings", 7),
         ("首个错误", "first_error", 40), ("已套用的修改", "corrected", 12)]
CELL_WIDTH = 16
MAX_HEADER_HEIGHT = 110


def summary_columns(reports: list[dict]) -> list[tuple[str, str]]:
    """(key, Chinese header) for every cell of the layouts present, both layouts' rows
    interleaved in table order (2019's 其他对外管理服务事项 after 行政许可, and so on)."""
    layouts = sorted({r["meta"]["layout"] for r in reports} & set(schema.LAYOUTS)) or ["2021"]
    row_keys: list[str] = []
    columns: dict[str, list[str]] = {}
    for layout in reversed(layouts):
        rows = schema.rows(layout)
        row_keys = _merge_order(row_keys, [r.key for r in rows])
        for r in rows:
            columns[r.key] = _merge_order(columns.get(r.key, []), [c.key for c in r.columns])
    label_of = {}
    for layout in layouts:   # the newest layout names a cell both layouts have
        label_of.update({k: schema.cell_label(layout, k) for k in schema.cell_keys(layout)})
    keys = [f"{row}.{col}" for row in row_keys for col in columns[row]]
    return [(k, label_of[k]) for k in keys]


def _merge_order(base: list[str], extra: list[str]) -> list[str]:
    """`base` with the items of `extra` it lacks, each placed after its predecessor in `extra`."""
    out = list(base)
    last = -1
    for k in extra:
        if k in out:
            last = out.index(k)
        else:
            last += 1
            out.insert(last, k)
    return out


def build_summary(result: BatchResult, checks: list[dict]):
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    _summary_sheet(wb, result.reports)
    _failures_sheet(wb, result.failures)
    _cross_year_sheet(wb, checks)
    _info_sheet(wb, result)
    return wb


def _summary_sheet(wb, reports: list[dict]) -> None:
    from .xlsx_style import ERROR_FILL, WARNING_FILL, Stamp, fit_row, print_setup, put, set_widths
    ws = wb.create_sheet("汇总")
    columns = [(key, label) for label, key, _ in FIXED] + summary_columns(reports)
    for c, (key, label) in enumerate(columns, start=1):
        put(ws, 1, c, label, "head")
        put(ws, 2, c, key, "key")   # machine-readable header: the canonical key
    widths = [w for *_, w in FIXED] + [CELL_WIDTH] * (len(columns) - len(FIXED))
    set_widths(ws, dict(enumerate(widths, start=1)))
    fit_row(ws, 1, [(label, w) for (_, label), w in zip(columns, widths)])
    height = ws.row_dimensions[1].height
    ws.row_dimensions[1].height = min(height or 15, MAX_HEADER_HEIGHT)
    rows = sorted(reports, key=lambda r: (agency_key(r["meta"]["agency"]),
                                          r["meta"]["year"] or 0, r["path"]))
    stamp = Stamp(ws)
    cell_keys = [key for key, _ in columns[len(FIXED):]]
    kinds = ["plain" if c in (0, 1, 6, 7) else "num" for c in range(len(columns))]
    for r in rows:
        corrected = r.get("project_note") or (f"{r['corrected']} 格" if r.get("corrected") else "")
        values = [r["path"], r["meta"]["agency"], r["meta"]["year"], r["meta"]["layout"],
                  r["errors"], r["warnings"], r["first_error"], corrected]
        values += [r["cells"].get(key) for key in cell_keys]
        stamp.row(values, kinds, {4: ERROR_FILL if r["errors"] else None,
                                  5: WARNING_FILL if r["warnings"] else None})
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{ws.cell(row=max(ws.max_row, 2), column=len(columns)).coordinate}"
    print_setup(ws, "1:2", fit_width=False)   # 200 columns: pages across, 文件 and 机关 repeated
    ws.print_title_cols = "A:B"


def _failures_sheet(wb, failures: list[dict]) -> None:
    from .xlsx_style import header_row, print_setup, put
    ws = wb.create_sheet("无法读取")
    header_row(ws, 1, ["文件", "原因", "技术细节"], [50, 60, 50])
    for i, f in enumerate(failures, start=2):
        for c, v in enumerate((f["path"], f["reason"], f["detail"]), start=1):
            put(ws, i, c, v, "label")
    if not failures:
        put(ws, 2, 1, "所有文件均已读取。", "note")
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")


CROSS_HEADER = ["机关", "上年", "本年", "申请人", "上年「四、结转下年度继续办理」",
                "本年「二、上年结转政府信息公开申请数量」", "结果", "上年文件", "本年文件"]


def _cross_year_sheet(wb, checks: list[dict]) -> None:
    from .xlsx_style import ERROR_FILL, Stamp, header_row, print_setup, put
    ws = wb.create_sheet("跨年核对")
    header_row(ws, 1, CROSS_HEADER, [22, 7, 7, 14, 18, 22, 9, 40, 40])
    ws.row_dimensions[1].height = 45
    stamp = Stamp(ws)
    kinds = ["label" if col in (0, 3, 7, 8) else "num" for col in range(len(CROSS_HEADER))]
    for c in checks:
        values = [c["agency"], c["prev_year"], c["year"], c["column"], c["carry_forward"],
                  c["carried_over"], "一致" if c["same"] else "不一致", c["prev_path"], c["path"]]
        row_kinds = kinds if c["same"] else kinds[:6] + ["error"] + kinds[7:]
        stamp.row(values, row_kinds, None if c["same"] else {6: ERROR_FILL})
    if not checks:
        put(ws, 2, 1, "没有同一机关相邻两年的报告，无需核对。", "note")
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")


def _info_sheet(wb, result: BatchResult) -> None:
    from .xlsx_style import put
    ws = wb.create_sheet("说明")
    for i, (name, value) in enumerate(summary_meta(result), start=1):
        put(ws, i, 1, name, "head")
        put(ws, i, 2, value, "label")
    put(ws, ws.max_row + 2, 1, "汇总表第 2 行为各列的键（如 requests.total.total），供程序读取。", "note")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 40
