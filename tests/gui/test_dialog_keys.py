"""Every dialog of the app by keyboard alone: Tab and Shift+Tab reach each button, Enter presses
the default, Esc cancels, Alt+mnemonic presses its button. The real dialog functions run; only
exec() is replaced by a keyboard walk over the shown dialog."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox

from gui import dialogs

NO = Qt.KeyboardModifier.NoModifier


def focus(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and dialog.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    return QApplication.focusWidget()


def walk(qtbot, dialog, backwards: bool = False, presses: int = 14) -> set:
    """The widgets that hold the focus while Tab (or Shift+Tab) is pressed round the dialog."""
    key, mod = (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) if backwards else (Qt.Key.Key_Tab, NO)
    seen = set()
    for _ in range(presses):
        widget = QApplication.focusWidget()
        seen.add(widget)
        qtbot.keyClick(widget, key, mod)
    return seen


def buttons(dialog) -> list:
    return [b for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]


class Keyboard:
    """Stands in for exec(): checks that the first focus is the default button, optionally walks
    the buttons both ways, then presses `key` (on the first focus, so Enter means the default)."""

    def __init__(self, qtbot, monkeypatch):
        self.qtbot, self.walked = qtbot, []
        for cls in (QMessageBox, QDialog):
            monkeypatch.setattr(cls, "exec", lambda dialog: self._exec(dialog))

    def press(self, key, modifier=NO, walk_first=True):
        self.key, self.modifier, self.walk_first = key, modifier, walk_first
        return self

    def _exec(self, dialog):
        try:
            return self._drive(dialog)
        finally:
            dialog.hide()   # a failed check must not leave a window that takes the next focus

    def _drive(self, dialog):
        first = focus(self.qtbot, dialog)
        if isinstance(dialog, QMessageBox):
            assert first is dialog.defaultButton() or dialog.defaultButton() is None
        if self.walk_first:
            wanted = buttons(dialog)
            assert wanted
            for backwards in (False, True):
                seen = walk(self.qtbot, dialog, backwards)
                missing = [b.text() for b in wanted if b not in seen]
                assert not missing, (dialog.windowTitle(), backwards, missing)
            self.walked.append(dialog.windowTitle())
            first.setFocus()
        self.qtbot.keyClick(first, self.key, self.modifier)
        self.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        return dialog.result()


@pytest.fixture
def keys(qtbot, monkeypatch):
    return Keyboard(qtbot, monkeypatch)


ENTER, ESC = Qt.Key.Key_Return, Qt.Key.Key_Escape
ALT = Qt.KeyboardModifier.AltModifier


def test_the_save_question(keys):
    keys.press(ESC)
    assert dialogs.ask_save(None, "大岚镇-2021.txt") == dialogs.CANCEL
    keys.press(ENTER, walk_first=False)
    assert dialogs.ask_save(None, "大岚镇-2021.txt") == dialogs.SAVE
    keys.press(Qt.Key.Key_N, ALT, walk_first=False)
    assert dialogs.ask_save(None, "大岚镇-2021.txt") == dialogs.DISCARD
    assert keys.walked == ["保存修改"]


def test_the_export_done_box(keys):
    keys.press(ESC)
    assert dialogs.export_done(None, "/tmp/x.xlsx", 2, 1) is None
    keys.press(ENTER, walk_first=False)
    assert dialogs.export_done(None, "/tmp/x.xlsx", 2, 1) == dialogs.OPEN_FILE
    keys.press(Qt.Key.Key_F, ALT, walk_first=False)
    assert dialogs.export_done(None, "/tmp/x.xlsx", 0, 0) == dialogs.OPEN_FOLDER


def test_the_recovery_prompt_and_other_yes_no_questions(keys):
    ask = lambda: dialogs.ask_yes_no(None, "恢复未保存的修改", "是否恢复这些修改？",  # noqa: E731
                                     yes="打开并恢复(&O)", no="稍后(&L)")
    assert keys.press(ESC) and ask() is False
    assert keys.press(ENTER, walk_first=False) and ask() is True
    assert keys.press(Qt.Key.Key_L, ALT, walk_first=False) and ask() is False
    assert keys.press(Qt.Key.Key_O, ALT, walk_first=False) and ask() is True


def test_error_with_details_and_the_about_box(keys, qtbot):
    keys.press(ESC)
    dialogs.error(None, "无法打开「坏.pdf」", "文件已损坏。", detail="PdfminerException")
    keys.press(ENTER)
    dialogs.info(None, "关于年报通", "年报通")
    assert keys.walked == ["无法打开「坏.pdf」", "关于年报通"]


def test_the_word_copy_options(keys):
    from gui.word_export import ask_options
    assert keys.press(ESC) and ask_options(None, []) is None
    assert keys.press(ENTER, walk_first=False) and ask_options(None, []) == (False, [])
    assert keys.press(Qt.Key.Key_S, ALT, walk_first=False) and ask_options(None, []) == (False, [])


def test_the_batch_dialog(qtbot, tmp_home):
    from gui.batch_dialog import BatchDialog
    from gui.settings import Settings
    dlg = BatchDialog(Settings(), [])
    qtbot.addWidget(dlg)
    first = focus(qtbot, dlg)
    assert first is dlg.folder_edit
    wanted = buttons(dlg) + [dlg.folder_edit, dlg.out_edit]
    for backwards in (False, True):
        seen = walk(qtbot, dlg, backwards)
        assert not [w for w in wanted if w not in seen], backwards
    dlg.out_edit.setFocus()
    qtbot.waitUntil(dlg.out_edit.hasFocus)
    qtbot.keyClick(dlg.out_edit, Qt.Key.Key_D, ALT)                   # 报告文件夹(&D)
    qtbot.waitUntil(dlg.folder_edit.hasFocus)
    qtbot.keyClick(dlg.folder_edit, ENTER)                            # Enter: 开始处理
    assert dlg.state.text().startswith("请先选择") and dlg.isVisible()
    qtbot.keyClick(dlg.folder_edit, ESC)                              # Esc: 关闭
    assert not dlg.isVisible()


def test_the_help_window(keys, make_window):
    win = make_window()
    keys.press(ESC)
    win.menu_actions.help.trigger()
    assert keys.walked == ["年报通 使用说明"]
