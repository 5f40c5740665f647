"""The county office's summary workbook of a batch: 汇总, 无法读取, 跨年核对, 说明."""
from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from .. import __version__, schema
from ..checks.cross_year import agency_key, cross_year
from ..errors import NianbaoError

if TYPE_CHECKING:   # the pool's result type; core.batch is above the workbook, not below it
    from ..batch import BatchResult


def write_summary(result: BatchResult, out_path: str) -> None:
    """The county office's workbook: 汇总, 无法读取, 跨年核对, 说明 (written atomically)."""
    from ..atomic import write_atomic
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
    from .style import ERROR_FILL, WARNING_FILL, Stamp, fit_row, print_setup, put, set_widths
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
    from .style import header_row, print_setup, put
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
    from .style import ERROR_FILL, Stamp, header_row, print_setup, put
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
    from .style import put
    ws = wb.create_sheet("说明")
    for i, (name, value) in enumerate(summary_meta(result), start=1):
        put(ws, i, 1, name, "head")
        put(ws, i, 2, value, "label")
    put(ws, ws.max_row + 2, 1, "汇总表第 2 行为各列的键（如 requests.total.total），供程序读取。", "note")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 40
