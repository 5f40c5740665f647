"""Application setup and the single GUI entry point `main(argv) -> int` (also for --screenshot)."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core.crashlog import log_exception

from .fonts import apply_ui_font
from .main_window import MainWindow
from .resources import resource_path
from .workers import reads, warm_readers

MSG_CRASH = ("程序遇到了一个意外问题，当前操作没有完成。\n\n"
             "已打开的报告和修改仍在，可以继续工作；修改会自动保存。\n"
             "问题详情已记录到：{log}")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m gui", description="年报通 桌面程序")
    parser.add_argument("file", nargs="?", help="要打开的报告或修改记录（.nianbao.json）")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="打开文件、绘制窗口、保存截图后退出（用于说明文档和检查）")
    parser.add_argument("--size", help="截图时的窗口大小，如 1500x920；默认按屏幕可用区域")
    parser.add_argument("--select", metavar="KEY", help="截图前选中的单元格键，如 requests.total.total")
    return parser.parse_args(list(argv))


def setup_app(argv0: str = "nianbao") -> QApplication:
    app = QApplication.instance() or QApplication([argv0])
    app.setApplicationName("年报通")
    app.setOrganizationName("nianbaotong")
    icon = resource_path("icons", "app.png")
    if os.path.exists(icon):
        app.setWindowIcon(QIcon(icon))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    apply_ui_font(app)
    install_translations(app)
    return app


def install_translations(app: QApplication) -> bool:
    """Chinese buttons in Qt's own dialogs (file dialog, message boxes), when the bundle has them."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        app._nianbao_translator = translator   # keep a reference: Qt does not own it
        return True
    return False


def install_excepthook(parent_getter=lambda: None) -> None:
    """Anything unexpected: traceback to the log file, a calm message, and the app goes on."""
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        log = log_exception(exc)
        sys.stderr.write(f"unexpected error, logged to {log}: {exc_type.__name__}: {exc}\n")
        if QApplication.instance() is not None:
            show_crash(parent_getter(), log)
    sys.excepthook = hook


def show_crash(parent, log: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "年报通", MSG_CRASH.format(log=log),
                      QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    box.exec()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Open the window (optionally with a file); with --screenshot, save a PNG and exit."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    reads().warm()   # the read worker starts Python and imports the readers while Qt starts here
    app = setup_app()
    win = MainWindow(interactive=not args.screenshot)
    if args.screenshot:
        return screenshot(win, args.file, args.screenshot, args.size, args.select)
    install_excepthook(lambda: win)
    win.show()
    warm_readers()   # the first report opens without waiting for its reader's imports
    QTimer.singleShot(0, lambda: win.start(args.file))
    return app.exec()


def screenshot(win, path: Optional[str], out: str, size: Optional[str] = None, select: Optional[str] = None,
               timeout_ms: int = 60000) -> int:
    """Open `path`, wait for it, render the window into `out`; 0 on success, 1 if it failed.
    Without `size` the window keeps the size it takes on a first start on this screen."""
    if size:
        w, h = (int(v) for v in size.lower().split("x"))
        win.resize(w, h)
    win.show()
    failed: list[str] = []
    if path:
        loop = QEventLoop()
        win.loaded.connect(loop.quit)
        def refused(message: str) -> None:
            failed.append(message)
            loop.quit()
        win.load_failed.connect(refused)
        QTimer.singleShot(timeout_ms, loop.quit)
        win.open_path(path)
        if win.worker is not None:
            loop.exec()
        if failed or win.session is None:
            sys.stderr.write((failed[0] if failed else "打开超时") + "\n")
            return 1
        if select:
            win.select_key(select)
    settle(win)
    image = win.grab()
    ok = image.save(out)
    win.stack.setClean()   # nothing was edited; never ask on the way out
    win.close()
    return 0 if ok else 1


def settle(win) -> None:
    """Let layouts, the highlighted cell and the visible PDF pages finish drawing."""
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    win.ui.source.pdf.render_pending()
    for _ in range(3):
        app.processEvents()
