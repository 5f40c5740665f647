"""Long work off the UI thread: reading a report and running a batch, with progress and cancel."""
from __future__ import annotations

import importlib
import threading
import time
from typing import Optional

from PySide6.QtCore import QThread, Signal

from core.corrections import sha256_file
from core.crashlog import log_exception
from core.errors import Cancelled, NianbaoError

from .session import Loaded

MSG_UNEXPECTED = "处理文件时出现意外错误，已记录到日志：{log}"
PROGRESS_EVERY = 0.05   # seconds: the reader may report per line; the UI needs no more than 20/s
# What opening the first report would otherwise load on the spot (pdfium's library, lxml,
# python-docx, the text readers, the Excel writer): ~0.3 s of a cold start.
WARM_MODULES = ("core.pipeline", "core.readers.pdf", "core.readers.docx", "core.readers.html",
                "core.readers.txt", "core.readers.ofd", "core.xlsx.report")


def warm_readers() -> threading.Thread:
    """Import the readers on a background thread while the window comes up; returns it."""
    def run() -> None:
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


class LoadWorker(_Worker):
    """core.pipeline.open_report on a worker thread, then the file's SHA-256 (for autosave)."""

    loaded = Signal(object)   # session.Loaded

    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        self.path = path

    def work(self) -> None:
        from core.pipeline import open_or_blank   # on this thread (warm_readers starts it early)
        # a scan no table could be read from still opens, its tables empty for typing
        doc, report = open_or_blank(self.path, self._progress, self.is_cancelled)
        if doc.format == "pdf":
            import pypdfium2  # noqa: F401  (its first import costs ~30 ms: pay it here, not in the UI)
        sha = sha256_file(self.path)
        last = self._last_year(report)
        if self.is_cancelled():
            raise Cancelled()
        self.loaded.emit(Loaded(self.path, doc, report, sha, last))

    def _last_year(self, report):
        """The same body's previous report beside the file, for the 跨年核对 (never fails the load)."""
        from core.last_year import last_year_beside   # with the readers: on this thread, not at start
        try:
            return last_year_beside(self.path, report)
        except Exception as exc:   # a neighbour that breaks a reader is only not compared
            log_exception(exc)
            return None


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
