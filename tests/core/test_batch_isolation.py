"""Batch isolation: a file that hangs, eats memory or kills its worker costs only itself."""
from __future__ import annotations

import json
import os
import sys
import time

import pytest

from core import worker_pool
from core.batch import MSG_CRASH, failure, run_batch
from test_batch import fake_open, write_spec


def hostile_open(path: str):
    """Module-level (it travels to the workers): a spec file says how to misbehave."""
    mode = json.loads(open(path, encoding="utf-8").read()).get("mode", "ok")
    if mode == "hang":
        time.sleep(3600)
    if mode == "eat":
        hoard = []
        while True:   # until RLIMIT_AS refuses, or the watchdog kills the worker
            hoard.append(bytearray(16 * 1024 * 1024))
            time.sleep(0.001)
    return fake_open(path)


def _folder(tmp_path, modes: list[str]) -> str:
    for k, mode in enumerate(modes):
        write_spec(str(tmp_path), f"{k:02d}-{mode}.txt", mode=mode, fixture="城郊乡-2020")
    return str(tmp_path)


def test_a_hanging_file_times_out_and_the_rest_complete(tmp_path):
    folder = _folder(tmp_path, ["ok", "hang", "ok", "ok", "hang", "ok"])
    started = time.monotonic()
    result = run_batch([folder], workers=2, open_fn=hostile_open, time_limit=2)
    assert time.monotonic() - started < 40
    assert len(result.reports) == 4
    assert [os.path.basename(f["path"]) for f in result.failures] == ["01-hang.txt", "04-hang.txt"]
    assert all(f["reason"].startswith("读取超时") for f in result.failures)


@pytest.mark.skipif(sys.platform == "win32", reason="the watchdog's limit on Windows")
def test_a_file_that_eats_memory_is_stopped_and_the_rest_complete(tmp_path):
    folder = _folder(tmp_path, ["ok", "eat", "crash", "ok"])
    result = run_batch([folder], workers=2, open_fn=hostile_open,
                       memory_limit=400 * 1024 * 1024, time_limit=30)
    assert len(result.reports) == 2
    reasons = {os.path.basename(f["path"]): f["reason"] for f in result.failures}
    assert reasons["02-crash.txt"] == MSG_CRASH
    assert ("内存" in reasons["01-eat.txt"]) or reasons["01-eat.txt"] == MSG_CRASH


def test_the_watchdog_reads_a_workers_memory():
    assert worker_pool.resident_bytes(os.getpid()) > 1024 * 1024 or sys.platform not in (
        "linux", "win32")


def test_the_batch_lists_every_file_of_the_folder(tmp_path):
    import openpyxl
    from core.xlsx.summary import write_summary
    from test_batch import SHARED_FIXTURES
    sample = (SHARED_FIXTURES / "reports" / "城郊乡-2020.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(sample)
    (tmp_path / "b.mht").write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>x</p>")
    for name in ("说明.md.bak", "幻灯片.pptx", "~$a.docx", ".DS_Store", "无扩展名"):
        (tmp_path / name).write_bytes(b"x")
    result = run_batch([str(tmp_path)], workers=1)
    read = [os.path.basename(r["path"]) for r in result.reports + result.failures]
    assert sorted(read) == ["a.txt", "b.mht"]
    skipped = {os.path.basename(s["path"]): s["reason"] for s in result.skipped}
    assert skipped == {"说明.md.bak": "已跳过：不是可读取的报告格式（.bak）",
                       "幻灯片.pptx": "已跳过：不是可读取的报告格式（.pptx）",
                       "~$a.docx": "已跳过：临时文件或隐藏文件（如 Word 的 ~$ 锁文件）",
                       ".DS_Store": "已跳过：临时文件或隐藏文件（如 Word 的 ~$ 锁文件）",
                       "无扩展名": "已跳过：不是可读取的报告格式（无扩展名）"}
    out = tmp_path / "汇总.xlsx"
    write_summary(result, str(out))
    listed = [row[0].value for row in openpyxl.load_workbook(out)["无法读取"].iter_rows(min_row=2)]
    assert len(listed) == len(result.failures) + 5


def paced_work(job: str, progress=None) -> dict:
    """Module-level (it travels to the workers): 'STEPSxSECONDS' — a read of STEPS pages of
    SECONDS each, reporting every page as the OCR of a scan does."""
    steps, seconds = job.split("x")
    for page in range(int(steps)):
        time.sleep(float(seconds))
        if progress is not None:
            progress(page + 1, int(steps))
    return {"path": job, "ok": True}


def _run_paced(jobs: list[str], with_progress: bool) -> dict:
    out: dict = {}
    worker_pool.run_isolated(list(enumerate(jobs)), paced_work, failure,
                             lambda i, item: out.__setitem__(jobs[i], item), workers=2,
                             time_limit=1.5, with_progress=with_progress)
    return out


def test_a_long_scan_read_page_by_page_is_not_cut_off_but_a_stuck_page_is():
    # five pages of 0.5 s (2.5 s) against a 1.5 s limit: read, since the clock restarts per page
    out = _run_paced(["5x0.5", "1x4"], with_progress=True)
    assert out["5x0.5"]["ok"]
    assert not out["1x4"]["ok"] and out["1x4"]["reason"].startswith("读取超时")
    # without the per-page clock the same long read is given up on
    out = _run_paced(["5x0.5"], with_progress=False)
    assert not out["5x0.5"]["ok"] and out["5x0.5"]["reason"].startswith("读取超时")
