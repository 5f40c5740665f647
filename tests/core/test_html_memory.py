"""HTML read in memory linear in its size with a small constant (issue 12): the page is parsed
as events, no tree of it is built, and its text is decoded a piece at a time."""
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from core.model import Table
from core.readers import html

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "fixtures" / "corpus" / "html" / "三合乡-2020.html"


def _repeated(times: int, wrap: bool = False) -> bytes:
    """The report page with its body over and over (as scripts/attack.py measures it); if
    `wrap`, in one cell of a layout table (old sites' pages)."""
    page = PAGE.read_bytes()
    start, end = page.index(b"<body"), page.rindex(b"</body>")
    start = page.index(b">", start) + 1
    head, tail = page[:start], page[end:]
    if wrap:
        head, tail = head + b"<table><tr><td>", b"</td></tr></table>" + tail
    return head + page[start:end] * times + tail


def _tables(doc) -> int:
    return sum(isinstance(block, Table) for block in doc.blocks)


def _read_traced(data: bytes):
    """The page read, and the memory its read held beyond what it kept (peak − kept)."""
    tracemalloc.start()
    try:
        doc = html.read("p.html", data)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return doc, peak - kept


def test_reading_a_page_holds_little_more_than_the_document_it_makes():
    data = _repeated(12)   # about 200 KB
    doc, held = _read_traced(data)
    assert _tables(doc) == 12 * _tables(html.read("p.html", _repeated(1)))
    # was 2.05× (the whole text and its UTF-8 copy held while the cells were built), now 0.5×
    assert held < len(data), f"{held / len(data):.2f} bytes per byte of page"


def test_a_page_in_one_layout_table_is_held_compactly_till_the_table_ends():
    data = _repeated(12, wrap=True)   # about 200 KB
    doc, held = _read_traced(data)
    plain = html.read("p.html", _repeated(12))
    assert (doc.text, doc.blocks) == (plain.text, plain.blocks)   # the layout table adds nothing
    # held as a tree of the table's nodes: 7.6 bytes per byte of page; now 0.8
    assert held < 2 * len(data), f"{held / len(data):.2f} bytes per byte of page"


_WALK = """
import sys
from core.readers.html_decode import decoding, utf8_pieces
from core.readers.html_walk import walk_page
def status(field):
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith(field + ":"))
with open(sys.argv[1], "rb") as fh:
    data = fh.read()
walk_page(utf8_pieces(b"<p>x</p>", decoding(b"<p>x</p>")), lambda item: None)   # first use
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")   # the peak restarts from here
before = status("VmRSS")
items = []
walk_page(utf8_pieces(data, decoding(data)), lambda item: items.append(type(item).__name__))
print(status("VmHWM") - before, items.count("tuple"))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/clear_refs"), reason="needs Linux /proc")
def test_parsing_a_page_builds_no_tree_of_it(tmp_path):
    """Resident memory, C included (lxml's trees are not Python objects): parsing a 1 MB page
    costs 1.5 bytes per byte (mostly the text, decoded for a moment to choose the codec);
    with a tree of the whole page it cost 18."""
    path = tmp_path / "page.html"
    path.write_bytes(_repeated(60))
    done = subprocess.run([sys.executable, "-c", _WALK, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    if "clear_refs" in done.stderr:
        pytest.skip("the peak resident memory cannot be restarted here")
    assert done.returncode == 0, done.stderr
    peak, tables = map(int, done.stdout.split())
    assert tables == 60 * _tables(html.read("p.html", _repeated(1)))
    assert peak < 4 * path.stat().st_size, f"{peak / path.stat().st_size:.1f} bytes per byte"
