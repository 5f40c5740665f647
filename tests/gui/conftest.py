"""GUI test setup: per-user folders in a temp dir, every modal dialog replaced, helpers to open files."""
from __future__ import annotations

import pytest


class Dialogs:
    """Stands in for gui.dialogs: records what would have been asked, answers as told."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.questions: list[str] = []
        self.save_answer = "cancel"
        self.yes_no = False
        self.save_path: str | None = None
        self.open_path: str | None = None
        self.folder: str | None = None
        self.exports: list[tuple[str, int, int]] = []
        self.export_answer = None      # "file", "folder" or None (关闭)

    def install(self, monkeypatch) -> None:
        from gui import dialogs
        monkeypatch.setattr(dialogs, "error", lambda parent, title, message, detail="":
                            self.errors.append((title, message)))
        monkeypatch.setattr(dialogs, "info", lambda parent, title, message:
                            self.infos.append((title, message)))
        monkeypatch.setattr(dialogs, "ask_save", self._ask_save)
        monkeypatch.setattr(dialogs, "ask_yes_no", self._ask_yes_no)
        monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: self.save_path)
        monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: self.open_path)
        monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: self.folder)
        monkeypatch.setattr(dialogs, "export_done", self._export_done)

    def _export_done(self, parent, path, errors, warnings):
        self.exports.append((path, errors, warnings))
        return self.export_answer

    def _ask_save(self, parent, name):
        self.questions.append(f"save:{name}")
        return self.save_answer

    def _ask_yes_no(self, parent, title, message, yes="是", no="否"):
        self.questions.append(f"{title}:{message}")
        return self.yes_no


@pytest.fixture
def dialogs(monkeypatch, tmp_home):
    d = Dialogs()
    d.install(monkeypatch)
    # A stray QMessageBox would block a headless run for ever: make any that slips through fail.
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail(f"modal box: {self.text()}"))
    return d


@pytest.fixture
def make_window(qtbot, dialogs, tmp_home):
    """Build main windows with settings in the temp home; closed without questions afterwards."""
    from gui.main_window import MainWindow
    from gui.settings import Settings
    made = []

    def make():
        win = MainWindow(Settings())
        qtbot.addWidget(win)
        win.resize(1400, 900)
        win.show()
        # Shortcuts (Ctrl+Z, Ctrl+O…) reach only the active window, and under a loaded
        # offscreen run activation comes late: wait for it, as a user's click gives it.
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=5000)
        made.append(win)
        return win

    yield make
    for win in made:
        if win.worker is not None:
            win.worker.cancel()
            win.worker.wait(5000)
        win.stack.setClean()
        win.close()


@pytest.fixture
def win(make_window):
    return make_window()


class Opener:
    """Open a file in a window and wait until it is shown, or refused."""

    def __init__(self, qtbot):
        self.qtbot = qtbot

    def ok(self, win, path):
        with self.qtbot.waitSignal(win.loaded, timeout=20000):
            win.open_path(str(path))
        self.qtbot.waitUntil(lambda: win.worker is None, timeout=5000)
        assert win.session is not None
        return win.session

    def fails(self, win, path) -> str:
        with self.qtbot.waitSignal(win.load_failed, timeout=20000) as blocker:
            win.open_path(str(path))
        self.qtbot.waitUntil(lambda: win.worker is None, timeout=5000)
        return blocker.args[0]


@pytest.fixture
def opener(qtbot):
    return Opener(qtbot)
