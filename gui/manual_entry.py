"""Manual entry of a scan: 编辑 → 手工录入版式 chooses the official layout (2019 or 2021) of the
empty tables when the year did not tell it, or told it wrong."""
from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup

from core import schema
from core.manual import relayout

from .session import Loaded

LAYOUT_TEXT = {"2019": "2019 版格式（国办公开办函〔2019〕60号）",
               "2021": "2021 版格式（国办公开办函〔2021〕30号）"}


def add_menu(win, menu) -> None:
    """The submenu, enabled for a report opened for manual entry only."""
    sub = menu.addMenu("手工录入版式")
    group = QActionGroup(sub)
    for layout in schema.LAYOUTS:
        action = QAction(LAYOUT_TEXT.get(layout, layout), sub)
        action.setCheckable(True)
        action.setData(layout)
        group.addAction(action)
        sub.addAction(action)

    def refresh() -> None:
        session = win.session
        manual = session is not None and session.report.manual
        for action in group.actions():
            action.setEnabled(manual)
            action.setChecked(manual and action.data() == session.layout)

    sub.aboutToShow.connect(refresh)
    group.triggered.connect(lambda action: switch_layout(win, action.data()))
    win.manual_layout_menu = sub


def switch_layout(win, layout: str) -> bool:
    """Empty tables of the other layout for the scan now open (what was typed is asked about
    first, as when another file is opened). True when switched."""
    session = win.session
    if session is None or not session.report.manual or layout == session.layout:
        return False
    if not win.maybe_save():
        return False
    report = relayout(session.report, session.doc, layout)
    win.stack.clear()
    win._on_loaded(Loaded(session.path, session.doc, report, session.sha256))
    win.show_message(f"已切换为{LAYOUT_TEXT.get(layout, layout)}，表格为空，请手工录入。")
    return True
