"""The clerk's round: the likely culprit painted strongly, proposals applied in one click, F8 over findings, Ctrl+PgDn over tables."""
from __future__ import annotations

from PySide6.QtCore import Qt

from gui import session as S
from gui_fixtures import DALAN, wait_focus


def break_one_cell(win, opener):
    session = opener.ok(win, DALAN)
    key = "requests.granted.natural"
    before = session.value(key)
    win.select_key(key)
    win.ui.views["requests"].paste(str(before + 5))
    return session, key, before


def test_the_cell_to_change_is_painted_strongly_and_the_rest_of_its_rules_lightly(qtbot, win, opener):
    session, key, _ = break_one_cell(win, opener)
    assert session.look(key) & S.ERROR and session.look(key) & S.SUSPECT
    others = [k for f in session.report.findings if f.severity == "error" for k in f.cells if k != key]
    assert others and all(session.look(k) & S.ERROR and not session.look(k) & S.SUSPECT for k in others)


def test_a_findings_proposal_is_applied_in_one_click_undoable_with_a_note(qtbot, win, opener):
    session, key, before = break_one_cell(win, opener)
    findings = win.ui.findings
    row = next(i for i, f in enumerate(findings.model.findings) if f.code == "requests.row.granted")
    findings.list.setCurrentIndex(findings.model.index(row))
    assert findings.hint_bar.isVisible()
    assert findings.hint_label.text().startswith("修改建议：") and str(before) in findings.hint_label.text()
    findings.hint_button.click()
    assert session.value(key) == before
    assert not [f for f in session.report.findings if f.severity == "error"]
    last = session.corrections()[-1]
    assert last.key == key and last.note.startswith("按修改建议")
    win.stack.undo()
    assert session.value(key) == before + 5


def test_f8_walks_the_findings_and_selects_their_cells(qtbot, win, opener):
    session, key, _ = break_one_cell(win, opener)
    findings = win.ui.findings
    n = findings.model.rowCount()
    assert n >= 2
    win.menu_actions.next_finding.trigger()
    first = findings.list.currentIndex().row()
    f = findings.model.findings[first]
    if f.cells:
        view = win.view_of(f.cells[0])
        assert view.model().key_at(view.currentIndex()) in f.cells
    win.menu_actions.next_finding.trigger()
    assert findings.list.currentIndex().row() == (first + 1) % n
    win.menu_actions.previous_finding.trigger()
    win.menu_actions.previous_finding.trigger()
    assert findings.list.currentIndex().row() == (first - 1) % n    # wraps round
    assert win.menu_actions.next_finding.shortcut().toString() == "F8"


def test_ctrl_pgdn_switches_tables_without_moving_the_cell(qtbot, win, opener):
    opener.ok(win, DALAN)
    win.select_key("requests.new.business")
    win.select_key("active.regulations.in_force")
    table_two = win.ui.views["active"]
    assert table_two.model().key_at(table_two.currentIndex()) == "active.regulations.in_force"
    assert win.ui.tabs.currentIndex() == 0
    wait_focus(qtbot, table_two)
    qtbot.keyClick(table_two, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    requests = win.ui.views["requests"]
    assert win.ui.tabs.currentIndex() == 1
    wait_focus(qtbot, requests)
    assert requests.model().key_at(requests.currentIndex()) == "requests.new.business"   # kept
    assert win.ui.source.text.lit is not None                        # and lit in the source
    qtbot.keyClick(requests, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert win.ui.tabs.currentIndex() == 2
    qtbot.keyClick(win.ui.views["appeals"], Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(requests, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert win.ui.tabs.currentIndex() == 0
    assert table_two.model().key_at(table_two.currentIndex()) == "active.regulations.in_force"


def test_qt_own_buttons_and_dialogs_speak_chinese(qtbot):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from gui.app import install_translations
    assert install_translations(QApplication.instance())     # qtbase_zh_CN from Qt (the bundle ships it)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Open).text().startswith("打开")


def test_export_says_what_is_left_offers_the_file_and_closing_asks_no_more(qtbot, make_window, opener,
                                                                           dialogs, tmp_path, monkeypatch):
    from gui import files
    opened = []
    monkeypatch.setattr(files.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    win = make_window()
    session, key, before = break_one_cell(win, opener)
    assert files.export_name(session).endswith("大岚镇人民政府2021年政府信息公开年报.xlsx")
    dialogs.save_path = str(tmp_path / "年报.xlsx")
    dialogs.export_answer = "folder"
    win.menu_actions.export.trigger()
    errors, warnings = session.counts()
    assert errors > 0 and dialogs.exports == [(str(tmp_path / "年报.xlsx"), errors, warnings)]
    assert opened == [str(tmp_path)]
    assert f"{errors} 个错误" in win.statusBar().currentMessage()
    win.close()                                   # the workbook holds every correction
    assert not [q for q in dialogs.questions if q.startswith("save:")]
    assert not win.isVisible()
    # one more edit after the export: closing asks again
    again = make_window()
    session, key, before = break_one_cell(again, opener)
    dialogs.save_path = str(tmp_path / "年报2.xlsx")
    again.menu_actions.export.trigger()
    again.ui.views["requests"].paste(str(before))
    again.close()
    assert [q for q in dialogs.questions if q.startswith("save:")]
