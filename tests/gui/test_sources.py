"""Every source format beside the tables: the selected cell's place lit, a click back; a long PDF read off the UI thread."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPushButton

from gui_fixtures import DOCX, HTML, PDF_10P, PDF_REPORT


@pytest.mark.parametrize("path", [DOCX, HTML], ids=["docx", "html"])
def test_text_sources_light_the_cell_span_and_clicks_come_back(qtbot, win, opener, path):
    session = opener.ok(win, path)
    text = win.ui.source.text
    assert win.ui.source.currentWidget() is text
    keys = [k for k in session.report.provenance if k.startswith(("requests.", "appeals."))][::9]
    assert len(keys) > 5
    for key in keys:
        ref = session.report.provenance[key]
        win.select_key(key)
        selections = text.extraSelections()   # held: the cursor lives as long as the list
        lit = selections[-1].cursor
        assert text.lit == (ref.start, ref.end)
        assert lit.selectedText() == session.report.raw[key], key
        assert text.viewport().rect().contains(text.cursorRect(lit).center()), key   # scrolled to it
    # and back: a click on a number in the text selects its cell
    key = keys[len(keys) // 2]
    ref = session.report.provenance[key]
    cur = QTextCursor(text.document())
    cur.setPosition(ref.start)
    text.setTextCursor(cur)
    text.centerCursor()
    win.select_key("active.regulations.new_made")
    point = text.cursorRect(cur).center() + QPoint(2, 0)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    view = win.view_of(key)
    assert view.model().key_at(view.currentIndex()) == key


def test_a_whole_pdf_report_every_table_lit_on_its_page(qtbot, win, opener):
    session = opener.ok(win, PDF_REPORT)
    pdf = win.ui.source.pdf
    assert win.ui.source.currentWidget() is pdf
    for table in ("active", "requests", "appeals"):
        key = next(k for k in session.report.provenance if k.startswith(table + "."))
        ref = session.report.provenance[key]
        win.select_key(key)
        assert win.ui.tabs.currentIndex() == ("active", "requests", "appeals").index(table)
        assert pdf.lit_key == key
        seen = pdf.mapToScene(pdf.viewport().rect()).boundingRect()
        assert seen.contains(pdf.lit.rect()), key                 # scrolled to its page and box
        assert pdf.key_at_scene(pdf.lit.rect().center().x(), pdf.lit.rect().center().y()) == key
    pdf.render_pending()
    assert pdf.visible_pages() and all(p in pdf._cache for p in pdf.visible_pages())
    # a click on a box of another page selects that cell
    key = next(k for k in session.report.provenance if k.startswith("active."))
    ref = session.report.provenance[key]
    x0, top, x1, bottom = ref.bbox
    centre = QPointF((x0 + x1) / 2, pdf.tops[ref.page] + (top + bottom) / 2)
    pdf.centerOn(centre)
    qtbot.mouseClick(pdf.viewport(), Qt.MouseButton.LeftButton, pos=pdf.mapFromScene(centre))
    assert win.ui.tabs.currentIndex() == 0
    assert win.ui.views["active"].model().key_at(win.ui.views["active"].currentIndex()) == key


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    """A 300-page report: the 10-page fixture thirty times over (pdfium, as the app has it)."""
    import pypdfium2

    from core.readers.pdfium_page import PDFIUM_LOCK
    path = tmp_path_factory.mktemp("long") / "长报告.pdf"
    with PDFIUM_LOCK:
        src = pypdfium2.PdfDocument(str(PDF_10P))
        out = pypdfium2.PdfDocument.new()
        for _ in range(30):
            out.import_pages(src)
        out.save(str(path))
        out.close()
        src.close()
    return path


def test_a_long_pdf_loads_off_the_ui_thread_with_progress_and_cancel(qtbot, win, opener, long_pdf):
    opener.ok(win, DOCX)
    win.open_path(str(long_pdf))
    worker = win.worker
    assert worker is not None and worker.isRunning()
    # the real reader reports pages as it goes; the window keeps handling events meanwhile
    qtbot.waitUntil(lambda: win.progress is not None and win.progress.maximum() == 300, timeout=10000)
    qtbot.waitUntil(lambda: win.progress.isVisible(), timeout=5000)    # shown for a long load
    assert 0 < win.progress.value() < 300
    win.select_key("requests.new.natural")                            # still usable meanwhile
    assert win.ui.views["requests"].model().key_at(win.ui.views["requests"].currentIndex()) == "requests.new.natural"
    with qtbot.waitSignal(worker.cancelled, timeout=20000):
        win.progress.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: win.worker is None, timeout=5000)
    assert win.progress is None
    assert win.session.name == DOCX.name                              # what was open stays open
    assert "取消" in win.statusBar().currentMessage()


def test_wrap_toggle_keeps_the_lit_cell_in_sight(qtbot, win, opener):
    from PySide6.QtWidgets import QPlainTextEdit
    session = opener.ok(win, DOCX)
    text = win.ui.source.text
    wrap = win.menu_actions.wrap
    assert wrap.isEnabled() and wrap.isChecked()
    key = "requests.denied.third_party.natural"
    win.select_key(key)
    wrap.toggle()
    assert text.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    selections = text.extraSelections()
    assert text.viewport().rect().intersects(text.cursorRect(selections[-1].cursor))
    assert text.lit == (session.report.provenance[key].start, session.report.provenance[key].end)
    wrap.toggle()
    assert text.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    opener.ok(win, PDF_REPORT)
    assert not wrap.isEnabled()                      # PDF pages do not wrap


def test_a_sideways_pdf_is_shown_upright(qtbot, win, opener, tmp_path):
    # the reader turns a page whose text runs sideways; the page is drawn the same way, so
    # the lit box sits on its number
    from pdf_tools import sideways
    path = tmp_path / "sideways.pdf"
    sideways(PDF_REPORT, path, ccw=False)
    session = opener.ok(win, path)
    pdf = win.ui.source.pdf
    assert session.doc.page_turns and pdf.renderer.turns == session.doc.page_turns
    key = next(k for k in session.report.provenance if k.startswith("requests."))
    win.select_key(key)
    pdf.render_pending()
    qtbot.waitUntil(lambda: all(p in pdf._cache for p in pdf.visible_pages()), timeout=5000)
    page = session.report.provenance[key].page
    width, height = session.doc.page_sizes[page]
    _ratio, item = pdf._cache[page]
    shown = item.boundingRect()
    assert abs(shown.width() / shown.height() - width / height) < 0.02   # portrait, as read
