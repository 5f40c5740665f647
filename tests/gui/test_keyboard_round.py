"""The keyboard round: a toolbar that fits 1366 px, Tab through the cells, F6 across panes, every dialog by keys."""
from __future__ import annotations

from PySide6.QtWidgets import QToolButton

from gui_fixtures import DALAN


def test_a_long_undo_label_keeps_every_toolbar_action_visible_at_1366(qtbot, win, opener):
    session = opener.ok(win, DALAN)
    toolbar = win.menu_actions.toolbar
    undo, redo = win.menu_actions.undo, win.menu_actions.redo
    short = {a: toolbar.widgetForAction(a).sizeHint().width() for a in (undo, redo)}
    view = win.ui.views["requests"]
    for key in ("requests.total.total", "requests.total.business"):   # long labels on both
        view.model().setData(view.model().index_of(key), str(session.value(key) + 1))
    win.stack.undo()
    assert "总计" in undo.text() and "商业企业" in redo.text()    # the menu says what is undone
    win.resize(1366, 728)
    qtbot.waitUntil(lambda: toolbar.width() <= 1366)
    for action, text in ((undo, "撤销"), (redo, "重做")):
        button = toolbar.widgetForAction(action)
        assert button.text() == text and button.toolTip() == action.text()
        assert button.sizeHint().width() == short[action]       # the label does not widen it
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is not None and not extension.isVisible()
    for action in toolbar.actions():
        if not action.isSeparator():
            assert toolbar.widgetForAction(action).isVisible(), action.text()


def test_tab_moves_cell_to_cell_and_f6_walks_the_panes(qtbot, win, opener):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from gui_fixtures import wait_focus
    opener.ok(win, DALAN)
    win.select_key("requests.new.natural")
    view = win.ui.views["requests"]
    wait_focus(qtbot, view)
    model = view.model()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert model.key_at(view.currentIndex()) == "requests.new.business"      # right, like Excel
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert model.key_at(view.currentIndex()) == "requests.new.natural"
    win.select_key("requests.new.total")                                      # end of the row
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert model.key_at(view.currentIndex()) == "requests.carried_over.natural"   # next row
    assert view.hasFocus()                                                    # Tab stays in the table
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen == [win.ui.findings.list, win.ui.source.text, view]          # and round again
    qtbot.keyClick(view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is win.ui.source.text
    assert model.key_at(view.currentIndex()) == "requests.carried_over.natural"   # kept
