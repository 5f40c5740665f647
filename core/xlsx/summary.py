"""The county office's summary workbook of a batch, written streaming: 合计, 报告一览, 明细, 数据, 无法读取, 跨年核对, 说明."""
from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from .. import __version__, schema
from ..atomic import write_atomic
from ..checks.cross_year import cross_year
from ..errors import NianbaoError
from ..names import shown, shown_name
from .style import ERROR_FILL, WARNING_FILL, Stamp, cleaned_note, print_setup, set_widths
from .summary_tables import (data_sheet, detail_sheets, duplicates, sorted_reports, text_cell,
                             total_sheets)

if TYPE_CHECKING:   # the pool's result type; core.batch is above the workbook, not below it
    from ..batch import BatchResult

OVERVIEW = [("序号", 6), ("机关", 22), ("年度", 7), ("文件", 36), ("格式版本", 8), ("错误数", 7), ("警告数", 7),
            ("首个错误", 40), ("已套用的修改", 12), ("重复", 30)]


def write_summary(result: BatchResult, out_path: str) -> None:
    """The county office's workbook (written atomically, never over an input)."""
    if not out_path.lower().endswith(".xlsx"):
        raise NianbaoError(f"输出文件应以 .xlsx 结尾：{shown_name(out_path)}", out_path)
    sources = [r["path"] for r in result.reports + result.failures]
    write_atomic(out_path, lambda tmp: build_summary(result, cross_year(result.reports)).save(tmp),
                 sources=sources, suffix=".xlsx")


def summary_meta(result: BatchResult) -> list[tuple[str, object]]:
    return [("文件总数", result.total), ("成功读取", len(result.reports)),
            ("无法读取", len(result.failures)), ("已跳过（不是报告格式）", len(result.skipped)),
            ("用时（秒）", round(result.seconds, 1)),
            ("生成时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
            ("程序版本", f"年报通 {__version__}")]


def summary_columns(reports: list[dict]) -> list[tuple[str, str]]:
    """(key, Chinese label) for every cell of the layouts present, both layouts' rows
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
    """A write-only workbook (rows streamed as they are made; saved once)."""
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    reports = sorted_reports(result.reports)
    flags = duplicates(reports)
    columns = [key for key, _ in summary_columns(reports)]
    total_sheets(wb, reports)
    _overview_sheet(wb, reports, flags)
    detail_sheets(wb, reports, columns, flags)
    data_sheet(wb, reports, columns)
    _failures_sheet(wb, result.failures + result.skipped)
    _cross_year_sheet(wb, checks)
    _info_sheet(wb, result, flags)
    return wb


def _list_sheet(wb, name: str, header: list[tuple[str, float]], height: float = 0, freeze: str = "A2"):
    """A list sheet with its header row; widths, heights and frozen panes go first: the rows
    are streamed, and what precedes them in the file cannot be changed afterwards."""
    ws = wb.create_sheet(name)
    set_widths(ws, {i: w for i, (_, w) in enumerate(header, start=1)})
    if height:
        ws.row_dimensions[1].height = height
    ws.freeze_panes = freeze
    stamp = Stamp(ws)
    stamp.row([label for label, _ in header], ["head"] * len(header))
    print_setup(ws, "1:1")
    return ws, stamp


def _overview_sheet(wb, reports: list[dict], flags: dict) -> None:
    ws, stamp = _list_sheet(wb, "报告一览", OVERVIEW, freeze="D2")
    kinds = ["num", "plain", "num", "plain", "num", "num", "num", "plain", "plain", "plain"]
    for number, r in enumerate(reports, start=1):   # 序号: how 数据 names the report
        corrected = r.get("project_note") or (f"{r['corrected']} 格" if r.get("corrected") else "")
        values = [number, r["meta"]["agency"], r["meta"]["year"], shown(r["path"]), r["meta"]["layout"],
                  r["errors"], r["warnings"], r["first_error"], corrected, flags.get(r["path"], "")]
        stamp.row(values, kinds, {5: ERROR_FILL if r["errors"] else None,
                                  6: WARNING_FILL if r["warnings"] else None,
                                  9: WARNING_FILL if r["path"] in flags else None})
    ws.auto_filter.ref = f"A1:J{len(reports) + 1}"
    ws.print_title_cols = "A:C"


def _failures_sheet(wb, failures: list[dict]) -> None:
    ws, stamp = _list_sheet(wb, "无法读取", [("文件", 50), ("原因", 60), ("技术细节", 50)])
    for f in failures:
        stamp.row([shown(f["path"]), f["reason"], f["detail"]], ["label"] * 3)
    if not failures:
        stamp.row(["所有文件均已读取。"], ["note"])


CROSS_HEADER = [("机关", 22), ("上年", 7), ("本年", 7), ("申请人", 14), ("上年「四、结转下年度继续办理」", 18),
                ("本年「二、上年结转政府信息公开申请数量」", 22), ("结果", 9), ("上年文件", 40),
                ("本年文件", 40)]


def _cross_year_sheet(wb, checks: list[dict]) -> None:
    ws, stamp = _list_sheet(wb, "跨年核对", CROSS_HEADER, height=45)
    kinds = ["label" if col in (0, 3, 7, 8) else "num" for col in range(len(CROSS_HEADER))]
    for c in checks:
        values = [c["agency"], c["prev_year"], c["year"], c["column"], c["carry_forward"],
                  c["carried_over"], "一致" if c["same"] else "不一致", shown(c["prev_path"]), shown(c["path"])]
        row_kinds = kinds if c["same"] else kinds[:6] + ["error"] + kinds[7:]
        stamp.row(values, row_kinds, None if c["same"] else {6: ERROR_FILL})
    if not checks:
        stamp.row(["没有同一机关相邻两年的报告，无需核对。"], ["note"])


NOTES = ["「表二合计」等三张表为全部报告之和，版式与年报一致，可直接打印（A4 横向，一页宽）。",
         "「表二明细」等三张表每份报告一行，按机关、年度排序；可筛选。黄色底的文件为重复报告，见「报告一览」。",
         "「数据」表每格一行，列出程序使用的单元格键，供其他程序读取；"
         "「序号」即「报告一览」的序号（机关、年度、文件见该表）。"]


def _info_sheet(wb, result: BatchResult, flags: dict) -> None:
    ws = wb.create_sheet("说明")
    set_widths(ws, {1: 14, 2: 60})
    stamp = Stamp(ws)
    for name, value in summary_meta(result) + [("重复报告", len(flags))]:
        stamp.row([name, text_cell(ws, value) if isinstance(value, str) else value], ["head", "label"])
    stamp.row([], [])
    for note in NOTES:
        stamp.row([note], ["note"])
    cleaned = cleaned_note(wb)   # the last sheet: every other cell is written by now
    if cleaned:
        stamp.row([cleaned], ["note"])
