"""Run one attack case through the real CLI in a forked child: exit code, stderr, time, memory.

Fork (POSIX) rather than a new interpreter: the imports are paid once, so thousands of cases
run in minutes, and each child's own peak memory and exit status come back from wait4.
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass

TIME_CEILING = 10.0                  # CPU seconds per case (the machine is shared: wall time
HANG_CEILING = 60.0                  # there measures the neighbours too); wall seconds
MEMORY_CEILING = 1024 * 1024 * 1024  # bytes per case (peak resident)
HARD_SECONDS = 120                   # a runaway child is killed here, and fails its case


@dataclass
class Outcome:
    rc: int
    stderr: str
    seconds: float        # wall
    peak_bytes: int
    cpu_seconds: float = 0.0

    def problems(self) -> list[str]:
        """What this outcome breaks of the rules; [] when it holds."""
        found = []
        if self.rc not in (0, 1, 2):
            found.append(f"exit {self.rc}")
        if "Traceback" in self.stderr:
            found.append("traceback")
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        if self.rc == 2 and len(lines) != 1:
            found.append(f"{len(lines)} stderr lines")
        if self.cpu_seconds > TIME_CEILING:
            found.append(f"{self.cpu_seconds:.1f} s CPU")
        if self.seconds > HANG_CEILING:
            found.append(f"{self.seconds:.1f} s")
        if self.peak_bytes > MEMORY_CEILING:
            found.append(f"{self.peak_bytes // 1024 // 1024} MB")
        return found


def run_case(argv: list, cwd: str) -> Outcome:
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:   # the child: never returns
            _child(argv, cwd, err.fileno())
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - started
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    rc = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Outcome(rc, text, seconds, peak, usage.ru_utime + usage.ru_stime)


def _child(argv: list, cwd: str, err_fd: int) -> None:
    code = 99
    try:
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(err_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        resource.setrlimit(resource.RLIMIT_AS, (4 * MEMORY_CEILING, resource.RLIM_INFINITY))
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(HARD_SECONDS)
        from core.cli import main
        try:
            code = main(argv)
        except SystemExit as exc:   # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:   # noqa: BLE001 — what the CLI let through is the finding
        import traceback
        traceback.print_exc()
        code = 98
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:   # noqa: BLE001
            pass
        os._exit(code)
