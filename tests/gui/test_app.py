"""The batch dialog, the entry point with --screenshot, the excepthook, the refcount guard."""
from __future__ import annotations

import os
import shutil
import sys

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QDesktopServices, QImage

from gui import app as gui_app
from gui.batch_dialog import BatchDialog
from gui.settings import Settings

from gui_fixtures import DALAN, DONGJIA, PDF


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    shutil.copy(DONGJIA, d / DONGJIA.name)
    shutil.copy(DALAN, d / DALAN.name)
    (d / "坏文件.docx").write_bytes(b"not a word file at all")
    return d


def test_batch_dialog_runs_and_writes_the_summary(qtbot, dialogs, folder, tmp_path):
    dlg = BatchDialog(Settings(), [str(folder)], workers=1)
    qtbot.addWidget(dlg)
    out = tmp_path / "汇总.xlsx"
    dlg.out_edit.setText(str(out))
    dlg.start()
    assert not dlg.start_button.isEnabled()
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=60000)
    assert dlg.result is not None, dlg.state.text()
    assert len(dlg.result.reports) == 2 and len(dlg.result.failures) == 1
    assert "完成" in dlg.state.text() and "坏文件.docx" in dlg.log.toPlainText()
    assert dlg.bar.value() == dlg.bar.maximum() == 3
    assert load_workbook(out).sheetnames
    assert dlg.cancel_button.text() == "关闭"


def test_batch_dialog_cancel(qtbot, dialogs, folder, tmp_path, monkeypatch):
    import core.batch

    def slow_batch(paths, workers=None, progress=None, cancelled=None):
        import time
        from core.errors import Cancelled
        for i in range(1000):
            if cancelled():
                raise Cancelled()
            progress(i, 1000)
            time.sleep(0.005)

    monkeypatch.setattr(core.batch, "run_batch", slow_batch)
    dlg = BatchDialog(Settings(), [str(folder)], workers=1)
    qtbot.addWidget(dlg)
    dlg.out_edit.setText(str(tmp_path / "x.xlsx"))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.bar.maximum() == 1000, timeout=5000)
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=10000)
    assert "取消" in dlg.state.text() and not (tmp_path / "x.xlsx").exists()


def test_batch_dialog_needs_a_folder(qtbot, dialogs):
    dlg = BatchDialog(Settings(), [])
    qtbot.addWidget(dlg)
    dlg.start()
    assert dlg.worker is None and "文件夹" in dlg.state.text()
    dialogs.folder = str(DONGJIA.parent)
    dlg._choose_folder()
    assert dlg.inputs == [str(DONGJIA.parent)] and dlg.out_edit.text().endswith("年报汇总.xlsx")


def test_screenshot_entry_point(qtbot, tmp_home, tmp_path):
    out = tmp_path / "shot.png"
    assert gui_app.main([str(PDF), "--screenshot", str(out), "--size", "1200x800"]) == 0
    image = QImage(str(out))
    assert image.width() == 1200 and image.height() == 800


def test_screenshot_of_a_bad_file_fails_cleanly(qtbot, tmp_home, tmp_path, capsys):
    out = tmp_path / "shot.png"
    assert gui_app.main([str(tmp_path / "nope.pdf"), "--screenshot", str(out)]) == 1
    assert "找不到" in capsys.readouterr().err
    assert not out.exists()


def test_excepthook_logs_and_shows_a_calm_message(qtbot, tmp_home, monkeypatch):
    shown = []
    monkeypatch.setattr(gui_app, "show_crash", lambda parent, log: shown.append(log))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    gui_app.install_excepthook()
    try:
        raise ValueError("boom")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert shown and os.path.exists(shown[0])
    assert str(tmp_home) in shown[0]
    with open(shown[0], encoding="utf-8") as fh:
        assert "ValueError: boom" in fh.read()


def test_translations_and_parse_args(qapp):
    args = gui_app.parse_args(["a.pdf", "--screenshot", "o.png"])
    assert args.file == "a.pdf" and args.screenshot == "o.png"
    assert gui_app.parse_args([]).file is None
    gui_app.install_translations(qapp)   # present in the PySide6 wheel; never fatal if absent


def test_closing_the_window_during_a_batch_asks_then_cancels_it(qtbot, win, dialogs, folder, tmp_path, monkeypatch):
    import core.batch

    def slow_batch(paths, workers=None, progress=None, cancelled=None):
        import time
        from core.errors import Cancelled
        for i in range(2000):
            if cancelled():
                raise Cancelled()
            progress(i, 2000)
            time.sleep(0.005)

    monkeypatch.setattr(core.batch, "run_batch", slow_batch)
    monkeypatch.setattr(BatchDialog, "open", lambda self: None)
    win.menu_actions.batch([str(folder)])
    dlg = win.menu_actions.batch_dialog
    dlg.out_edit.setText(str(tmp_path / "x.xlsx"))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.bar.value() > 0, timeout=5000)
    dialogs.yes_no = False                       # 继续处理
    assert not win.close() and dlg.running()
    assert "批量处理还没有完成" in dialogs.questions[-1]
    dialogs.yes_no = True                        # 退出
    assert win.close()
    assert dlg.worker is None or not dlg.worker.isRunning()
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=10000)
    assert not (tmp_path / "x.xlsx").exists()


def test_batch_dialog_offers_the_summary_folder_when_done(qtbot, dialogs, folder, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    dlg = BatchDialog(Settings(), [str(folder)], workers=1)
    qtbot.addWidget(dlg)
    assert dlg.open_folder_button.isHidden()
    dlg.out_edit.setText(str(tmp_path / "汇总.xlsx"))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=60000)
    assert not dlg.open_folder_button.isHidden()
    dlg.open_folder_button.click()
    assert opened == [str(tmp_path)]


def test_readers_are_warmed_on_a_background_thread():
    # a fresh process: after the warm-up the window's modules are loaded, not by the main
    # thread, and the read worker (another process) has imported the readers
    import subprocess
    code = ("import sys, threading\n"
            "from gui.workers import WARM_MODULES, warm_readers\n"
            "from core.read_service import shared\n"
            "assert 'core.readers.pdf' not in sys.modules\n"
            "t = warm_readers()\n"
            "assert t is not threading.main_thread() and t.daemon\n"
            "t.join(30)\n"
            "worker = shared()._idle\n"
            "assert worker.process.is_alive() and shared()._wait(worker, None, None) == ('ok', None)\n"
            "assert 'core.readers.pdf' not in sys.modules\n"
            "print(all(m in sys.modules for m in WARM_MODULES))\n")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                         timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
