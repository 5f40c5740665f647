"""Worker processes that each read one file at a time, within a time and a memory limit.

A file that hangs a reader or eats memory costs only itself: its worker is killed (or dies),
the file is reported with the reason, a fresh worker takes its place and the rest go on.
The parent knows which file each worker holds, so no guessing at the culprit afterwards.
Memory: a hard cap inside the worker (RLIMIT_AS on Linux/macOS, a Job Object on Windows,
core.win_memory): past it an allocation fails, a MemoryError, then a plain message; and
everywhere a watchdog in the parent that reads the worker's resident memory.
"""
from __future__ import annotations

import collections
import multiprocessing
import multiprocessing.connection
import os
import sys
import time
from typing import Callable, Optional

from .errors import Cancelled

TIME_LIMIT = 60.0                    # seconds per file; a real report takes well under 5
MEMORY_LIMIT = 1536 * 1024 * 1024    # bytes of address space per worker (POSIX), and RSS
MSG_TIMEOUT = "读取超时：超过 {seconds:.0f} 秒仍未读完，已跳过（文件可能结构异常）。"
MSG_MEMORY = "内存超限：读取时占用内存超过 {mb} MB，已跳过（文件可能结构异常）。"
MSG_CRASH = "处理该文件时程序意外退出（文件可能已损坏，或内存不足）。"
_POLL = 0.2
_PROGRESS_EVERY = 0.05
# why a file was given up on (the callers word it: the batch's 无法读取, the app's message)
CRASH, TIMEOUT, MEMORY = "crash", "timeout", "memory"


def _serve(conn, work: Callable, memory_limit: int, with_progress: bool = False) -> None:
    """The worker's loop: (index, job) in, (index, work(job)) out, until None or EOF.

    With `with_progress`, work(job, progress) may report (done, total): sent at most 20 times
    a second (a reader may report per line)."""
    _limit_address_space(memory_limit)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, job = task
        conn.send(("taken", index, None))   # the clock starts now, not while Python starts up
        if with_progress:
            conn.send(("done", index, work(job, _progress_sender(conn, index))))
        else:
            conn.send(("done", index, work(job)))


def _progress_sender(conn, index: int) -> Callable[[int, int], None]:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - last[0] >= _PROGRESS_EVERY:
            last[0] = now
            conn.send(("progress", index, (done, total)))
    return progress


def _limit_address_space(limit: int) -> None:
    global MEMORY_LIMIT
    MEMORY_LIMIT = limit   # what this worker's messages name
    if sys.platform == "win32":
        from .win_memory import limit_own_memory   # ctypes' Windows calls: only on Windows
        limit_own_memory(limit)
        return
    try:
        import resource
    except ImportError:   # another system without rlimits: the parent's watchdog is the limit
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY
                                                    else resource.RLIM_INFINITY))
    except (ValueError, OSError):
        pass


def resident_bytes(pid: int) -> int:
    """A process's resident memory, or 0 when the OS will not say."""
    try:
        if sys.platform.startswith("linux"):
            with open(f"/proc/{pid}/statm", "rb") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        if sys.platform == "win32":
            return _windows_working_set(pid)
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _windows_working_set(pid: int) -> int:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD)] + [
            (name, ctypes.c_size_t) for name in (
                "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
                "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage", "QuotaNonPagedPoolUsage",
                "PagefileUsage", "PeakPagefileUsage")]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000 | 0x0010, False, pid)   # query limited info | read
    if not handle:
        return 0
    try:
        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        if not kernel32.K32GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb):
            return 0
        return int(counters.WorkingSetSize)
    finally:
        kernel32.CloseHandle(handle)


class Worker:
    """One worker process and the task it holds (None when idle)."""

    def __init__(self, context, work: Callable, memory_limit: int, with_progress: bool = False):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, work, memory_limit,
                                                             with_progress), daemon=True)
        self.process.start()
        child.close()
        self.task: Optional[tuple[int, str]] = None
        self.started = 0.0

    def give(self, task: tuple[int, str]) -> None:
        self.conn.send(task)
        self.task, self.started = task, 0.0   # started: when the worker says it has begun

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()


def run_isolated(tasks: list[tuple[int, str]], work: Callable, failure: Callable,
                 done: Callable, workers: int, cancelled: Optional[Callable[[], bool]] = None,
                 time_limit: float = TIME_LIMIT, memory_limit: int = MEMORY_LIMIT,
                 with_progress: bool = False) -> None:
    """Call done(index, work(path)) for every task, each in a worker within the limits.

    `work` must be a module-level function (it travels to the spawned workers); a task that
    breaches a limit or kills its worker gets done(index, failure(path, reason)) instead.
    With `with_progress`, work(path, progress) reports its steps (pages) and the time limit
    counts from the last one (check): a long scan OCR'd page after page is read, a page stuck
    is not.
    """
    # spawn, not fork: the same behaviour as on Windows, and safe under the GUI's threads.
    context = multiprocessing.get_context("spawn")
    pending = collections.deque(tasks)
    def fresh() -> Worker:
        return Worker(context, work, memory_limit, with_progress)

    pool = [fresh() for _ in range(min(workers, len(tasks)))]
    try:
        while pending or any(w.task for w in pool):
            for worker in pool:
                if worker.task is None and pending:
                    worker.give(pending.popleft())
            busy = [w for w in pool if w.task]
            multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel
                                                                       for w in busy], _POLL)
            if cancelled and cancelled():
                raise Cancelled()
            for k, worker in enumerate(pool):
                reason = check(worker, done, time_limit, memory_limit)
                if reason:
                    index, path = worker.task
                    done(index, failure(path, batch_reason(reason, time_limit, memory_limit)))
                    worker.kill()
                    pool[k] = fresh() if pending else worker
                    if not pending:
                        worker.task = None
    finally:
        for worker in pool:
            worker.kill() if worker.task else worker.stop()


def batch_reason(reason: str, time_limit: float, memory_limit: int) -> str:
    """The 无法读取 line for a file given up on."""
    if reason == TIMEOUT:
        return MSG_TIMEOUT.format(seconds=time_limit)
    if reason == MEMORY:
        return MSG_MEMORY.format(mb=memory_limit // (1024 * 1024))
    return MSG_CRASH


def check(worker: Worker, done: Callable, time_limit: float, memory_limit: int,
          progress: Optional[Callable[[int, int], None]] = None) -> str:
    """Collect the worker's result if there is one (and pass on its progress); else why to
    give up on its file: CRASH, TIMEOUT, MEMORY, or "" to keep waiting."""
    if worker.task is None:
        return ""
    try:
        while worker.conn.poll():
            kind, index, result = worker.conn.recv()
            if kind == "taken":
                worker.started = time.monotonic()
                continue
            if kind == "progress":   # a page read: the time limit counts from here
                worker.started = time.monotonic()
                if progress is not None:
                    progress(*result)
                continue
            worker.task = None
            done(index, result)
            return ""
    except (EOFError, OSError):
        return CRASH
    if not worker.process.is_alive():
        return CRASH
    if worker.started and time.monotonic() - worker.started > time_limit:
        return TIMEOUT
    if resident_bytes(worker.process.pid) > memory_limit:
        return MEMORY
    return ""
