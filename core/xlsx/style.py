"""Cell styles, safe text, marks and print setup shared by the report and the batch workbooks."""
from __future__ import annotations

import math
import re
from copy import copy
from typing import Optional

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT = "宋体"          # the official tables are set in 宋体; Excel/WPS on Chinese Windows have it
SIZE = 10

_THIN = Side(style="thin", color="000000")
_THICK_RED = Side(style="medium", color="C00000")
_ORANGE = Side(style="medium", color="ED7D31")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
ERROR_BORDER = Border(left=_THICK_RED, right=_THICK_RED, top=_THICK_RED, bottom=_THICK_RED)
WARNING_BORDER = Border(left=_ORANGE, right=_ORANGE, top=_ORANGE, bottom=_ORANGE)

HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
CORRECTED_FILL = PatternFill("solid", fgColor="DDEBF7")   # light blue: a person changed it
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")       # light red: in a failing rule
WARNING_FILL = PatternFill("solid", fgColor="FFF2CC")

FONTS = {
    "title": Font(name=FONT, size=14, bold=True),
    "head": Font(name=FONT, size=SIZE, bold=True),
    "label": Font(name=FONT, size=SIZE),
    "num": Font(name=FONT, size=SIZE),
    "text": Font(name=FONT, size=SIZE),
    "plain": Font(name=FONT, size=SIZE),
    "note": Font(name=FONT, size=9, color="595959"),
    "key": Font(name="Consolas", size=8, color="808080"),
    "error": Font(name=FONT, size=SIZE, bold=True, color="9C0006"),
}
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
ALIGN = {
    "title": Alignment(horizontal="center", vertical="center"),
    "head": _CENTER,
    "label": Alignment(horizontal="left", vertical="center", wrap_text=True),
    "num": Alignment(horizontal="center", vertical="center"),
    "text": Alignment(horizontal="left", vertical="top", wrap_text=True),
    "plain": Alignment(horizontal="left", vertical="center"),
    "note": Alignment(horizontal="left", vertical="center", wrap_text=False),
    "key": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "error": Alignment(horizontal="center", vertical="center"),
}
BORDERED = {"head", "label", "num", "plain", "error"}

INT_FORMAT = "0"
DECIMAL_FORMAT = "0.0###"     # amounts in 万元: up to 4 decimals, no trailing zeros, no "25."

LEGEND = ("图例：浅蓝底 = 人工修改过（批注为原值）；浅红底 = 所在的勾稽关系不成立，"
          "其中粗红框、粗体 = 最可能出错的格；浅黄底、橙框 = 只因空白格不成立，或建议修改的格"
          "（批注为应填的数）；空白 = 报告未填写。")

FORMULA_STARTS = ("=", "+", "-", "@")


# Characters XML 1.0 cannot hold (openpyxl refuses them, Excel could not open the file):
# C0 controls as their visible Unicode pictures (\x01 → ␁), the rest as �.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CLEANED_NOTE = ("注意：有 {n} 个字符是表格文件无法保存的控制字符或无效字符，已显示为 ␁、� 这样的"
                "可见符号（源文件未改动）。")


def clean_text(text: str, wb=None) -> str:
    """`text` with every character a workbook cannot hold made visible; counted on `wb`."""
    if not _NOT_XML.search(text):
        return text
    count = len(_NOT_XML.findall(text))
    if wb is not None:
        wb.__dict__["_nianbao_cleaned"] = wb.__dict__.get("_nianbao_cleaned", 0) + count
    return _NOT_XML.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "\ufffd",
                        text)


def cleaned_note(wb) -> Optional[str]:
    """How many characters had to be made visible, as a notice (None when none were)."""
    count = wb.__dict__.get("_nianbao_cleaned", 0)
    return CLEANED_NOTE.format(n=count) if count else None


def add_cleaned_note(wb, sheet: str = "说明") -> None:
    """Say on the 说明 sheet how many characters had to be made visible (when any were)."""
    note = cleaned_note(wb)
    if note:
        ws = wb[sheet]
        put(ws, ws.max_row + 2, 1, note, "note")


def set_value(cell, value) -> None:
    """Store a value: numbers as numbers, and text that looks like a formula as plain text.

    Text from a document that starts with = + - @ would otherwise become a formula (openpyxl
    writes any str starting with "=" as one) or turn into one when a person edits the cell.
    """
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    if isinstance(value, str):
        value = clean_text(value, cell.parent.parent)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True   # Excel shows it as text even after editing


def number_format(value) -> str:
    """Integers as integers; a decimal amount with up to 4 decimals."""
    if isinstance(value, float) and not value.is_integer():
        return DECIMAL_FORMAT
    return INT_FORMAT


def put(ws, row: int, col: int, value, kind: str = "text"):
    """Write one cell with one of the named styles (title, head, label, num, text, note, key)."""
    return stamp_for(ws)(ws.cell(row=row, column=col), value, kind)


def put_style(cell, kind: str, value=None):
    cell.font = FONTS[kind]
    cell.alignment = ALIGN[kind]
    if kind in BORDERED:
        cell.border = BORDER
    if kind == "head":
        cell.fill = HEAD_FILL
    if kind == "num" and isinstance(value, (int, float)):
        cell.number_format = number_format(value)
    return cell


