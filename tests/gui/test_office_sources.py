"""The source pane for the office formats: a workbook as its sheets' grid, an OFD drawn from its
own text and lines; the selected cell lit there, and a click there selecting the table cell."""
from __future__ import annotations

import pathlib

from PySide6.QtCore import QPoint, QPointF, Qt

from core.extract.numbers import parse_cell

OFFICE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "office"
XLSX = OFFICE / "xlsx" / "石桥镇-2021.xlsx"
OFD = OFFICE / "ofd" / "青石镇-2019.ofd"


def test_workbook_shows_as_sheets_with_the_cell_lit_two_way(qtbot, win, opener):
    session = opener.ok(win, XLSX)
    source = win.ui.source
    assert source.currentWidget() is source.sheet
    assert [source.sheet.tabText(i) for i in range(source.sheet.count())] == ["表二", "表三", "表四"]
    key = "requests.total.natural"
    ref = session.report.provenance[key]
    win.select_key(key)
    assert source.sheet.lit == (ref.sheet, ref.row, ref.col)
    grid = source.sheet.currentWidget()
    assert source.sheet.tabText(source.sheet.currentIndex()) == ref.sheet == "表三"
    assert parse_cell(grid.item(ref.row, ref.col).text()).value == session.report.cells[key]
    assert grid.item(ref.row, ref.col).font().bold()
    # a click on another number's sheet cell selects it in the table view
    other = "requests.new.business"
    oref = session.report.provenance[other]
    assert oref.sheet == "表三"
    grid.cellClicked.emit(oref.row, oref.col)
    view = win.ui.views["requests"]
    assert view.model().key_at(view.currentIndex()) == other
    assert source.sheet.lit == (oref.sheet, oref.row, oref.col)


def test_ofd_pages_drawn_from_their_content_and_lit_two_way(qtbot, win, opener):
    session = opener.ok(win, OFD)
    pdf = win.ui.source.pdf
    assert win.ui.source.currentWidget() is pdf
    assert len(pdf.tops) == session.doc.pages >= 2
    key = "requests.total.natural"
    ref = session.report.provenance[key]
    win.select_key(key)
    assert pdf.lit_key == key
    pdf.render_pending()
    image = pdf._cache[ref.page][1].pixmap().toImage()
    assert image.width() > 100
    # ink where the number is drawn (the page is painted from the OFD's own characters)
    x0, top, x1, bottom = ref.bbox
    ratio = pdf._cache[ref.page][0]
    dark = sum(image.pixelColor(int(x * ratio), int(y * ratio)).lightness() < 128
               for x in range(int(x0), int(x1) + 1) for y in range(int(top), int(bottom) + 1))
    assert dark > 0
    other = "requests.new.business"
    bx0, btop, bx1, bbottom = session.report.provenance[other].bbox
    page = session.report.provenance[other].page
    point = QPointF((bx0 + bx1) / 2, pdf.tops[page] + (btop + bbottom) / 2)
    pdf.centerOn(point)
    centre = pdf.mapFromScene(point)
    qtbot.mouseClick(pdf.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(centre.x(), centre.y()))
    view = win.ui.views["requests"]
    assert view.model().key_at(view.currentIndex()) == other


def test_glued_row_cut_chosen_in_one_click_and_undone(qtbot, win, opener, tmp_path):
    from tests.core.test_glued import CORPUS, _glued_copy
    session = opener.ok(win, _glued_copy(CORPUS / "梨树镇-2021.txt", tmp_path))
    bar = win.ui.findings.choice_bar
    assert not bar.isHidden() and [b.text() for b in bar.buttons][0] == "1 / 1 / 26"
    assert "行政规范性文件" in bar.label.text()
    keys = ("active.normative.issued", "active.normative.repealed", "active.normative.in_force")
    assert all(session.report.cells[k] is None for k in keys)
    bar.buttons[1].click()                                   # 1 / 12 / 6
    assert [session.report.cells[k] for k in keys] == [1, 12, 6]
    assert win.stack.count() == 1
    win.stack.undo()
    assert all(session.report.cells[k] is None for k in keys)
