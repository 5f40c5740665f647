"""Time the desktop app: open a 10-page PDF → interactive window, keystroke → rechecked repaint, UI stalls.

Usage:  .venv/bin/python scripts/bench_gui.py [REPORT.pdf] [--runs N]

Without a file it uses tests/fixtures/pdf/report_10p.pdf (a real-shaped 10-page report).
Runs offscreen unless a display is set. Not a test: it prints figures (issue 5, "Measured").

- cold start → interactive: `python -m gui FILE --screenshot OUT.png` as a new process, i.e.
  Python and Qt start, the window opens, the report is read on the worker thread, the visible
  page is rendered and the window drawn (and saved as PNG, a few ms more);
- open → interactive: in a running window, from `open_path` to the report shown with its
  visible pages drawn;
- UI stall: the longest gap between ticks of a 10 ms timer while the report loads (goal < 100 ms);
- keystroke → repaint: type a digit over a cell and press Enter, until the table has repainted
  with the rechecked findings (goal under 50 ms); wall time, and the UI thread's CPU time, which
  a busy shared machine does not inflate. The value flips between the one read and a
  wrong one, so every keystroke turns a whole 勾稽 column from passing to failing or back: the
  most cells a single edit repaints.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


def ten_page_pdf() -> pathlib.Path:
    return ROOT / "tests" / "fixtures" / "pdf" / "report_10p.pdf"


def cold_start(pdf: pathlib.Path, runs: int) -> list[float]:
    """Wall time of `python -m gui PDF --screenshot OUT.png`, process start to exit."""
    import subprocess
    out = pathlib.Path(tempfile.mkdtemp(prefix="nianbao-bench-")) / "shot.png"
    env = dict(os.environ)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gui", str(pdf), "--screenshot", str(out)],
                       cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


class StallMeter:
    """A 10 ms timer; the longest gap between its ticks is how long the UI thread was busy."""

    def __init__(self):
        from PySide6.QtCore import QTimer
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self._tick)
        self.last = None
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


class PaintCounter:
    """Counts paint events of a widget, to know the edit really reached the screen."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, obj, event):   # noqa: N805 (Qt's signature)
                if event.type() == QEvent.Type.Paint:
                    self.paints += 1
                return False

        self.paints = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pdf = pathlib.Path(args.pdf) if args.pdf else ten_page_pdf()

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="nianbao-bench-"))
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="nianbao-bench-"))
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest

    from gui.app import setup_app
    from gui.main_window import MainWindow
    from gui.settings import Settings

    from gui.workers import warm_readers
    app = setup_app()
    win = MainWindow(Settings(), interactive=False)
    warm_readers().join()   # as the app does at start: readers (and the read worker) warmed
    win.resize(1500, 920)
    win.show()
    app.processEvents()

    # The noise floor: the same meter with nothing to do. On a shared or busy machine the OS
    # alone can hold the thread this long; a load stall is only ours above this.
    idle_meter = StallMeter()
    idle_meter.start()
    until = time.perf_counter() + 1.0
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.001)
    idle = idle_meter.stop()

    opens, stalls = [], []
    for _ in range(args.runs):
        meter = StallMeter()
        loop = QEventLoop()
        win.loaded.connect(loop.quit)
        meter.start()
        t0 = time.perf_counter()
        win.open_path(str(pdf))
        loop.exec()
        # interactive: the visible pages drawn by the lazy renderer, one per event-loop turn
        win.ui.source.pdf.render_pending()
        app.processEvents()
        opens.append(time.perf_counter() - t0)
        stalls.append(meter.stop())
        win.loaded.disconnect(loop.quit)
        win.stack.setClean()

    session = win.session
    key = next(k for k in session.report.provenance if k.startswith("requests.")
               and isinstance(session.value(k), int) and session.value(k) < 8)
    right = session.value(key)
    win.select_key(key)
    view = win.view_of(key)
    counter = PaintCounter(view.viewport())
    app.processEvents()
    typed, entered, failing, cpu = [], [], [], []
    for i in range(40):
        win.select_key(key)
        app.processEvents()
        before = counter.paints
        t0 = time.perf_counter()
        QTest.keyClick(view, str(right + 1 if i % 2 == 0 else right))   # opens the editor, types over
        editor = view.focusWidget()
        t1, c1 = time.perf_counter(), time.thread_time()
        QTest.keyClick(editor, Qt.Key.Key_Return)          # commit → command → recheck → dataChanged
        app.processEvents()                                # → repaint
        t2, c2 = time.perf_counter(), time.thread_time()
        cpu.append(c2 - c1)
        assert counter.paints > before, "the table did not repaint"
        typed.append(t2 - t0)
        entered.append(t2 - t1)
        failing.append(sum(1 for k in session.keys if session.look(k) & 4))   # session.ERROR
    assert max(failing) > min(failing), "the edits did not change what fails"
    findings = len(session.report.findings)
    win.stack.setClean()
    win.close()

    colds = cold_start(pdf, args.runs)

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"file: {pdf.name} ({session.doc.pages} pages, {session.doc.format}), "
          f"layout {session.layout}, {findings} findings, platform {app.platformName()}, "
          f"{os.cpu_count()} cores")
    print(f"cold start → interactive (python -m gui FILE --screenshot): median "
          f"{ms(statistics.median(colds))}, runs {', '.join(ms(t) for t in colds)}")
    print(f"open → interactive window: median {ms(statistics.median(opens))}, "
          f"runs {', '.join(ms(t) for t in opens)}")
    print(f"longest UI-thread stall while loading: {ms(max(stalls))} (goal < 100 ms), "
          f"runs {', '.join(ms(t) for t in stalls)}; idle noise floor {ms(idle)}")
    print(f"Enter → rechecked, repainted table: median {statistics.median(entered) * 1000:.1f} ms, "
          f"max {max(entered) * 1000:.1f} ms (goal < 50 ms); failing cells flip "
          f"{min(failing)} ↔ {max(failing)}")
    print(f"  the same, CPU time of the UI thread (what other processes cannot inflate): median "
          f"{statistics.median(cpu) * 1000:.1f} ms, max {max(cpu) * 1000:.1f} ms")
    print(f"keystroke + Enter (editor open, commit, repaint): median "
          f"{statistics.median(typed) * 1000:.1f} ms, max {max(typed) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
