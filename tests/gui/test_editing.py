"""Excel habits in the tables: clipboard, undo that shows what it undid, right-click, frozen header rows, the legend."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel

from gui import session as S
from gui.findings_view import FindingsModel

from gui_fixtures import DALAN, DONGJIA, PDF


def test_ctrl_v_pastes_an_excel_block_from_the_clipboard(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    view = win.ui.views["requests"]
    win.select_key("requests.partial.natural")
    QGuiApplication.clipboard().setText("7\t8\r\n")              # what Excel/WPS put there
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert (session.value("requests.partial.natural"), session.value("requests.partial.business")) == (7, 8)
    assert win.stack.count() == 1
    win.select_keys(["requests.partial.natural", "requests.partial.business"])
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "7\t8"


def test_undo_and_redo_select_what_they_changed(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    win.select_key("appeals.review.upheld")
    view = win.ui.views["appeals"]
    qtbot.keyClicks(view, "4")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    win.select_key("active.regulations.new_made")                 # look elsewhere
    assert win.ui.tabs.currentIndex() == 0
    win.menu_actions.undo.trigger()
    assert session.value("appeals.review.upheld") == 0
    assert win.ui.tabs.currentIndex() == 2                           # brought back to the cell …
    assert view.selected_keys() == ["appeals.review.upheld"]
    assert "已撤销" in win.statusBar().currentMessage()             # … and told what happened
    win.select_key("active.regulations.new_made")
    win.menu_actions.redo.trigger()
    assert session.value("appeals.review.upheld") == 4
    assert win.ui.tabs.currentIndex() == 2 and view.selected_keys() == ["appeals.review.upheld"]


def test_right_click_menu_copies_pastes_and_clears(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    view = win.ui.views["requests"]
    win.select_keys(["requests.granted.natural", "requests.granted.total"])
    menu = view.context_menu()
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) == {"复制", "粘贴", "清空所选单元格", "在原文中显示"}
    assert all(a.isEnabled() for a in actions.values())
    actions["清空所选单元格"].trigger()
    assert session.value("requests.granted.natural") is None and session.value("requests.granted.total") is None
    assert win.stack.count() == 1
    win.select_key("requests.new.business")
    QGuiApplication.clipboard().setText("3")
    view.context_menu().actions()[1].trigger()                    # 粘贴
    assert session.value("requests.new.business") == 3


def test_header_rows_stay_in_sight_while_the_table_scrolls(qtbot, win, opener):
    opener.ok(win, PDF)                      # 表三 with errors: taller than the panel
    view = win.ui.views["requests"]
    win.ui.tabs.setCurrentIndex(1)
    grid = view.model().grid
    assert grid.header_rows == 3
    assert all(view.isRowHidden(r) for r in range(3)) and not view.isRowHidden(3)
    frozen = view.frozen
    assert frozen.isVisible()
    assert frozen.height() == sum(frozen.rows.rowHeight(r) for r in range(3)) > 0
    assert not frozen.rows.isRowHidden(0) and frozen.rows.isRowHidden(3)
    assert frozen.rows.rowSpan(0, 3) == 1 and frozen.rows.columnSpan(0, 3) == 7   # 申请人情况
    win.select_key("requests.total.total")                        # the last row: scrolled down
    assert view.verticalScrollBar().value() > 0
    assert frozen.isVisible() and frozen.geometry().bottom() < view.viewport().geometry().top() + 1
    assert frozen.rows.columnWidth(4) == view.columnWidth(4)
    assert not win.ui.views["active"].frozen.isVisible()             # 表二's headers sit between its rows


def test_legend_draws_each_look(qtbot, win):
    looks = [s.look for s in win.ui.legend.swatches]
    assert looks == [0, S.CORRECTED, S.EMPTY, S.ERROR | S.SUSPECT, S.ERROR, S.WARNING]
    image = win.ui.legend.swatches[3].grab().toImage()
    # the likely culprit has its red frame (drawn by the table's own painter, gui.cell_delegate)
    assert image.pixelColor(3, image.height() // 2).red() > 150
    light = win.ui.legend.swatches[4].grab().toImage()
    assert light.pixelColor(light.width() // 2, light.height() // 2).lightness() > \
        image.pixelColor(image.width() // 2, image.height() // 2).lightness()   # the rest: lighter
    # meaning, not numbers: no sample shows a digit, each has its words
    assert all(s.text == "" for s in win.ui.legend.swatches)
    words = [w.text() for w in win.ui.legend.findChildren(QLabel)]
    assert {"最可能出错", "同一勾稽中的其他格", "已修改", "空白"} <= set(words)


def test_desktop_shortcuts(qtbot, win):
    a = win.menu_actions
    assert a.open.shortcut() == QKeySequence("Ctrl+O")
    assert a.save.shortcut() == QKeySequence("Ctrl+S")
    assert a.save_as.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert QKeySequence("Ctrl+Z") in a.undo.shortcuts()
    assert QKeySequence("Ctrl+Y") in a.redo.shortcuts()
    assert a.export.shortcut() == QKeySequence("Ctrl+E")
    assert {a.open, a.save, a.export, a.undo, a.redo, a.batch_action} <= set(a.toolbar.actions())


def test_findings_model_keeps_the_qt_contract(qtmodeltester, qapp, qtbot, win, opener):
    session = opener.ok(win, PDF)
    model = FindingsModel()
    model.set_findings(session.findings(), session.layout)
    assert model.rowCount() > 3
    qtmodeltester.check(model, force_py=True)
    empty = FindingsModel()
    qtmodeltester.check(empty, force_py=True)


def test_a_2021_report_then_a_2019_one_reshapes_the_tables(qtbot, win, opener):
    opener.ok(win, DALAN)
    rows_2021 = win.ui.models["requests"].rowCount()
    opener.ok(win, DONGJIA)
    assert win.ui.models["requests"].rowCount() != rows_2021          # 2019 has （七）, 2021 not
    view = win.ui.views["requests"]
    assert all(view.isRowHidden(r) for r in range(3)) and not view.isRowHidden(3)


def test_arrows_after_typing_over_commit_and_move_but_move_the_caret_after_f2(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    view = win.ui.views["requests"]
    model = view.model()
    win.select_key("requests.granted.business")
    qtbot.keyClicks(view, "5")                        # typed over: Excel's enter mode
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Right)
    assert session.value("requests.granted.business") == 5
    assert model.key_at(view.currentIndex()) == "requests.granted.research"
    qtbot.keyClicks(view, "2")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Down)
    assert session.value("requests.granted.research") == 2
    assert model.key_at(view.currentIndex()) == "requests.partial.research"
    win.select_key("requests.new.natural")
    view.paste("12")
    qtbot.keyClick(view, Qt.Key.Key_F2)               # edit mode: the arrows move the caret
    editor = view.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    assert view.state() == view.State.EditingState
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value("requests.new.natural") == 132


def test_findings_update_in_place_and_keep_the_model_contract(qtmodeltester, qtbot, win, opener):
    session = opener.ok(win, PDF)                 # 3 errors, many warnings
    model = win.ui.findings.model
    qtmodeltester.check(model, force_py=True)     # from here on it also checks every change
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    first = [(f.code, tuple(f.cells)) for f in model.findings]
    win.select_key("requests.total.natural")
    win.ui.views["requests"].paste("14")             # 13 → 14: one more rule fails, a row comes
    before = [(f.code, tuple(f.cells)) for f in model.findings]
    assert len(before) > len(first) and not resets
    win.ui.findings.list.setCurrentIndex(model.index(len(before) - 1))
    win.ui.views["requests"].paste("15")             # the same rules fail, with other numbers
    assert [(f.code, tuple(f.cells)) for f in model.findings] == before and not resets
    assert win.ui.findings.list.currentIndex().row() == len(before) - 1   # the clerk's place kept
    assert any("15" in f.message for f in model.findings)
    for _ in range(2):
        win.stack.undo()
    assert [(f.code, tuple(f.cells)) for f in model.findings] == first and not resets
    assert [f.message for f in model.findings] == [f.message for f in session.findings()]
