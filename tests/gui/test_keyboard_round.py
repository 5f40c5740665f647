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


def test_the_tables_zoom_by_ctrl_wheel_keys_and_their_control_and_it_is_remembered(qtbot, make_window,
                                                                                   opener):
    import pytest
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from gui_fixtures import wait_focus
    win = make_window()
    opener.ok(win, DALAN)
    zoom = win.menu_actions.table_zoom
    bar = win.ui.tabs.cornerWidget(Qt.Corner.TopRightCorner)
    assert bar.isVisible() and bar.percent.text() == "100%" and not bar.fit.isEnabled()
    view = win.ui.views["requests"]
    win.select_key("requests.new.natural")
    size, width, height = view.font().pointSizeF(), view.columnWidth(1), view.rowHeight(view.currentIndex().row())
    header = view.frozen.rows
    bar.larger.click()
    assert zoom.zoom == pytest.approx(1.2) and bar.percent.text() == "120%" and bar.fit.isEnabled()
    assert all(v.font().pointSizeF() == pytest.approx(size * 1.2) for v in win.ui.views.values())
    assert view.columnWidth(1) > width and view.rowHeight(view.currentIndex().row()) > height
    assert header.font().pointSizeF() == pytest.approx(size * 1.2)     # the frozen header rows too
    assert header.columnWidth(1) == view.columnWidth(1)
    # Ctrl+wheel over a table
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(centre, view.viewport().mapToGlobal(centre), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert zoom.zoom == pytest.approx(1.2 / 1.1, abs=1e-3)
    # Ctrl+= / Ctrl+- / Ctrl+0 with the table focused act on the table, not the page
    wait_focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert zoom.zoom == 1.0 and view.columnWidth(1) == width
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert zoom.zoom == pytest.approx(1.2)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert zoom.zoom == pytest.approx(1 / 1.2, abs=1e-3)
    # remembered: the next window starts at the same zoom
    again = make_window()
    assert again.menu_actions.table_zoom.zoom == pytest.approx(1 / 1.2, abs=1e-3)
    assert again.ui.views["active"].font().pointSizeF() == pytest.approx(size / 1.2, abs=0.05)
