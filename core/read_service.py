"""The app's reading of one file, in a warm worker process within the batch's limits.

pdfium's calls cannot be interrupted and a hostile file can eat memory: in a worker process a
cancel is a kill that takes effect at once, and a file that breaches the time or memory limit
(core.worker_pool: RLIMIT_AS / a Job Object inside, a watchdog outside) costs the worker, never
the window. A fresh worker is started (and imports the readers) while the app waits for the
person, so the next file does not pay for Python's start.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import threading
import time
from typing import Callable, Optional

from . import worker_pool
from .errors import Cancelled, NianbaoError, UnreadableFile

MSG_TIMEOUT = "文件过大或结构异常：超过 {seconds:.0f} 秒仍未读完，已停止读取。"
MSG_MEMORY = "文件过大或结构异常：读取时占用内存超过 {mb} MB，已停止读取。"
MSG_UNEXPECTED = "处理文件时出现意外错误，已记录到日志：{log}"
_POLL = 0.05   # seconds between looks at the cancel flag: a click on 取消 acts within this
# What the worker imports as soon as it starts, so the first report waits for no import.
WARM_MODULES = ("core.pipeline", "core.readers.pdf", "core.readers.docx", "core.readers.html",
                "core.readers.txt", "core.readers.ofd", "core.checks.run", "core.last_year")
# Tests only (never set by the program): done in the worker before reading, e.g.
# {"sleep": 30} for a slow read or {"allocate": 2**31} for a memory breach.
TEST_HOOKS: dict = {}
Progress = Optional[Callable[[int, int], None]]


def read_in_worker(job: tuple, progress: Callable[[int, int], None]) -> tuple:
    """In the worker: read, recognise and check one file, its hash and last year's report
    (options: "ocr" allowed; "as_last_year": a core.last_year.LastYear instead, for the 跨年核对).
    Returns ("ok", (doc, report, sha256, last_year)) or ("error", message, detail)."""
    # the worker's imports (warm() made them already): the window's process never loads them
    from .corrections import sha256_file
    from .last_year import read_last_year
    from .pipeline import open_or_blank
    from . import ocr
    path, options = job
    ocr.ENABLED = options.get("ocr", True)
    try:
        _test_hooks(options.get("hooks") or {}, progress)
        if options.get("as_last_year"):   # compared with this year's: a scan without tables is an error
            return "ok", read_last_year(path)
        doc, report = open_or_blank(path, progress)
        return "ok", (doc, report, sha256_file(path), _last_year(path, report))
    except NianbaoError as exc:
        return "error", exc.message, exc.detail
    except MemoryError:   # the worker's hard cap (core.worker_pool)
        return "error", MSG_MEMORY.format(mb=worker_pool.MEMORY_LIMIT // 2**20), "MemoryError"
    except Exception as exc:   # a bug: logged, one plain message, the window lives on
        from .crashlog import log_exception
        return "error", MSG_UNEXPECTED.format(log=log_exception(exc)), repr(exc)


def _test_hooks(hooks: dict, progress: Callable[[int, int], None]) -> None:
    if hooks.get("sleep"):
        time.sleep(hooks["sleep"])
    if hooks.get("pages"):   # a slow read that reports a page every `seconds` (an OCR'd scan)
        for page in range(hooks["pages"]):
            time.sleep(hooks["seconds"])
            progress(page + 1, hooks["pages"] + 1)
    if hooks.get("allocate"):
        block = bytearray(hooks["allocate"])
        block[::4096] = b"x" * len(block[::4096])   # touched, so it is resident too
        del block


def _last_year(path: str, report):
    """The same body's previous report beside the file, for the 跨年核对 (never fails the read)."""
    from .last_year import last_year_beside   # the worker's imports, never the window's
    try:
        return last_year_beside(path, report)
    except Exception as exc:   # a neighbour that breaks a reader is only not compared
        from .crashlog import log_exception
        log_exception(exc)
        return None


def _warm_up(_job: tuple, _progress: Callable[[int, int], None]) -> tuple:
    import importlib
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:   # only a head start: the read itself reports any real problem
            pass
    return "ok", None


