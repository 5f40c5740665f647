"""The three official tables as a Word document, ready to paste into a report (python-docx).

The shapes are the workbook's (core.xlsx.layout draws them); each table is drawn on a sheet
in memory and laid into Word cell by cell, merges and bold header words included, so the
.docx and the .xlsx cannot drift apart.
"""
from __future__ import annotations

import io
import os
from typing import Optional

from .. import schema
from ..atomic import write_atomic
from ..checks.messages import fmt_number
from ..errors import NianbaoError
from ..model import Report
from ..xlsx.layout import DRAW

FONT = "宋体"
SIZE_PT = 9            # 小五: what reports print their tables in
PAGE_WIDTH_CM = 25.7   # A4 landscape less 2 cm margins
MSG_OUT_DOCX = "输出文件应以 .docx 结尾：{name}"
MSG_MISSING = "（报告中未找到此表，表中各格均为空白。）"
HEADING = "{agency}{year}政府信息公开工作年度报告 统计表"


def write_official_tables(report: Report, out_path: str, sources=()) -> None:
    """Write the official tables of `report` (cells already corrected) to a .docx, atomically."""
    if not out_path.lower().endswith(".docx"):
        raise NianbaoError(MSG_OUT_DOCX.format(name=os.path.basename(out_path)), out_path)
    blob = official_tables_bytes(report)

    def save(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(blob)
    write_atomic(out_path, save, sources=[report.source, *sources], suffix=".docx")


def official_tables_bytes(report: Report) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _set_font(document.styles["Normal"], SIZE_PT)
    year = f"{report.year}年" if report.year else ""
    _paragraph(document, HEADING.format(agency=report.agency or "", year=year), 14, bold=True,
               center=True)
    for i, table in enumerate(schema.TABLES):
        title = _paragraph(document, schema.TABLE_TITLES[table], 12, bold=True)
        title.paragraph_format.page_break_before = i > 0   # one table a page, as pasted
        title.paragraph_format.keep_with_next = True
        _lay_table(document, _drawn_sheet(report, table))
        if table in report.missing_tables:
            _paragraph(document, MSG_MISSING, SIZE_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _drawn_sheet(report: Report, table: str):
    """The table drawn as the workbook draws it; the rows above `first` are the sheet's title."""
    from openpyxl import Workbook
    ws = Workbook().active
    cells = {k: v for k, v in report.cells.items()}
    DRAW[table](ws, report.layout, cells, "")
    return ws


def _table_rows(ws) -> tuple[int, int]:
    """(first, last) sheet rows of the table itself: the bordered ones."""
    rows = [r for r in range(1, ws.max_row + 1)
            if any(ws.cell(r, c).border.left.style for c in range(1, ws.max_column + 1))]
    return rows[0], rows[-1]


def _lay_table(document, ws) -> None:
    from docx.shared import Cm
    from docx.table import _Cell
    first, last = _table_rows(ws)
    ncols = ws.max_column
    table = document.add_table(rows=last - first + 1, cols=ncols)
    table.style = "Table Grid"
    table.autofit = False
    # cells by grid place, taken once: python-docx's table.cell() walks the whole table
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    widths = [ws.column_dimensions[_letter(c)].width or 8 for c in range(1, ncols + 1)]
    scale = PAGE_WIDTH_CM / sum(widths)
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width * scale)
        for row in grid:
            row[c].width = Cm(width * scale)
    for r in range(first, last + 1):
        for c in range(1, ncols + 1):
            _fill(grid[r - first][c - 1], ws.cell(r, c))
    for rng in ws.merged_cells.ranges:   # covered cells hold no run: merging moves nothing
        if rng.min_row >= first:
            grid[rng.min_row - first][rng.min_col - 1].merge(
                grid[rng.max_row - first][rng.max_col - 1])


def _fill(cell, source) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    value = source.value
    paragraph = cell.paragraphs[0]
    if value is not None:   # a covered or blank cell keeps its bare paragraph
        text = fmt_number(value) if isinstance(value, (int, float)) else str(value)
        paragraph.add_run(text).bold = bool(source.font and source.font.bold)
    horizontal = source.alignment.horizontal if source.alignment else None
    paragraph.alignment = (WD_ALIGN_PARAGRAPH.LEFT if horizontal == "left"
                           else WD_ALIGN_PARAGRAPH.CENTER)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def _paragraph(document, text: str, size: float, bold: bool = False, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _set_font(style, size: float) -> None:
    """宋体 for Latin and East Asian text alike (python-docx sets only the Latin name)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt
    style.font.name, style.font.size = FONT, Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), FONT)


def _letter(c: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(c)


def official_tables_name(report: Report, source: Optional[str] = None) -> str:
    """A suggested file name: 报告名-统计表.docx beside the source."""
    base = os.path.splitext(os.path.basename(source or report.source))[0]
    return f"{base}-统计表.docx"
