"""Entry point of the bundled executable: `nianbao FILE` opens the window, `nianbao extract FILE` is the CLI.

One executable serves both, so the installed program can be smoke-tested from a shell and an
office can script the batch. CLI runs never import Qt: they start faster and work on a machine
with no display. `nianbao --diagnose` prints what the installation carries (as JSON).

Windows: the bundle is built windowed (console=False), so Windows starts it without a console
and Python gets no stdout. When a CLI command runs that way we attach to the console of the
shell that started us (AttachConsole(ATTACH_PARENT_PROCESS)) and write there. cmd.exe does not
wait for a windowed program, so the prompt comes back before the output; to wait and get the
exit code use `start /wait nianbao.exe check 报告.pdf` then `echo %ERRORLEVEL%`. Output
redirected to a file (`nianbao.exe extract a.pdf > a.json`) works directly, because then the
handles are inherited and no console is needed. See packaging/BUILD-WINDOWS.md.
"""
from __future__ import annotations

import sys
from typing import List, Optional, Sequence

from core.crashlog import log_exception

# The first argument that means "command line, not window". Mirrors core/cli.py's sub-commands.
CLI_WORDS = frozenset({"extract", "check", "export", "batch", "--version", "-h", "--help"})
DIAGNOSE = "--diagnose"   # what this build carries; for support on an offline PC, and the smoke test


def wants_cli(args: Sequence[str]) -> bool:
    """True when the arguments (without the program name) ask for a CLI command."""
    return bool(args) and (args[0] in CLI_WORDS or args[0] == DIAGNOSE)


def _give_streams(attach_console: bool) -> None:
    """A windowed build has sys.stdout/stderr = None (Windows starts it without a console).

    CLI: attach to the console of the shell that started us, if any, so output shows there.
    Window: never attach (Ctrl+C typed later in that console would reach the app); any stray
    message goes to a null sink instead of failing on None. Streams that exist (a redirected
    `> file` or `| pipe`, or any Linux/macOS start) are kept as they are.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return
    import os
    target = os.devnull
    if attach_console and sys.platform == "win32":
        import ctypes
        if ctypes.windll.kernel32.AttachConsole(-1):   # -1 = ATTACH_PARENT_PROCESS
            # "CONOUT$" opens as a console stream: Python writes UTF-16 to it, so Chinese shows
            # right whatever the console code page (936 on Chinese Windows).
            target = "CONOUT$"
    if sys.stdout is None:
        sys.stdout = open(target, "w", encoding="utf-8", errors="replace")
    if sys.stderr is None:
        sys.stderr = open(target, "w", encoding="utf-8", errors="replace")


MSG_START_FAILED = "年报通遇到意外问题，无法继续：{error}\n\n问题详情已记录到：{log}"


def install_early_excepthook(window: bool) -> None:
    """Until the window installs its own (gui/app.py), an unexpected error is logged and told in
    one plain Chinese sentence, never as a traceback (build.spec also disables PyInstaller's
    traceback dialog). A windowed Windows start has no console to tell it in: a message box."""
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        message = MSG_START_FAILED.format(error=f"{exc_type.__name__}: {exc}",
                                          log=log_exception(exc.with_traceback(tb)))
        if sys.stderr is not None:
            try:
                sys.stderr.write(message.replace("\n\n", " ") + "\n")
            except (OSError, ValueError):
                pass
        if window and sys.platform == "win32":
            import ctypes
            ctypes.windll.user32.MessageBoxW(None, message, "年报通", 0x10)   # MB_ICONERROR
    sys.excepthook = hook


def _input_method_fallback() -> None:
    """Linux bundle: Qt's wheels carry an IBus input-method plugin but none for Fcitx, the default
    on UOS/Kylin (QT_IM_MODULE=fcitx). Asked for a plugin it lacks, Qt falls back to plain compose
    input: no Chinese typing. Fcitx 5 also answers the IBus protocol, so ask for that instead."""
    import os
    if getattr(sys, "frozen", False) and sys.platform.startswith("linux") \
            and os.environ.get("QT_IM_MODULE", "").startswith("fcitx"):
        os.environ["QT_IM_MODULE"] = "ibus"


def diagnose() -> dict:
    """Version, Python, the Qt plugins and Chinese translation Qt finds, the PDF library, and the
    per-user folders: enough to tell over the phone whether an installation is complete."""
    # Imported here: only `--diagnose` needs Qt, pdfium and the app's folders.
    import os
    import platform

    import pypdfium2
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from core import __version__
    from core.crashlog import log_dir
    from core.ocr import available as ocr_available
    from gui.settings import autosave_dir, config_dir

    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "python": platform.python_version(),
        "system": platform.platform(),
        "qt": pyside_version,
        "qt_platform_plugins": sorted(os.listdir(os.path.join(plugins, "platforms")))
        if os.path.isdir(os.path.join(plugins, "platforms")) else [],
        "qt_zh_CN": QTranslator().load("qtbase_zh_CN", translations),
        "pdfium": str(pypdfium2.PDFIUM_INFO),   # the library loads, and which build
        "ocr": ocr_available(),   # the OCR component installed (Windows installer / Linux add-on)
        "settings_folder": config_dir(),
        "autosave_folder": autosave_dir(),
        "log_folder": log_dir(),
    }


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if args[:1] == [DIAGNOSE]:
        _give_streams(attach_console=True)
        install_early_excepthook(window=False)
        from core.cli import utf8_streams   # here only: the window's start never loads the CLI
        utf8_streams()        # the same UTF-8 bytes as `extract`, whatever the code page
        import json
        json.dump(diagnose(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if wants_cli(args):
        _give_streams(attach_console=True)
        install_early_excepthook(window=False)
        from core.cli import main as cli_main   # the command line never imports Qt
        return cli_main(args)
    _give_streams(attach_console=False)
    install_early_excepthook(window=True)
    _input_method_fallback()
    from core.read_service import shared   # no Qt: the read worker starts before Qt loads
    shared().warm()
    from gui.app import main as gui_main  # Qt is imported only here
    return gui_main(args)


if __name__ == "__main__":
    # Must run before anything else in a frozen app: the batch's ProcessPoolExecutor starts
    # workers by re-running this executable (core/batch.py uses "spawn" on every system), and
    # freeze_support turns such a start into a worker instead of a second copy of the program.
    import multiprocessing
    multiprocessing.freeze_support()
    sys.exit(main())
