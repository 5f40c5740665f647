"""Workbook reader (.xlsx, .xls, WPS .et): each visible sheet's rows into the DOCX document model.

A sheet holds the tables one under another (or one table a sheet), with headings in rows of
their own and merged header cells. Rows are cut into blocks: a row whose only cell is a heading
or a sentence becomes a paragraph, runs of other rows a table whose cells keep their sheet
coordinates, so a number's source reads 表三!C7. A CJK sheet name (表二, 表三) is a heading too.
"""
from __future__ import annotations

import dataclasses
import datetime
import io
import re
from typing import Iterator, Optional

from .. import limits
from ..errors import Cancelled, UnreadableFile, UnsupportedFormat
from ..model import Paragraph, SourceDocument, Table
from .docx import _TextBuilder
from .docx_embedded import GridCell

MAX_CELLS = 200_000        # a report's tables are a few hundred cells; a data dump is not one
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|表[一二三四五]|[（(][一二三四五六七八九十]+[)）])")
_SENTENCE = 26             # a lone text longer than this is narrative, not a table's label
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENCRYPTED = "表格文件已加密（设置了打开密码），无法读取。请在 Excel/WPS 中取消密码后另存，再打开。"


@dataclasses.dataclass
class Sheet:
    """A sheet as text: cells by (row, col) (0-based) and merged ranges (r0, c0, r1, c1) inclusive."""

    name: str
    cells: dict
    merged: list


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read an .xlsx (zip) or .xls/.et (BIFF) workbook."""
    sheets = list(workbook_sheets(data))
    out = _TextBuilder()
    names: dict[int, str] = {}
    for done, sheet in enumerate(sheets):
        if cancelled is not None and cancelled():
            raise Cancelled()
        if _CJK.search(sheet.name):
            out.paragraph(sheet.name.strip())
        for kind, item in sheet_blocks(sheet):
            if kind == "paragraph":
                text, row, col = item
                before = len(out.blocks)
                out.paragraph(text)
                if len(out.blocks) > before:   # the app's grid shows headings in their cells too
                    ref = out.blocks[-1].ref
                    out.blocks[-1].ref = dataclasses.replace(ref, sheet=sheet.name, row=row, col=col)
            else:
                names[out._tables] = sheet.name
                out.table(item)
        if progress is not None:
            progress(done + 1, len(sheets))
    _name_sheets(out.blocks, names)
    fmt = "xlsx" if data[:4] == b"PK\x03\x04" else "xls"
    return SourceDocument(path=path, format=fmt, text=out.text(), blocks=out.blocks)


def _name_sheets(blocks: list, names: dict[int, str]) -> None:
    """Every table cell's ref names its sheet (the builder numbers tables, not sheets)."""
    for block in blocks:
        if isinstance(block, Table):
            sheet = names.get(block.ref.table)
            for row in block.rows:
                for cell in row:
                    cell.ref = dataclasses.replace(cell.ref, sheet=sheet)


def workbook_sheets(data: bytes) -> Iterator[Sheet]:
    """The visible sheets of an .xlsx (zip) or .xls/.et (BIFF) workbook."""
    return _xlsx_sheets(data) if data[:4] == b"PK\x03\x04" else _xls_sheets(data)


def sheet_blocks(sheet: Sheet) -> Iterator[tuple[str, object]]:
    """("paragraph", (text, row, col)) and ("table", grid of GridCell) in row order."""
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merged}
    covered = {(r, c) for r0, c0, r1, c1 in sheet.merged for r in range(r0, r1 + 1)
               for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    by_row: dict[int, list[int]] = {}
    for (r, c), text in sheet.cells.items():
        if text and (r, c) not in covered:
            by_row.setdefault(r, []).append(c)
    grid: list[list[GridCell]] = []
    last = None
    for r in sorted(by_row):
        cols = sorted(by_row[r])
        lone = sheet.cells[(r, cols[0])] if len(cols) == 1 else None
        if lone is not None and _is_paragraph(lone) and spans.get((r, cols[0]), (1, 1))[0] == 1:
            if grid:
                yield "table", grid
                grid = []
            yield "paragraph", (lone, r, cols[0])
            continue
        if grid and last is not None and r > last + 1:
            yield "table", grid          # an empty row between two tables
            grid = []
        row = []
        for c in cols:
            rowspan, colspan = spans.get((r, c), (1, 1))
            row.append(GridCell(sheet.cells[(r, c)], r, c, rowspan, colspan))
        grid.append(row)
        bottom = max(r + spans.get((r, c), (1, 1))[0] - 1 for c in cols)
        last = bottom if last is None else max(last, bottom)
    if grid:
        yield "table", grid


def _is_paragraph(text: str) -> bool:
    t = text.strip()
    return bool(_HEADING.match(t)) or len(t) > _SENTENCE or "报告" in t


def _text(value) -> str:
    """A cell value as the sheet shows it: whole numbers without .0, text as typed."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    lines = [" ".join(line.split()) for line in str(value).replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


def _xlsx_sheets(data: bytes) -> Iterator[Sheet]:
    import openpyxl

    limits.check_zip(data, what="Excel 表格")   # before openpyxl inflates every part
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:   # noqa: BLE001 — a damaged package, whatever the library says
        raise UnreadableFile("Excel 表格已损坏，无法读取。", f"{type(exc).__name__}: {exc}") from None
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        if (ws.max_row or 0) * (ws.max_column or 0) > MAX_CELLS:
            raise UnreadableFile("表格太大，不像是一份年度报告。", f"{ws.title}: {ws.max_row}x{ws.max_column}")
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                text = _text(cell.value)
                if text:
                    cells[(cell.row - 1, cell.column - 1)] = text
        merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                  for m in ws.merged_cells.ranges]
        yield Sheet(ws.title, cells, merged)


def _xls_sheets(data: bytes) -> Iterator[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise UnreadableFile(_ENCRYPTED, str(exc)) from None
        raise UnsupportedFormat("这个表格文件不是 Excel 兼容格式（可能是 WPS 专有格式），无法读取。"
                                "请在 WPS 中另存为 .xlsx 后再打开。", str(exc)) from None
    except Exception as exc:   # noqa: BLE001
        raise UnreadableFile("Excel 表格已损坏，无法读取。", f"{type(exc).__name__}: {exc}") from None
    for index in range(book.nsheets):
        ws = book.sheet_by_index(index)
        if getattr(ws, "visibility", 0) != 0:
            continue
        if ws.nrows * ws.ncols > MAX_CELLS:
            raise UnreadableFile("表格太大，不像是一份年度报告。", f"{ws.name}: {ws.nrows}x{ws.ncols}")
        cells = {}
        for r in range(ws.nrows):
            for c, cell in enumerate(ws.row(r)):
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BOOLEAN):
                    value = None
                text = _text(value)
                if text:
                    cells[(r, c)] = text
        merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in ws.merged_cells]
        yield Sheet(ws.name, cells, merged)


def is_own_output(path: str) -> bool:
    """A workbook 年报通 wrote (an export: 数据 + 说明; a batch summary: 汇总 + 说明): a
    folder scan skips it rather than read it back as a report."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as z:
            if z.getinfo("xl/workbook.xml").file_size > 1024 * 1024:
                return False   # not ours; the reader's zip caps judge it
            names = set(re.findall(r'<sheet\b[^>]*\bname="([^"]+)"', z.read("xl/workbook.xml").decode("utf-8")))
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return False
    return "说明" in names and bool(names & {"数据", "汇总"})

