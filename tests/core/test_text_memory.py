"""Text read in memory linear in its size with a small constant: one str and offsets, the blocks
made afresh on each pass, the row stream consumed as it is made (issue 12: ≤ 10× the file)."""
import pathlib
import pickle
import tracemalloc

import pytest

from core import limits, pipeline
from core.extract.fill import State
from core.extract.labels import clean
from core.readers import read_document
from core.readers import txt, txt_columns
from core.readers.txt import TextBlocks, parse_blocks
from core.readers.txt_lines import Lines, by_pieces, iter_lines

from core_fixtures import SHARED_FIXTURES

REPORT = SHARED_FIXTURES / "reports" / "城郊乡-2020.txt"


@pytest.fixture
def long_report_text(tmp_path, monkeypatch):
    """A quarter of a megabyte of real report text (the report over and over; 1 MB is in
    scripts/attack.py, too slow under tracemalloc for the suite), the text caps lifted for it."""
    sample = REPORT.read_bytes()
    path = tmp_path / "城郊乡-2020-重复.txt"
    path.write_bytes(sample * (2**18 // len(sample) + 1))
    for name in ("MAX_TEXT_BYTES", "MAX_TEXT_CHARS", "MAX_TEXT_LINES"):
        monkeypatch.setattr(limits, name, 10**8)
    return path


def test_long_report_text_costs_well_under_ten_times_its_size(long_report_text):
    size = long_report_text.stat().st_size
    tracemalloc.start()
    try:
        doc, report = pipeline.open_report(str(long_report_text))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * size, f"{peak / size:.1f} bytes of memory per byte of text"   # was 45×
    single = pipeline.open_report(str(REPORT))[1]
    assert report.cells == single.cells and report.agency == single.agency
    # a repeated row is noticed once, not once per repetition
    codes = [(n.code, n.cells, tuple(sorted(n.params.items()))) for n in report.notices]
    assert len(codes) == len(set(codes)) and len(report.notices) < 100


def test_text_blocks_are_made_again_on_each_pass_and_travel_as_text():
    doc = read_document(str(REPORT))
    assert isinstance(doc.blocks, TextBlocks)
    first, second = list(doc.blocks), list(doc.blocks)
    assert first == second == parse_blocks(doc.text) and len(doc.blocks) == len(first)
    assert doc.blocks[1] == first[1] and doc.blocks[-1] == first[-1]
    again = pickle.loads(pickle.dumps(doc))
    assert list(again.blocks) == first


@pytest.mark.parametrize("text", ["", "a", "a\n", "\n\n", "一行\n二行\r\n\n三", "x\n" * 5])
def test_lines_without_a_list_are_the_split_lines(text):
    split = text.split("\n")
    lines = Lines(text)
    assert [ln.text for ln in lines] == split == list(iter_lines(text))
    assert [ln.start for ln in lines] == [sum(len(s) + 1 for s in split[:k]) for k in range(len(split))]
    assert len(lines) == len(split) and lines[-1].text == split[-1]
    assert [ln.text for ln in lines[1:]] == split[1:]
    with pytest.raises(IndexError):
        lines[len(split)]


def test_longest_line_without_splitting():
    for text in ["", "abc", "a\nbcd\n", "\n" * 3, "ab\n" + "x" * 7]:
        assert limits.longest_line(text) == max(map(len, text.split("\n")))


def test_cleaning_by_pieces_is_cleaning_the_whole():
    # NFKC across a newline, full-width digits, spaces and quotes at the cuts
    text = "".join(f"第{k}行 “ＡＢ１２” e\u0301\n\u0301 ｶﾞ \t" for k in range(3000))
    assert by_pieces(text, clean.__wrapped__, size=1000) == clean.__wrapped__(text)
    assert by_pieces(text, lambda p: "".join(p.split()), size=777) == "".join(text.split())


def test_the_same_notice_twice_is_given_once():
    state = State("2021")
    for _ in range(3):
        state.notice("extract.duplicate_row", row="requests.new")
    state.notice("extract.duplicate_row", row="requests.granted")
    assert [n.params["row"] for n in state.notices] == ["requests.new", "requests.granted"]


def test_a_long_table_goes_out_in_parts_with_every_row_in_order():
    # one huge table (a hostile text) would hold ~300 bytes of objects per cell at once
    from core.model import Table
    rows = [f"第{k}行\t{k}\t{k + 1}" for k in range(1000)]
    blocks = parse_blocks("标题\n" + "\n".join(rows) + "\n结尾")
    tables = [b for b in blocks if isinstance(b, Table)]
    most = txt._MAX_BLOCK_ROWS
    assert most < 1000 and len(tables) == -(-1000 // most) and max(len(t.rows) for t in tables) == most
    cells = [[c.text for c in row] for t in tables for row in t.rows]
    assert cells == [r.split("\t") for r in rows]
    assert [b.text for b in blocks if not isinstance(b, Table)] == ["标题", "结尾"]



LAYOUT = pathlib.Path(__file__).parents[1] / "fixtures" / "adversarial" / "cases" / "t04_pdftotext_layout.txt"


def test_fixed_width_tables_are_read_region_by_region_in_bounded_memory():
    # pdftotext -layout tables over and over: the column finder once kept every row's words,
    # cells and measures (43 bytes per byte at 1 MB in scripts/attack.py)
    page = LAYOUT.read_text(encoding="utf-8")
    tables = page[page.index("二、主动公开"):page.index("五、存在")]
    text = tables * 10
    tracemalloc.start()
    try:
        lines = Lines(text)
        fixed = txt_columns.FixedRows(text, lines, [txt._kind(line.text) for line in lines])
        held, taken = 0, 0
        for i in range(len(lines)):
            taken += fixed.take(i) is not None
            held = max(held, len(fixed._rows), len(fixed._found))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    single = Lines(tables)
    once = txt_columns.FixedRows(tables, single, [txt._kind(line.text) for line in single])
    assert taken == 10 * sum(once.take(i) is not None for i in range(len(single))) > 0
    assert held < 100   # one region's rows (and the lines above it), not all 10 copies'
    assert peak < 6 * 2 * len(text), f"{peak / (2 * len(text)):.1f} bytes per byte of text"


def test_lone_values_under_one_label_are_kept_up_to_what_a_row_can_take():
    from core.extract import recognize
    from core.extract.stream import StreamRow
    from core.model import TextCell
    from core.extract.numbers import parse_cell
    state = State("2021")

    def line(text):
        recognize._take_line(state, StreamRow([TextCell(text)], [parse_cell(text)], False))
    line("行政许可")
    for k in range(5000):
        line(str(k))
    assert state.pending_label == ["行政许可"]
    assert [s.cell.text for s in state.pending_values] == [str(k) for k in range(recognize._MAX_PENDING)]


def test_lines_keep_an_offset_only_every_few_lines():
    text = "\n" * 100_000 + "末行"
    lines = Lines(text)
    assert len(lines) == 100_001 and lines[100_000].text == "末行" and lines[100_000].start == 100_000
    assert lines[31].start == 31 and lines[32].start == 32 and lines[63].text == ""
    assert len(lines._marks) * lines._marks.itemsize < len(text) / 3
