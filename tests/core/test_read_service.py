"""The app's read in a worker process: results and progress come back; cancel, time and memory
limits stop the worker at once with a plain message, and the next read gets a fresh worker."""
import time

import pytest

from core import read_service
from core.errors import Cancelled, UnreadableFile
from core.read_service import ReadService

from core_fixtures import ROOT, SHARED_FIXTURES

PDF = ROOT / "tests" / "fixtures" / "pdf" / "report_10p.pdf"
TXT = SHARED_FIXTURES / "reports" / "城郊乡-2020.txt"


@pytest.fixture(scope="module")
def service():
    reads = ReadService(time_limit=20)
    reads.warm()
    yield reads
    reads.close()


def test_a_read_brings_back_the_document_the_report_and_the_progress(service):
    seen = []
    doc, report, sha, last = service.read(str(PDF), {"ocr": False}, lambda d, t: seen.append((d, t)))
    assert doc.format == "pdf" and doc.pages == 10 and len(sha) == 64 and last is None
    assert report.cells and report.findings is not None
    assert seen and seen[-1][0] == seen[-1][1]          # the reader's progress, to the end
    doc, report, _, _ = service.read(str(TXT), {})       # the same worker, warm, reads on
    assert doc.format == "txt" and report.agency


def test_a_reader_error_arrives_as_the_readers_message(service, tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        service.read(str(tmp_path / "没有这个文件.txt"), {})
    assert "找不到" in caught.value.message


def test_cancel_kills_a_read_that_cannot_be_interrupted(service, monkeypatch):
    monkeypatch.setitem(read_service.TEST_HOOKS, "sleep", 60)
    asked = time.monotonic()
    with pytest.raises(Cancelled):
        service.read(str(TXT), {}, cancelled=lambda: time.monotonic() - asked > 0.3)
    monkeypatch.delitem(read_service.TEST_HOOKS, "sleep")
    assert service.read(str(TXT), {})[0].format == "txt"


def test_the_time_limit_gives_the_plain_message(monkeypatch):
    reads = ReadService(time_limit=0.5)
    monkeypatch.setitem(read_service.TEST_HOOKS, "sleep", 60)
    try:
        with pytest.raises(UnreadableFile) as caught:
            reads.read(str(TXT), {})
        assert caught.value.message.startswith("文件过大或结构异常") and "秒" in caught.value.message
    finally:
        reads.close()


def test_the_time_limit_counts_from_the_last_page(monkeypatch):
    # pages every 0.4 s for 2.4 s under a 1.5 s limit: read; a 2 s stall on one page: stopped
    reads = ReadService(time_limit=1.5)
    try:
        monkeypatch.setitem(read_service.TEST_HOOKS, "pages", 6)
        monkeypatch.setitem(read_service.TEST_HOOKS, "seconds", 0.4)
        seen = []
        assert reads.read(str(TXT), {}, lambda d, t: seen.append(d))[0].format == "txt"
        assert seen[:6] == [1, 2, 3, 4, 5, 6]
        monkeypatch.setitem(read_service.TEST_HOOKS, "pages", 2)
        monkeypatch.setitem(read_service.TEST_HOOKS, "seconds", 2.5)
        with pytest.raises(UnreadableFile) as caught:
            reads.read(str(TXT), {})
        assert "秒" in caught.value.message
    finally:
        reads.close()


def test_the_memory_cap_gives_the_plain_message(service, monkeypatch):
    monkeypatch.setitem(read_service.TEST_HOOKS, "allocate", 3 * 2**30)   # over the 1.5 GB cap
    with pytest.raises(UnreadableFile) as caught:
        service.read(str(TXT), {})
    assert caught.value.message.startswith("文件过大或结构异常") and "内存" in caught.value.message
    monkeypatch.delitem(read_service.TEST_HOOKS, "allocate")
    assert service.read(str(TXT), {})[0].format == "txt"


def test_the_watchdog_stops_a_worker_whose_resident_memory_passes_the_limit(monkeypatch):
    # the parent's watchdog (RSS): the only guard where the OS cap is missing or lenient
    reads = ReadService()
    reads.warm()
    reads._wait(reads._idle, None, None)           # warmed up at the full limit
    reads.memory_limit = 1                          # then any resident page is too many
    try:
        with pytest.raises(UnreadableFile) as caught:
            reads.read(str(TXT), {})
        assert "内存" in caught.value.message
    finally:
        reads.close()
