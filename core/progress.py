"""Progress and cancel callbacks as readers take them, and a text progress bar for the command line."""
from __future__ import annotations

import sys
import time
from typing import Callable, Optional, TextIO

Progress = Optional[Callable[[int, int], None]]   # (done, total)
Cancelled = Optional[Callable[[], bool]]          # asked between pages: stop now?


class ProgressBar:
    """Call with (done, total); redraws in place on a terminal, prints every 10% otherwise."""

    def __init__(self, total: Optional[int] = None, stream: Optional[TextIO] = None,
                 width: int = 30, label: str = "处理中", interval: float = 0.1):
        self.total = total
        self.stream = stream or sys.stderr
        self.width = width
        self.label = label
        self.interval = interval
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._last_step = -1
        self._drawn = False
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: Optional[int] = None) -> None:
        self.total = total if total is not None else self.total
        if not self.total:
            return
        if self.tty:
            now = time.monotonic()
            # Redraw at most `interval` apart (500 files finish faster than a terminal repaints).
            if done < self.total and now - self._last_draw < self.interval:
                return
            self._last_draw = now
            self._write("\r" + self.line(done))
        else:
            step = done * 10 // self.total     # a log file gets one line per 10%
            if step != self._last_step:
                self._last_step = step
                self._write(self.line(done) + "\n")

    def line(self, done: int) -> str:
        total = self.total or 1
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        text = f"{self.label} [{bar}] {done}/{total} {100 * done // total:3d}%  {rate:.1f} 份/秒"
        if 0 < done < total and rate > 0:
            left = int((total - done) / rate)
            text += f"  剩余 {left // 60}:{left % 60:02d}"
        return text

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
            self._drawn = True
        except (OSError, ValueError):   # stderr closed or gone: progress is not worth a crash
            pass

    def close(self) -> None:
        """End the line the bar was drawn on."""
        if self._drawn and self.tty:
            self._write("\n")
            self._drawn = False
