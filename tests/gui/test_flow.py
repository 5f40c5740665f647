"""The whole flow on a real report: open, select, type, findings, undo/redo, hint, Excel, project."""
from __future__ import annotations

import os
import shutil

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from core.corrections import Project, autosave_path, project_path_for
from gui import session as S
from gui.settings import autosave_dir

from gui_fixtures import DALAN, DONGJIA


def _codes(win):
    return {f.code for f in win.session.report.findings if f.severity == "error"}


def test_open_shows_tables_source_and_status(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    assert session.layout == "2019"
    status = win.ui.status_label.text()
    for word in ("董家镇-2020.txt", "董家镇人民政府", "2020", "2019 版", "错误 0", "警告 2"):
        assert word in status
    assert win.windowTitle().startswith("董家镇-2020.txt")
    model = win.ui.models["requests"]
    assert model.index_of("requests.total.total").data() == "1"
    assert win.ui.source.currentWidget() is win.ui.source.text
    assert "董家镇" in win.ui.source.text.toPlainText()
    assert win.settings.recent_files()[0] == str(DONGJIA)


def test_selecting_a_cell_lights_its_source(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    win.select_key("requests.granted.natural")
    ref = session.report.provenance["requests.granted.natural"]
    assert win.ui.tabs.currentIndex() == 1
    assert win.ui.source.text.lit == (ref.start, ref.end)
    selections = win.ui.source.text.extraSelections()
    lit = selections[-1].cursor
    assert (lit.selectionStart(), lit.selectionEnd()) == (ref.start, ref.end)
    assert lit.selectedText() == session.report.raw["requests.granted.natural"]


def test_clicking_a_number_in_the_source_selects_its_cell(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    key = "appeals.review.total"
    ref = session.report.provenance[key]
    text = win.ui.source.text
    from PySide6.QtGui import QTextCursor
    cur = QTextCursor(text.document())
    cur.setPosition(ref.start)
    text.setTextCursor(cur)
    text.centerCursor()
    qtbot.wait(10)
    point = text.cursorRect(cur).center()
    point.setX(point.x() + 2)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    view = win.ui.views["appeals"]
    assert win.ui.tabs.currentIndex() == 2
    assert view.model().key_at(view.currentIndex()) == key


def test_typing_a_correction_rechecks_and_undo_redo(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    assert not _codes(win)
    win.select_key("requests.new.natural")
    view = win.ui.views["requests"]
    qtbot.keyClicks(view, "3")          # type over the cell, Excel-like
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert session.value("requests.new.natural") == 3
    # Enter moved down to the next row's cell
    assert view.model().key_at(view.currentIndex()) == "requests.carried_over.natural"
    # the finding appears at once, the cell looks corrected and failing
    assert "requests.balance.natural" in _codes(win)
    look = session.look("requests.new.natural")
    assert look & S.CORRECTED and look & S.ERROR
    assert "错误 " in win.ui.status_label.text() and "错误 0" not in win.ui.status_label.text()
    assert win.isWindowModified()
    assert win.ui.findings.model.rowCount() > 2
    win.menu_actions.undo.trigger()
    assert session.value("requests.new.natural") == 1
    assert not _codes(win)
    assert not win.isWindowModified()
    win.menu_actions.redo.trigger()
    assert session.value("requests.new.natural") == 3 and _codes(win)
    assert [c.new for c in session.corrections()] == [3]


def test_shortcuts_ctrl_z_ctrl_y(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    win.select_key("appeals.review.upheld")
    view = win.ui.views["appeals"]
    qtbot.keyClicks(view, "4")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert session.value("appeals.review.upheld") == 4
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.value("appeals.review.upheld") == 0
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert session.value("appeals.review.upheld") == 4


def test_hint_applies_in_one_click_and_findings_select_cells(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    # A wrong 总计 (1 → 5) breaks its column and its row: one cell change repairs both.
    win.select_key("requests.granted.total")
    view = win.ui.views["requests"]
    qtbot.keyClicks(view, "5")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert session.value("requests.granted.total") == 5
    assert {"requests.outcomes.total", "requests.row.granted"} <= _codes(win)
    assert win.ui.findings.hint_bar.isVisibleTo(win.ui.findings)
    assert "1" in win.ui.findings.hint_label.text()
    error_row = next(i for i, f in enumerate(win.ui.findings.model.findings) if f.severity == "error")
    finding = win.ui.findings.model.findings[error_row]
    assert "涉及" in win.ui.findings.model.index(error_row).data()
    win.select_key("active.regulations.new_made")
    assert win.ui.tabs.currentIndex() == 0
    win.ui.findings.list.clicked.emit(win.ui.findings.model.index(error_row))   # activating it …
    assert win.ui.tabs.currentIndex() == 1                                   # … selects its cells
    assert set(view.selected_keys()) == set(finding.cells)
    qtbot.mouseClick(win.ui.findings.hint_button, Qt.MouseButton.LeftButton)
    assert session.value("requests.granted.total") == 1
    assert not _codes(win) and not win.ui.findings.hint_bar.isVisibleTo(win.ui.findings)
    assert win.stack.count() == 2       # the hint is one more undoable step
    assert not session.look("requests.granted.total") & S.CORRECTED   # back to what was read
    win.stack.undo()
    assert session.value("requests.granted.total") == 5 and _codes(win)


def test_a_blank_the_sums_pin_down_gets_a_hint_too(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    win.select_key("requests.granted.total")
    qtbot.keyClick(win.ui.views["requests"], Qt.Key.Key_Delete)
    assert session.value("requests.granted.total") is None
    assert session.look("requests.granted.total") & S.EMPTY
    assert win.ui.findings.hint_bar.isVisibleTo(win.ui.findings)
    win.menu_actions.hint.trigger()                 # 编辑 → 应用修复建议
    assert session.value("requests.granted.total") == 1
    assert not win.menu_actions.hint.isEnabled()


def test_delete_and_paste_are_one_step_each(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    view = win.ui.views["requests"]
    win.select_keys(["requests.granted.natural", "requests.granted.business", "requests.granted.total"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert win.stack.count() == 1
    assert all(session.value(k) is None for k in
               ("requests.granted.natural", "requests.granted.business", "requests.granted.total"))
    win.stack.undo()
    win.select_key("requests.new.natural")
    # A block copied from Excel: two rows, three columns, trailing newline.
    assert view.paste("5\t6\t7\r\n8\t9\t10\r\n") == 6
    assert win.stack.count() == 1 and win.stack.undoText().startswith("粘贴")
    assert session.value("requests.new.research") == 7
    assert session.value("requests.carried_over.natural") == 8
    win.select_key("requests.new.natural")
    view.selectionModel().select(view.model().index_of("requests.new.business"),
                                 view.selectionModel().SelectionFlag.Select)
    assert view.copy_text() == "5\t6"
    win.stack.undo()
    assert session.value("requests.new.natural") == 1


def test_bad_typed_value_is_refused_plainly(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    win.select_key("requests.new.natural")
    view = win.ui.views["requests"]
    qtbot.keyClicks(view, "a")           # opens the editor; the next keys go to it
    editor = view.focusWidget()
    qtbot.keyClicks(editor, "bc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value("requests.new.natural") == 1
    assert "不是数字" in win.statusBar().currentMessage()
    assert win.stack.count() == 0
    assert view.focusWidget() is editor and editor.selectedText() == "abc"   # still editing
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value("requests.new.natural") == 2


def test_save_excel_and_read_it_back(qtbot, win, opener, dialogs, tmp_path):
    session = opener.ok(win, DALAN)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("9")
    dialogs.save_path = str(tmp_path / "out.xlsx")
    win.menu_actions.export.trigger()
    assert not dialogs.errors
    wb = load_workbook(tmp_path / "out.xlsx")
    assert {"表二", "表三", "表四", "数据", "校验", "修改记录"} <= set(wb.sheetnames)
    data = {row[0]: row for row in wb["数据"].iter_rows(values_only=True)}
    assert data["requests.new.natural"][5] == 9
    history = [row for row in wb["修改记录"].iter_rows(values_only=True)]
    assert any("requests.new.natural" in [str(v) for v in row] for row in history)
    assert session.value("requests.new.natural") == 9


def test_project_save_and_reopen(qtbot, make_window, opener, dialogs, tmp_path):
    src = tmp_path / "董家镇-2020.txt"
    shutil.copy(DONGJIA, src)
    win = make_window()
    session = opener.ok(win, src)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("2")
    win.select_key("appeals.review.upheld")
    win.ui.views["appeals"].paste("1")
    dialogs.save_path = project_path_for(str(src))
    win.menu_actions.save.trigger()
    assert os.path.exists(dialogs.save_path) and not win.isWindowModified()
    assert session.project_path == dialogs.save_path
    assert len(Project.load(dialogs.save_path).corrections) == 2

    other = make_window()
    reopened = opener.ok(other, dialogs.save_path)
    assert reopened.value("requests.new.natural") == 2
    assert reopened.value("appeals.review.upheld") == 1
    assert reopened.original["requests.new.natural"] == 1
    assert other.stack.isClean() and other.stack.count() == 2   # replayed steps can be undone
    other.stack.undo()
    assert reopened.value("appeals.review.upheld") == 0
    assert other.settings.recent_files()[0] == dialogs.save_path


def test_close_prompt(qtbot, win, opener, dialogs, tmp_path):
    src = tmp_path / "r.txt"
    shutil.copy(DONGJIA, src)
    session = opener.ok(win, src)
    win.close()                       # nothing changed: no question
    assert not dialogs.questions
    win.show()
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("2")
    dialogs.save_answer = "cancel"
    assert not win.close()
    assert win.isVisible() and dialogs.questions == ["save:r.txt"]
    dialogs.save_answer = "save"
    dialogs.save_path = str(tmp_path / "r.nianbao.json")
    assert win.close()
    assert Project.load(dialogs.save_path).corrections[0].new == 2
    assert session.project_path == dialogs.save_path


def test_close_without_saving_discards_autosave(qtbot, win, opener, dialogs):
    session = opener.ok(win, DONGJIA)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("2")
    win.autosave_timer.timeout.emit()   # the debounced write, without waiting a second
    path = autosave_path(session.sha256, autosave_dir())
    assert os.path.exists(path)
    dialogs.save_answer = "discard"
    assert win.close()
    assert not os.path.exists(path)


def test_autosave_offers_recovery_after_a_crash(qtbot, make_window, opener, dialogs):
    win = make_window()
    session = opener.ok(win, DONGJIA)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("6")
    qtbot.waitUntil(lambda: os.path.exists(autosave_path(session.sha256, autosave_dir())), timeout=3000)
    # "crash": the window goes away without any save or clean-up
    win.stack.setClean()
    win.autosave_timer.stop()
    dialogs.yes_no = True
    again = make_window()
    recovered = opener.ok(again, DONGJIA)
    assert any("恢复" in q for q in dialogs.questions)
    assert recovered.value("requests.new.natural") == 6
    assert again.isWindowModified()        # recovered, not saved
    again.autosave_timer.stop()            # its pending autosave would rewrite the file later
    dialogs.yes_no = False
    third = make_window()
    fresh = opener.ok(third, DONGJIA)       # the autosave is still there (unsaved); decline it
    assert fresh.value("requests.new.natural") == 1
    assert not os.path.exists(autosave_path(session.sha256, autosave_dir()))


def test_reopened_project_says_when_the_source_changed(qtbot, make_window, opener, dialogs, tmp_path):
    src = tmp_path / "r.txt"
    shutil.copy(DONGJIA, src)
    win = make_window()
    opener.ok(win, src)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("2")
    dialogs.save_path = str(tmp_path / "r.nianbao.json")
    assert win.menu_actions.save.isEnabled()
    win.menu_actions.save.trigger()
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("\n（补充说明）\n")
    other = make_window()
    session = opener.ok(other, dialogs.save_path)
    assert session.value("requests.new.natural") == 2
    assert dialogs.infos and "改动" in dialogs.infos[-1][1]


def test_undoing_back_to_clean_removes_the_autosave(qtbot, win, opener):
    session = opener.ok(win, DONGJIA)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("2")
    win.autosave_timer.timeout.emit()
    path = autosave_path(session.sha256, autosave_dir())
    assert os.path.exists(path)
    win.stack.undo()
    win.autosave_timer.timeout.emit()
    assert not os.path.exists(path)
