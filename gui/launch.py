"""Entry point of the bundled executable: `nianbao FILE` opens the window, `nianbao extract FILE` is the CLI.

One executable serves both, so the installed program can be smoke-tested from a shell and an
office can script the batch. CLI runs never import Qt: they start faster and work on a machine
with no display.

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

# The first argument that means "command line, not window". Mirrors core/cli.py's sub-commands.
CLI_WORDS = frozenset({"extract", "check", "export", "batch", "--version", "-h", "--help"})


def wants_cli(args: Sequence[str]) -> bool:
    """True when the arguments (without the program name) ask for a CLI command."""
    return bool(args) and args[0] in CLI_WORDS


def _attach_windows_console() -> None:
    """Give a windowed Windows build a stdout/stderr: the parent's console, else a null sink."""
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes
    attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # -1 = ATTACH_PARENT_PROCESS
    import os
    target = "CONOUT$" if attached else os.devnull
    # Each stream is only replaced when missing: a redirected stream (> file, | pipe) is kept.
    if sys.stdout is None:
        sys.stdout = open(target, "w", encoding="utf-8", errors="replace")
    if sys.stderr is None:
        sys.stderr = open(target, "w", encoding="utf-8", errors="replace")
    if sys.stdin is None and attached:
        sys.stdin = open("CONIN$", "r", encoding="utf-8", errors="replace")


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if wants_cli(args):
        _attach_windows_console()
        from core.cli import main as cli_main
        return cli_main(args)
    from gui.app import main as gui_main  # Qt is imported only here
    return gui_main(args)


if __name__ == "__main__":
    # Must run before anything else in a frozen app: the batch's ProcessPoolExecutor starts
    # workers by re-running this executable (spawn on Windows/macOS), and freeze_support turns
    # such a start into a worker instead of a second copy of the program.
    import multiprocessing
    multiprocessing.freeze_support()
    sys.exit(main())
