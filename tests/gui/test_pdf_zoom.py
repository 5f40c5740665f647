"""The PDF page view's zoom: fit-to-width settles under every style (the freeze of issue 10)."""
from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication

from gui_fixtures import PDF


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
