"""The PDF page view's zoom: fit-to-width settles under every style (the freeze of issue 10)."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_fixtures import PDF, wait_focus


@pytest.fixture
def windows_style():
    """The Windows style, whose scrollbar flipping froze the app; the previous style restored."""
    app = QApplication.instance()
    before = app.style().name()
    app.setStyle("windows")
    yield
    app.setStyle(before)


def test_fit_to_width_settles_under_the_windows_style(qtbot, win, opener, windows_style, monkeypatch):
    from gui.pdf_view import PdfSource
    applied = []
    original = PdfSource._apply_zoom
    monkeypatch.setattr(PdfSource, "_apply_zoom", lambda self: (applied.append(1), original(self)))
    win.resize(1500, 920)           # the --screenshot size at which the scrollbar used to flip
    opener.ok(win, PDF)
    pdf = win.ui.source.pdf
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        QApplication.processEvents()
    assert len(applied) < 20        # was thousands a second: resize → zoom → scrollbar → resize …
    first = pdf.zoom
    for width in (1500, 1480, 1366, 1500):   # a resized window settles too, and fits the same
        win.resize(width, 920)
        for _ in range(20):
            QApplication.processEvents()
    assert len(applied) < 40
    assert pdf.zoom == pytest.approx(first)
    scene_width = pdf.sceneRect().width() * pdf.zoom
    assert scene_width <= pdf.viewport().width()             # the page fits: no sideways scrolling
    assert not pdf.horizontalScrollBar().isVisible()


def test_page_zoom_by_ctrl_wheel_keys_and_the_zoom_control(qtbot, win, opener):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    opener.ok(win, PDF)
    pdf = win.ui.source.pdf
    bar = pdf.zoom_bar
    assert bar.isVisible() and not bar.fit.isEnabled()           # fitted to the width at first
    fitted = pdf.zoom
    assert bar.percent.text() == f"{round(fitted * 100)}%"
    assert pdf.viewport().geometry().contains(bar.geometry())   # in sight, in the corner
    bar.larger.click()
    assert pdf.zoom == pytest.approx(fitted * 1.2) and not pdf.fit_width
    assert bar.percent.text() == f"{round(fitted * 120)}%" and bar.fit.isEnabled()
    assert pdf.transform().m11() == pytest.approx(pdf.zoom)
    bar.smaller.click()
    bar.smaller.click()
    assert pdf.zoom == pytest.approx(fitted / 1.2)
    bar.fit.click()
    assert pdf.fit_width and pdf.zoom == pytest.approx(fitted) and not bar.fit.isEnabled()
    # Ctrl+wheel over the page, and the keys of the 视图 menu with the page focused (from the
    # table they zoom the table: test_keyboard_round)
    centre = QPointF(pdf.viewport().rect().center())
    wheel = QWheelEvent(centre, pdf.viewport().mapToGlobal(centre), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(pdf.viewport(), wheel)
    assert pdf.zoom == pytest.approx(fitted * 1.15)
    win.select_key("active.regulations.new_made")
    pdf.setFocus()
    wait_focus(qtbot, pdf)
    qtbot.keyClick(pdf, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pdf.fit_width and pdf.zoom == pytest.approx(fitted)
    qtbot.keyClick(pdf, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pdf.zoom == pytest.approx(fitted / 1.2)
    # every step stays within bounds
    for _ in range(30):
        bar.larger.click()
    assert pdf.zoom == pytest.approx(6.0)


def test_the_lit_cell_has_a_strong_box_and_a_pointer_in_the_margin(qtbot, win, opener):
    from gui.pdf_view import LIT_PEN
    session = opener.ok(win, PDF)
    pdf = win.ui.source.pdf
    key = next(k for k in session.report.provenance if session.report.provenance[k].bbox)
    win.select_key(key)
    assert pdf.lit_key == key
    box, marker = pdf.lit.rect(), pdf.marker.polygon().boundingRect()
    assert pdf.lit.pen().color() == LIT_PEN and pdf.lit.pen().widthF() >= 3 and pdf.lit.pen().isCosmetic()
    assert marker.right() <= 0 < box.left() + 3                # in the grey margin, left of the page
    assert marker.top() <= box.center().y() <= marker.bottom()  # at the box's height
    assert not pdf.show_key("no.such.key")
    assert pdf.lit is None and pdf.marker is None
    assert len([i for i in pdf.scene().items() if i.zValue() == 5]) == 0   # both taken away
