"""One report to one workbook: official tables, long data, findings, corrections, metadata."""
from __future__ import annotations

import os
from datetime import datetime
from typing import Iterable, Optional

from openpyxl import Workbook

from .. import __version__, schema
from ..atomic import write_atomic
from ..errors import NianbaoError
from ..checks.messages import fmt_number, render, render_hint, source_place
from ..model import Finding, Report, Severity
from ..names import shown, shown_name
from .layout import DRAW
from ..checks.rules import rules_by_id
from .style import (ERROR_FILL, LEGEND, WARNING_FILL, add_cleaned_note, fit_row, header_row,
                    mark_corrected, mark_error, mark_warning, print_setup, put)

NOTE_ERROR = "校验错误："
NOTE_DOUBT = "勾稽关系因空白格不成立："
NOTE_HINT = "建议："
LAYOUT_NAMES = {"2019": "2019 版（国办公开办函〔2019〕60号）",
                "2021": "2021 版（国办公开办函〔2021〕30号）"}
DATA_HEADER = ["键", "表", "行", "列", "原文", "数值", "来源位置", "已修改"]
DATA_WIDTHS = [44, 6, 58, 32, 10, 10, 20, 8]
FINDINGS_HEADER = ["严重程度", "说明", "涉及单元格", "建议", "代码", "键"]
FINDINGS_WIDTHS = [9, 70, 40, 40, 26, 40]
CORR_HEADER = ["时间", "单元格", "原值", "新值", "备注", "键"]
CORR_WIDTHS = [18, 48, 10, 10, 30, 44]


def write_report(report: Report, out_path: str, corrections: Optional[list] = None,
                 doc=None) -> None:
    """Write `report` (cells already corrected) to `out_path` atomically; never over the source."""
    if not out_path.lower().endswith(".xlsx"):
        raise NianbaoError(f"输出文件应以 .xlsx 结尾：{shown_name(out_path)}", out_path)
    wb = build_workbook(report, corrections or [], doc)
    sources = [report.source, getattr(doc, "path", None)]
    write_atomic(out_path, wb.save, sources=[s for s in sources if s], suffix=".xlsx")


def build_workbook(report: Report, corrections: list, doc=None) -> Workbook:
    """The workbook in memory: 表二 表三 表四 (official shapes, marked), 数据, 校验, 修改记录, 说明."""
    wb = Workbook()
    wb.remove(wb.active)
    changed = net_changes(corrections)
    findings = report.findings + report.notices
    failing = error_notes(findings)
    doubtful = rule_warning_notes(findings, report.layout)
    hints = hint_notes(findings)
    ocr_checks = ocr_check_notes(findings)
    subtitle = _subtitle(report)
    for table in schema.TABLES:
        ws = wb.create_sheet(schema.TABLE_SHORT[table])
        positions, end = DRAW[table](ws, report.layout, report.cells, subtitle)
        if table in report.missing_tables:
            put(ws, end + 1, 1, "报告中未找到此表，表中各格均为空白。", "note")
        _lay_marks(ws, positions, changed, failing, doubtful, hints, ocr_checks)
    _data_sheet(wb.create_sheet("数据"), report, changed)
    _findings_sheet(wb.create_sheet("校验"), report)
    _corrections_sheet(wb.create_sheet("修改记录"), report.layout, corrections)
    _meta_sheet(wb.create_sheet("说明"), report, corrections, doc)
    add_cleaned_note(wb)
    return wb


# ---------------------------------------------------------------- marks
def net_changes(corrections: Iterable) -> dict[str, tuple]:
    """key → (original value, current value, last time, notes) for cells whose value changed."""
    out: dict[str, tuple] = {}
    for c in corrections:
        first = out.get(c.key)
        old = first[0] if first else c.old
        notes = (first[3] if first else []) + ([c.note] if c.note else [])
        out[c.key] = (old, c.new, c.time, notes)
    return {k: v for k, v in out.items() if not _same(v[0], v[1])}


def _same(a, b) -> bool:
    return a is b if a is None or b is None else a == b


