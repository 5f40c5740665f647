"""The three official tables as a Word document, ready to paste into a report (python-docx).

A third rendering of core.table_grid's grid (after the app's table and the workbook): each
block becomes a (merged) Word cell, header words bold, labels left, numbers centred, so the
.docx, the .xlsx and the screen cannot drift apart.
"""
from __future__ import annotations

import io
import os

from .. import schema
from ..atomic import write_atomic
from ..checks.messages import fmt_number
from ..errors import NianbaoError
from ..model import Report
from ..table_grid import HEAD, LABEL, VALUE, Grid, build

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
        _lay_table(document, build(report.layout, table), report.cells)
        if table in report.missing_tables:
            _paragraph(document, MSG_MISSING, SIZE_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _lay_table(document, grid: Grid, cells: dict) -> None:
    # python-docx is imported where it is used: the app loads this module at start, and only
    # a Word export needs python-docx's table machinery.
    from docx.shared import Cm
    from docx.table import _Cell
    table = document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = "Table Grid"
    table.autofit = False
    # cells by grid place, taken once: python-docx's table.cell() walks the whole table
    places = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    scale = PAGE_WIDTH_CM / sum(grid.widths)
    for c, width in enumerate(grid.widths):
        table.columns[c].width = Cm(width * scale)
        for row in places:
            row[c].width = Cm(width * scale)
    for b in grid.blocks:
        value = cells.get(b.key) if b.kind == VALUE else b.text
        _fill(places[b.row][b.col], value, bold=b.kind == HEAD, left=b.kind == LABEL)
    for b in grid.blocks:   # covered places hold no run: merging moves nothing
        if b.rowspan > 1 or b.colspan > 1:
            places[b.row][b.col].merge(places[b.row + b.rowspan - 1][b.col + b.colspan - 1])


def _fill(cell, value, bold: bool, left: bool) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    paragraph = cell.paragraphs[0]
    if value is not None and value != "":   # a blank cell keeps its bare paragraph
        text = fmt_number(value) if isinstance(value, (int, float)) else str(value)
        paragraph.add_run(text).bold = bold
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
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