class Stamp:
    """The styles of `put` computed once per workbook and stamped onto cells: setting a font,
    a border and an alignment on each of the summary's 100 000 cells costs openpyxl a hash of
    every style object per cell (seconds for a 500-report batch); copying the style indices
    of one styled cell costs nothing."""

    def __init__(self, ws):
        self.ws = ws
        self._arrays: dict[tuple, object] = {}

    def __call__(self, cell, value, kind: str, fill: Optional[PatternFill] = None):
        fmt = number_format(value) if kind == "num" and isinstance(value, (int, float)) else None
        key = (kind, fmt, fill.fgColor.rgb if fill else None)
        array = self._arrays.get(key)
        if array is None:
            model = Cell(self.ws)
            put_style(model, kind, value)
            if fill:
                model.fill = fill
            array = self._arrays[key] = model._style
        cell._style = copy(array)
        set_value(cell, value)   # after the style: quotePrefix for formula-like text
        return cell

    def row(self, values, kinds, fills=None, plain=()) -> None:
        """Append one styled row: ws.append of ready cells (ws.cell() per cell, or reading
        ws[row] back, cost seconds on a 500-report batch). `plain` numbers follow unstyled:
        a styled cell costs openpyxl twice a plain one, which counts over 100 000 cells."""
        fills = fills or {}
        self.ws.append([self(Cell(self.ws, row=1, column=i + 1), v, kind, fills.get(i))
                        for i, (v, kind) in enumerate(zip(values, kinds))]
                       + [int(v) if isinstance(v, float) and v.is_integer() else v for v in plain])


def stamp_for(ws) -> Stamp:
    """The worksheet's Stamp (made on first use)."""
    stamp = ws.__dict__.get("_nianbao_stamp")
    if stamp is None:
        stamp = ws.__dict__["_nianbao_stamp"] = Stamp(ws)
    return stamp


def styled(wb, cell, value, kind: str):
    """Like `put`, for a cell already at hand."""
    return stamp_for(cell.parent)(cell, value, kind)


def merge(ws, r1: int, c1: int, r2: int, c2: int, value, kind: str = "head"):
    """Write a value over a block of cells and merge it; every covered cell gets the border,
    because Excel draws a merged range's outline from the cells it covers."""
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            put(ws, r, c, value if (r, c) == (r1, c1) else None, kind)
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    return ws.cell(row=r1, column=c1)


def add_comment(cell, text: str) -> None:
    """Add (or extend) the cell's comment."""
    text = clean_text(text, cell.parent.parent)
    if cell.comment is not None:
        text = cell.comment.text + "\n" + text
    comment = Comment(text, "年报通")
    comment.width, comment.height = 260, 90
    cell.comment = comment


def mark_corrected(cell, note: str) -> None:
    cell.fill = CORRECTED_FILL
    add_comment(cell, note)


def mark_error(cell, note: str, focus: bool = True) -> None:
    """A cell of a failing rule: light red. The likeliest culprits (`focus`: in the most failing
    rules) also get bold dark-red digits and a thick red frame — not by colour alone, and a
    column of 25 equally red cells would not say where to look."""
    cell.fill = ERROR_FILL
    if focus:
        cell.font = FONTS["error"]
        cell.border = ERROR_BORDER
    add_comment(cell, note)


def mark_warning(cell, note: str, fill: bool = True) -> None:
    """A doubt, not a contradiction: light yellow and an orange frame (a red frame stays)."""
    if fill:
        cell.fill = WARNING_FILL
        cell.border = WARNING_BORDER
    add_comment(cell, note)


def set_widths(ws, widths: dict) -> None:
    """Column widths by 1-based index or letter."""
    for col, width in widths.items():
        letter = get_column_letter(col) if isinstance(col, int) else col
        ws.column_dimensions[letter].width = width


def text_width(text: str) -> int:
    """Width in Excel units (a CJK character is about two digits wide)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def fit_row(ws, row: int, cells: list[tuple[str, float]], line_height: float = 14.0) -> None:
    """Set a row tall enough for wrapped labels: (text, width available) pairs.

    Excel does not autofit rows that hold merged cells, so long labels would be cut off.
    """
    lines = max((math.ceil(text_width(t) / max(w - 1.5, 1.0)) for t, w in cells if t), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = lines * line_height + 2


def title_block(ws, title: str, subtitle: str, ncols: int, width: float = 0) -> int:
    """Title, report line and legend above a table; returns the first free row.

    The legend wraps within the table's `width` (sum of its column widths): left to run on,
    it widens the printed page and fit-to-width shrinks the table to match."""
    merge(ws, 1, 1, 1, ncols, title, "title")
    ws.row_dimensions[1].height = 24
    put(ws, 2, 1, subtitle, "note")
    legend = merge(ws, 3, 1, 3, ncols, LEGEND, "note")
    legend.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    if width:
        lines = math.ceil(text_width(LEGEND) * 0.9 / max(width - 2, 1))   # 9 pt in 10 pt columns
        ws.row_dimensions[3].height = 12.5 * lines + 2
    return 5


def print_setup(ws, title_rows: Optional[str] = None, fit_height: int = 0,
                fit_width: bool = True) -> None:
    """A4 landscape, one page wide (unless the sheet is a wide list), header rows on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4   # also on write-only sheets
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = fit_height
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if title_rows:
        ws.print_title_rows = title_rows


def header_row(ws, row: int, labels: list[str], widths: Optional[list[float]] = None) -> None:
    """A plain list header (for the long sheets), frozen below it and filterable."""
    for col, label in enumerate(labels, start=1):
        put(ws, row, col, label, "head")
    if widths:
        set_widths(ws, dict(enumerate(widths, start=1)))
