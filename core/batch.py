"""Many reports read in parallel, each in a worker with limits; one bad file never stops the batch.

The summary workbook is core.xlsx.summary, the cross-year check core.checks.cross_year."""
from __future__ import annotations

import functools
import multiprocessing
import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from . import worker_pool
from .checks.run import run_checks
from .errors import NianbaoError
from .model import Severity
from .ocr import THREADS_ENV as OCR_THREADS_ENV
from .pipeline import open_report
from .readers import OPENABLE as SUFFIXES
from .readers.sheet import is_own_output
from .reopen import replay_beside
from .worker_pool import MSG_CRASH
Progress = Optional[Callable[[int, int], None]]
IsCancelled = Optional[Callable[[], bool]]


@dataclass
class BatchResult:
    """What a batch produced: one small dict per report read, and the files that failed."""

    reports: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)   # {"path", "reason", "detail"}
    seconds: float = 0.0
    skipped: list[dict] = field(default_factory=list)    # found in a folder, not a report format

    @property
    def total(self) -> int:
        return len(self.reports) + len(self.failures)


# ---------------------------------------------------------------- inputs
SKIP_LITTER = "已跳过：临时文件或隐藏文件（如 Word 的 ~$ 锁文件）"
SKIP_OWN = "已跳过：本程序生成的工作簿（导出或汇总）"
SKIP_FORMAT = "已跳过：不是可读取的报告格式（{suffix}）"


def _skip_reason(root: str, name: str) -> str:
    """Why a file found in a folder is not read ("" when it is read)."""
    if name.startswith(("~$", ".")):   # Word's lock files; editor and OS litter (.DS_Store)
        return SKIP_LITTER
    if not name.lower().endswith(SUFFIXES):
        return SKIP_FORMAT.format(suffix=os.path.splitext(name)[1].lower() or "无扩展名")
    # the workbooks this program wrote (exports, summaries) sit beside the reports
    if name.lower().endswith(".xlsx") and is_own_output(os.path.join(root, name)):
        return SKIP_OWN
    return ""


def collect_inputs(paths: Iterable[str]) -> list[str]:
    """Files named, plus supported files found in folders (recursively), in a stable order."""
    return collect(paths)[0]


def collect(paths: Iterable[str]) -> tuple[list[str], list[dict]]:
    """(files to read, files skipped with the reason): every file in the folders is one or
    the other. A named file is read whatever its suffix, and a missing path too: both end up
    in the 无法读取 sheet with the reason, rather than vanishing silently."""
    out, skipped, seen = [], [], set()
    for path in paths:
        found = [path]
        if os.path.isdir(path):
            found = []
            for root, dirs, names in sorted(os.walk(path)):
                for name in sorted(names):
                    reason = _skip_reason(root, name)
                    if reason:
                        skipped.append(failure(os.path.join(root, name), reason))
                    else:
                        found.append(os.path.join(root, name))
        for f in found:
            real = os.path.normcase(os.path.realpath(f))
            if real not in seen:
                seen.add(real)
                out.append(f)
    return out, skipped


# ---------------------------------------------------------------- one file (in a worker)
def process_one(path: str, progress: Progress = None, open_fn: Optional[Callable] = None) -> dict:
    """Read, recognise and check one file; never raises. Returns a small picklable dict.
    `progress(done, total)` hears of each page read (the worker's clock restarts there)."""
    started = time.perf_counter()
    if multiprocessing.parent_process() is not None:
        # one worker per core: OCR's model on one thread each, not two threads per core
        os.environ.setdefault(OCR_THREADS_ENV, "1")
    try:
        doc, report = open_fn(path) if open_fn else open_report(path, progress)
        corrected, note = _replay_project(path, doc, report)
    except NianbaoError as exc:
        return failure(path, exc.message, exc.detail)
    except MemoryError:   # the worker's RLIMIT_AS (core.worker_pool)
        return failure(path, worker_pool.MSG_MEMORY.format(
            mb=worker_pool.MEMORY_LIMIT // (1024 * 1024)), "MemoryError")
    except Exception as exc:   # a bug must cost one file, not the batch
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return failure(path, f"程序内部错误：{type(exc).__name__}: {exc}", detail)
    findings = report.notices + report.findings
    errors = [f for f in findings if f.severity is Severity.ERROR]
    return {"path": path, "ok": True, "meta": report.meta_json(), "cells": dict(report.cells),
            "errors": len(errors), "warnings": len(findings) - len(errors),
            "first_error": errors[0].message if errors else "",
            "corrected": corrected, "project_note": note,
            "seconds": round(time.perf_counter() - started, 3)}


def _replay_project(path: str, doc, report) -> tuple[int, str]:
    """The corrections a person saved beside the report (报告名.nianbao.json), applied and
    rechecked: a county office's summary carries the township's corrected numbers.
    Returns (cells corrected, a note when the project could not be applied)."""
    corrected, note = replay_beside(path, report)
    if corrected and doc is not None and report.findings is not None:
        report.findings = run_checks(report, doc)
    return corrected, note


def failure(path: str, reason: str, detail: str = "") -> dict:
    return {"path": path, "ok": False, "reason": reason, "detail": detail}


# ---------------------------------------------------------------- the pool
def run_batch(paths: Iterable[str], workers: Optional[int] = None, progress: Progress = None,
              cancelled: IsCancelled = None, open_fn: Optional[Callable] = None,
              time_limit: float = worker_pool.TIME_LIMIT,
              memory_limit: int = worker_pool.MEMORY_LIMIT) -> BatchResult:
    """Process every input on `workers` processes (default: all cores), each file within
    `memory_limit` bytes and each of its pages within `time_limit` seconds (core.worker_pool):
    a 40-page scan is read, a page that never ends is not.

    `open_fn(path) -> (doc, report)` replaces core.pipeline.open_report (tests); it must be a
    module-level function, since it travels to the worker processes.
    """
    started = time.perf_counter()
    files, skipped = collect(paths)
    workers = _worker_count(workers, len(files))
    results: dict[int, dict] = {}

    def done(i: int, item: dict) -> None:
        results[i] = item
        if progress:
            progress(len(results), len(files))

    if progress:
        progress(0, len(files))
    work = functools.partial(process_one, open_fn=open_fn) if open_fn else process_one
    worker_pool.run_isolated(list(enumerate(files)), work, failure, done, workers, cancelled,
                             time_limit, memory_limit, with_progress=True)
    ordered = [results[i] for i in range(len(files))]
    return BatchResult([r for r in ordered if r["ok"]], [r for r in ordered if not r["ok"]],
                       time.perf_counter() - started, skipped)


def _worker_count(workers: Optional[int], n: int) -> int:
    if workers is not None and workers < 1:
        raise NianbaoError("并行进程数应为正整数。", f"workers={workers}")
    return max(1, min(workers or os.cpu_count() or 1, n))
