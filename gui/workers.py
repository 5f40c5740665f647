"""Long work off the UI thread: reading a report and running a batch, with progress and cancel."""
from __future__ import annotations

import importlib
import threading
import time
from typing import Optional

from PySide6.QtCore import QThread, Signal

import core.ocr
from core.crashlog import log_exception
from core.errors import Cancelled, NianbaoError
from core.read_service import MSG_UNEXPECTED, shared as reads

from .session import Loaded

PROGRESS_EVERY = 0.05   # seconds: the reader may report per line; the UI needs no more than 20/s
# What the window itself loads on first use: pdfium's library to draw pages, the Excel
# writer. The readers load in the read worker (core.read_service.WARM_MODULES), not here.
WARM_MODULES = ("pypdfium2", "core.xlsx.report")


def warm_readers() -> threading.Thread:
    """Start the read worker (it imports the readers) and import what the window itself uses
    on a background thread; returns the thread."""
    def run() -> None:
        reads().warm()
        for name in WARM_MODULES:
            try:
                importlib.import_module(name)
            except Exception:   # only a head start: the load itself reports any real problem
                pass
    thread = threading.Thread(target=run, name="warm-readers", daemon=True)
    thread.start()
    return thread


class _Worker(QThread):
    """A thread with a cancel flag and throttled progress; results arrive as queued signals."""

    progress = Signal(int, int)
    failed = Signal(str, str)     # message (Chinese), technical detail
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= PROGRESS_EVERY:
            self._last = now
            self.progress.emit(done, total)

    def run(self) -> None:
        try:
            self.work()
        except Cancelled:
            self.cancelled.emit()
        except NianbaoError as exc:
            self.failed.emit(exc.message, exc.detail)
        except Exception as exc:   # a bug: log it, tell the person calmly, keep the app alive
            self.failed.emit(MSG_UNEXPECTED.format(log=log_exception(exc)), repr(exc))

    def work(self) -> None:
        raise NotImplementedError


def read_last_year(path: str):
    """Last year's report chosen by hand (core.last_year.LastYear: its saved corrections
    applied), read in the worker while the UI waits."""
    return reads().read(path, {"ocr": core.ocr.available(), "as_last_year": True})


class LoadWorker(_Worker):
    """A report read in the read service's worker process (core.read_service), waited for on
    this thread: 取消 kills the read at once; a file past the time or memory limit is refused
    with a plain message and the window lives on."""

    loaded = Signal(object)   # session.Loaded

    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        self.path = path

    def work(self) -> None:
        # the worker may OCR a scan only when this install can (and tests may say it cannot)
        doc, report, sha, last = reads().read(self.path, {"ocr": core.ocr.available()},
                                              self._progress, self.is_cancelled)
        if doc.format == "pdf":
            import pypdfium2  # noqa: F401  (its first import costs ~30 ms: pay it here, not in the UI)
        if self.is_cancelled():
            raise Cancelled()
        self.loaded.emit(Loaded(self.path, doc, report, sha, last))


class BatchWorker(_Worker):
    """core.batch.run_batch over files/folders, then the summary workbook."""

    finished_batch = Signal(object, str)   # BatchResult, summary path

    def __init__(self, inputs: list[str], out_path: str, workers: Optional[int] = None, parent=None):
        super().__init__(parent)
        self.inputs, self.out_path, self.workers = inputs, out_path, workers

    def work(self) -> None:
        from core.batch import run_batch   # the pool and openpyxl on this thread, when asked
        from core.xlsx.summary import write_summary
        result = run_batch(self.inputs, workers=self.workers, progress=self._progress,
                           cancelled=self.is_cancelled)
        write_summary(result, self.out_path)
        self.finished_batch.emit(result, self.out_path)