def _serve_reads(job: tuple, progress: Callable[[int, int], None]) -> tuple:
    """The worker's one job function: warming up (job None) or reading a file."""
    return _warm_up(job, progress) if job is None else read_in_worker(job, progress)


class ReadService:
    """Reads one file at a time in a worker process; `warm()` starts one ahead of need."""

    def __init__(self, time_limit: float = worker_pool.TIME_LIMIT,
                 memory_limit: int = worker_pool.MEMORY_LIMIT):
        self.time_limit, self.memory_limit = time_limit, memory_limit
        self._context = multiprocessing.get_context("spawn")   # never fork a Qt process
        self._idle: Optional[worker_pool.Worker] = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start a worker now (it imports the readers) unless one is waiting already."""
        with self._lock:
            if self._idle is None:
                self._idle = self._start()

    def _start(self) -> worker_pool.Worker:
        worker = worker_pool.Worker(self._context, _serve_reads, self.memory_limit,
                                    with_progress=True)
        worker.give((0, None))   # the warm-up, whose answer the first read collects
        return worker

    def _take(self) -> worker_pool.Worker:
        with self._lock:
            worker, self._idle = self._idle, None
        return worker if worker is not None and worker.process.is_alive() else self._start()

    def read(self, path: str, options: dict, progress: Progress = None,
             cancelled: Optional[Callable[[], bool]] = None) -> tuple:
        """(doc, report, sha256, last_year) of `path`, read in a worker.

        Raises Cancelled at once when `cancelled()` turns true, UnreadableFile when the file
        breaches a limit or kills the worker, and the reader's own error otherwise.
        """
        worker = self._take()
        try:
            if worker.task is not None:   # the warm-up: not under the file's clock
                self._wait(worker, None, cancelled, max(self.time_limit, worker_pool.TIME_LIMIT))
            worker.give((1, (path, dict(options, hooks=dict(TEST_HOOKS)))))
            outcome = self._wait(worker, progress, cancelled)
        except BaseException:
            worker.kill()
            self.warm()   # the next file finds a worker ready
            raise
        with self._lock:
            if self._idle is None:
                self._idle, worker = worker, None
        if worker is not None:
            worker.stop()
        if outcome[0] != "ok":
            raise UnreadableFile(outcome[1], outcome[2])
        return outcome[1]

    def _wait(self, worker: worker_pool.Worker, progress: Progress,
              cancelled: Optional[Callable[[], bool]], time_limit: Optional[float] = None) -> tuple:
        """The worker's answer. The time limit counts from its last page (progress): a scan the
        clerk opens may OCR page after page for minutes, and 取消 stops it at any time; a read
        stuck for the limit on one page (or between pages) is stopped."""
        results: list = []
        while True:
            limit = self.time_limit if time_limit is None else time_limit
            reason = worker_pool.check(worker, lambda _index, result: results.append(result),
                                       limit, self.memory_limit, progress)
            if results:
                return results[0]
            if reason == worker_pool.TIMEOUT:
                raise UnreadableFile(MSG_TIMEOUT.format(seconds=limit), "time limit")
            if reason == worker_pool.MEMORY:
                raise UnreadableFile(MSG_MEMORY.format(mb=self.memory_limit // 2**20),
                                     "memory limit")
            if reason:
                raise UnreadableFile(worker_pool.MSG_CRASH, "the worker died")
            if cancelled is not None and cancelled():
                raise Cancelled()
            multiprocessing.connection.wait([worker.conn, worker.process.sentinel], _POLL)

    def close(self) -> None:
        with self._lock:
            worker, self._idle = self._idle, None
        if worker is not None:
            worker.kill()


_shared: Optional[ReadService] = None


def shared() -> ReadService:
    """The app's one read service. Its worker is started (warm()) first thing when the app
    starts, before Qt loads, so the child's Python start overlaps the window's."""
    global _shared
    if _shared is None:
        _shared = ReadService()
    return _shared