def error_notes(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """key → the messages of the errors that name it."""
    out: dict[str, list[str]] = {}
    for f in findings:
        if f.severity is Severity.ERROR:
            for key in f.cells:
                out.setdefault(key, []).append(f.message or render(f))
    return out


def rule_warning_notes(findings: Iterable[Finding], layout: str) -> dict[str, list[str]]:
    """key → messages of the 勾稽 rules that fail only for a blank the sums pin down (warnings)."""
    ids = rules_by_id(layout) if layout in schema.LAYOUTS else {}
    out: dict[str, list[str]] = {}
    for f in findings:
        if f.severity is not Severity.ERROR and f.code in ids:
            for key in f.cells:
                out.setdefault(key, []).append(f.message or render(f))
    return out


def ocr_check_notes(findings: Iterable[Finding]) -> dict[str, str]:
    """key → "请核对：…" for the numbers OCR read with little confidence or under a seal
    (core/ocr/doubt.py)."""
    return {key: f.message or render(f) for f in findings if f.code.startswith("ocr.")
            for key in f.cells}


def hint_notes(findings: Iterable[Finding]) -> dict[str, str]:
    """key → the repair hint sentence for the one cell a hint names."""
    return {f.hint["key"]: render_hint(f.hint) for f in findings if f.hint}


def format_time(value) -> str:
    """ISO time (or datetime) → 2024-05-01 10:22, as a person writes it."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value or "")


def corrected_note(change: tuple) -> str:
    old, _, time, notes = change
    text = f"原值：{fmt_number(old)}（修改于 {format_time(time)}）"
    return text + "".join(f"\n备注：{n}" for n in notes)


def focus_cells(failing: dict[str, list[str]], hints: dict) -> set[str]:
    """The cells to look at first: those named by the most errors (granted.natural, in both its
    row and its column rule, not the other 24 cells of that column), and a hint's cell."""
    most = max((len(v) for v in failing.values()), default=0)
    return {k for k, v in failing.items() if len(v) == most} | (set(hints) & set(failing))


def _lay_marks(ws, positions: dict, changed: dict, failing: dict, doubtful: dict,
               hints: dict, ocr_checks: dict) -> None:
    focus = focus_cells(failing, hints)
    for key, (row, col) in positions.items():
        cell = ws.cell(row=row, column=col)
        if key in failing:
            mark_error(cell, NOTE_ERROR + "\n".join(failing[key]), key in focus)
        elif key in doubtful:
            mark_warning(cell, NOTE_DOUBT + "\n".join(doubtful[key]))
        if key in hints:
            mark_warning(cell, NOTE_HINT + hints[key], fill=key not in failing)
        if key in ocr_checks:   # 请核对: the scan's number, read with little confidence
            mark_warning(cell, ocr_checks[key], fill=key not in failing)
        if key in changed:   # after the error mark: a corrected cell stays blue, framed in red
            mark_corrected(cell, corrected_note(changed[key]))


# ---------------------------------------------------------------- where a cell came from
def row_name(row: schema.Row) -> str:
    """The row as a person names it: （三）不予公开 1.属于国家秘密, 行政诉讼 · 复议后起诉."""
    if row.table == "requests" and row.group.startswith("（"):
        return f"{row.group} {row.label}"
    if row.table == "appeals" and row.group:
        return f"{row.group} · {row.label}"
    return row.label


def column_name(info: schema.CellInfo) -> str:
    if info.table == "requests" and info.column.key in schema.APPLICANT_COLUMNS[1:]:
        return f"法人或其他组织 · {info.column.label}"
    return info.column.label


# ---------------------------------------------------------------- long sheets
def _data_sheet(ws, report: Report, changed: dict) -> None:
    header_row(ws, 1, DATA_HEADER, DATA_WIDTHS)
    infos = schema.cell_info(report.layout)
    for i, key in enumerate(schema.cell_keys(report.layout), start=2):
        info = infos[key]
        value = report.cells.get(key)
        values = [key, schema.TABLE_SHORT[info.table], row_name(info.row), column_name(info),
                  report.raw.get(key), value, source_place(report.provenance.get(key)),
                  "是" if key in changed else "否"]
        _put_row(ws, i, values, DATA_WIDTHS, numeric=(6,))
    _list_sheet_setup(ws, len(DATA_HEADER))


def _findings_sheet(ws, report: Report) -> None:
    header_row(ws, 1, FINDINGS_HEADER, FINDINGS_WIDTHS)
    findings = sorted(report.findings + report.notices, key=lambda f: f.severity is not Severity.ERROR)
    infos = schema.cell_info(report.layout)
    for i, f in enumerate(findings, start=2):
        labels = "、".join(schema.cell_label(report.layout, k) if k in infos else k for k in f.cells)
        values = [f.severity.label, f.message or render(f), labels,
                  render_hint(f.hint) if f.hint else "", f.code, "、".join(f.cells)]
        _put_row(ws, i, values, FINDINGS_WIDTHS)
        ws.cell(row=i, column=1).fill = ERROR_FILL if f.severity is Severity.ERROR else WARNING_FILL
    if not findings:
        put(ws, 2, 1, "未发现问题。", "note")
    _list_sheet_setup(ws, len(FINDINGS_HEADER))


def _corrections_sheet(ws, layout: str, corrections: list) -> None:
    header_row(ws, 1, CORR_HEADER, CORR_WIDTHS)
    infos = schema.cell_info(layout)
    for i, c in enumerate(corrections, start=2):
        label = schema.cell_label(layout, c.key) if c.key in infos else c.key
        values = [format_time(c.time), label, c.old, c.new, c.note, c.key]
        _put_row(ws, i, values, CORR_WIDTHS, numeric=(3, 4))
    if not corrections:
        put(ws, 2, 1, "没有人工修改。", "note")
    _list_sheet_setup(ws, len(CORR_HEADER))


def _put_row(ws, row: int, values: list, widths: list, numeric: tuple = ()) -> None:
    for col, v in enumerate(values, start=1):
        put(ws, row, col, v, "num" if col in numeric else "label")
    fit_row(ws, row, [(v, w) for v, w in zip(values, widths) if isinstance(v, str)])


def _list_sheet_setup(ws, ncols: int) -> None:
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{ws.cell(row=ws.max_row, column=ncols).coordinate}"
    print_setup(ws, "1:1")


# ---------------------------------------------------------------- metadata
def _subtitle(report: Report) -> str:
    year = f"{report.year} 年度" if report.year else "年度不详"
    return f"{report.agency or '机关不详'}　{year}　{LAYOUT_NAMES.get(report.layout, report.layout)}"


def metadata(report: Report, corrections: list, doc=None) -> list[tuple[str, object]]:
    errors = sum(f.severity is Severity.ERROR for f in report.findings + report.notices)
    rows = [("机关", report.agency), ("年度", report.year),
            ("格式版本", LAYOUT_NAMES.get(report.layout, report.layout)),
            ("源文件", shown(os.path.abspath(report.source)) if report.source else ""),
            ("源文件格式", report.format.upper())]
    if doc is not None and getattr(doc, "pages", 0):
        rows.append(("页数", doc.pages))
    missing = "、".join(schema.TABLE_SHORT.get(t, t) for t in report.missing_tables)
    rows += [("未找到的表", missing or "无"), ("错误数", errors),
             ("警告数", len(report.findings + report.notices) - errors),
             ("人工修改数", len(corrections)),
             ("生成时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
             ("程序版本", f"年报通 {__version__}")]
    return rows


def _meta_sheet(ws, report: Report, corrections: list, doc) -> None:
    for i, (name, value) in enumerate(metadata(report, corrections, doc), start=1):
        put(ws, i, 1, name, "head")
        put(ws, i, 2, value, "label")
    row = ws.max_row + 2
    for line in SHEET_GUIDE:
        put(ws, row, 1, line, "note")
        row += 1
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 70
    print_setup(ws)


SHEET_GUIDE = (
    "表二、表三、表四：按官方格式排版的统计表，行列名称为官方名称（不照抄报告中的错别字）。",
    LEGEND,
    "数据：每个单元格一行，键（如 requests.total.total）供程序读取。",
    "校验：勾稽关系与数值检查发现的问题；修改记录：每一次人工修改。",
)
