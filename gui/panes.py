"""F6 / Shift+F6: the keyboard's way between the window's panes (table ↔ findings ↔ source).

Inside a table Tab moves from cell to cell as in Excel (Qt's tab navigation of an item view), so
Tab never leaves it; F6 is the desktop convention for the next pane (Word, Excel, browsers)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def panes(win) -> list[QWidget]:
    """The focusable panes in order: the table shown, the findings list, the source shown."""
    ui = win.ui
    table = list(ui.views.values())[ui.tabs.currentIndex()]
    source = ui.source.currentWidget()
    found = [table, ui.findings.list, source]
    return [w for w in found if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus]


def cycle(win, step: int) -> QWidget:
    """Give the focus to the next (step 1) or previous (-1) pane; returns it."""
    order = panes(win)
    focus = QApplication.focusWidget()
    here = next((i for i, w in enumerate(order) if focus is w or (focus and w.isAncestorOf(focus))), -1)
    target = order[(here + step) % len(order)] if here >= 0 else order[0]
    target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return target
