"""The PDF reader's fast paths give what the plain way gives (issue 9's speed pass).

Each shortcut taken for speed is checked here against the straightforward computation it
replaced, on real fixture pages: the same chars and boxes, the same tables, the same numbers.
"""
from __future__ import annotations

import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
CORPUS_PDF = FIXTURES / "corpus" / "pdf"


def _plain_display(crop, rotation: int, x: float, y: float) -> tuple[float, float]:
    """PDF user space → display space, the subtractions written out (the code before)."""
    x0, y0, x1, y1 = crop
    if rotation == 90:
        return y - y0, x - x0
    if rotation == 180:
        return x1 - x, y - y0
    if rotation == 270:
        return y1 - y, x1 - x
    return x - x0, y1 - y


def _plain_boxes(raw, page, textpage, rotation: int) -> list[tuple]:
    """Every kept char's display box from one field read per corner (the code before)."""
    crop = page.get_cropbox()
    rect = raw.FS_RECTF()
    out = []
    for i in range(raw.FPDFText_CountChars(textpage)):
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code < 32 or (code == 32 and raw.FPDFText_IsGenerated(textpage, i) == 1):
            continue
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        x0, top = _plain_display(crop, rotation, rect.left, rect.top)
        x1, bottom = _plain_display(crop, rotation, rect.right, rect.bottom)
        out.append((chr(code), min(x0, x1), max(x0, x1), min(top, bottom), max(top, bottom)))
    return out


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_char_boxes_read_in_one_slice_equal_the_boxes_read_field_by_field(tmp_path, rotation):
    # _chars reads a char's loose box as one slice of four floats and moves it to display
    # space with ±1 factors: exactly the figures of four field reads and the subtractions
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from core.readers import pdfium_page
    source = pdfium.PdfDocument(str(CORPUS_PDF / "高坪镇-2024.pdf"))
    for page in source:
        page.set_rotation(rotation)
    path = tmp_path / "turned.pdf"
    source.save(str(path))
    source.close()
    doc = pdfium_page.open_document(path.read_bytes())
    reference = pdfium.PdfDocument(path.read_bytes())
    checked = 0
    for index in range(len(doc)):
        content = pdfium_page.read_page(doc, index)
        with pdfium_page.PDFIUM_LOCK:
            page = reference[index]
            textpage = page.get_textpage()
            want = _plain_boxes(raw, page, textpage.raw, rotation)
            textpage.close()
            page.close()
        got = [(text, x0, x1, top, bottom) for x0, top, x1, bottom, text, _ in content.chars]
        assert got == want
        checked += len(got)
    doc.close()
    reference.close()
    assert checked > 1000


def test_remembered_readings_equal_fresh_ones_and_cannot_be_changed():
    # parse_cell, clean, marker and the row matchers remember their answers per text (a report repeats "0" and
    # its labels): a remembered answer must be the fresh one, and one no caller can alter
    import dataclasses

    from core.extract import context, labels, numbers
    from core.model import Table
    from core.readers import read_document
    doc = read_document(str(CORPUS_PDF / "金山镇-2020.pdf"))
    texts = [c.text for b in doc.blocks if isinstance(b, Table) for row in b.rows for c in row]
    texts += doc.text.split("\n")
    assert len(texts) > 400
    for text in texts:
        assert numbers.parse_cell(text) == numbers.parse_cell.__wrapped__(text)
        assert labels.clean(text) == labels.clean.__wrapped__(text)
        assert labels.match_active_row(text) == labels.match_active_row.__wrapped__(text)
        assert labels.match_appeal_group(text) == labels.match_appeal_group.__wrapped__(text)
        for layout in ("2019", "2021"):
            assert labels.match_request_row(text, layout, fuzzy=False) \
                == labels.match_request_row.__wrapped__(text, layout, fuzzy=False)
        for strict in (False, True):
            assert context.marker(text, strict) == context.marker.__wrapped__(text, strict)
    with pytest.raises(dataclasses.FrozenInstanceError):
        numbers.parse_cell("12").value = 13


def _band_range_reference(bands, x0: float, x1: float):
    """pdf_borderless._band_range as written before, with min() and max()."""
    first = last = -1
    for i, (b0, b1) in enumerate(bands):
        overlap = min(b1, x1) - max(b0, x0)
        if overlap > 0.5 * min(b1 - b0, x1 - x0) and overlap > 0:
            if first < 0:
                first = i
            last = i
    return (first, last) if first >= 0 else None


_coord = st.floats(min_value=-50, max_value=650, allow_nan=False) | st.sampled_from([0.0, 10.0, 20.0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_coord, _coord), min_size=1, max_size=8), _coord, _coord)
def test_band_test_without_min_max_calls_is_the_same_test(pairs, a, b):
    from core.readers.pdf_borderless import _band_range
    from core.readers.pdf_layout import Chunk
    bands = [sorted(p) for p in pairs]
    x0, x1 = min(a, b), max(a, b)
    assert _band_range(bands, Chunk("x", x0, 0, x1, 1)) == _band_range_reference(bands, x0, x1)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_coord, _coord, _coord, _coord, st.sampled_from(["字", " ", "1"])),
                max_size=30), st.sampled_from([(595.0, 842.0), (100.0, 20.0), (0.1, 0.3)]))
def test_off_page_chars_are_left_out_as_before(boxes, size):
    # _layout filters and counts in one loop (a tiny char's centre halves to -0.0: kept)
    from core.readers import pdf
    from core.readers.pdfium_page import PageContent
    width, height = size
    chars = [(a, c, b, d, t, 10.0) for a, b, c, d, t in boxes]   # (x0, top, x1, bottom, …)
    stats = pdf.new_stats()
    pdf.lay_out(PageContent(width, height, chars=chars), stats, [])
    kept = [t for a, b, c, d, t in boxes if 0 <= (a + b) / 2 <= width and 0 <= (c + d) / 2 <= height]
    assert stats["chars"] == sum(not t.isspace() for t in kept)


def _upright_reference(angles: list[float], rotation: int) -> int:
    """pdfium_page._upright_rotation as written before: every sample read."""
    import math
    from core.readers.pdfium_page import ANGLE_SAMPLES, UPRIGHT_SHARE
    count = len(angles)
    if count <= 0:
        return rotation
    turns: dict[int, int] = {}
    for i in range(0, count, max(1, count // ANGLE_SAMPLES)):
        degrees = math.degrees(angles[i])
        if degrees >= 0:
            quarter = (360 - int(round(degrees / 90.0)) % 4 * 90) % 360
            turns[quarter] = turns.get(quarter, 0) + 1
    if not turns:
        return rotation
    best = max(turns, key=turns.get)
    if best and turns[best] >= UPRIGHT_SHARE * sum(turns.values()):
        return best
    return rotation


_angle = st.sampled_from([0.0, 1.5707963, 3.1415926, 4.712389, -1.0, 0.01])


@settings(max_examples=300, deadline=None)
@given(st.lists(_angle, max_size=450) | st.lists(_angle, min_size=1, max_size=3).map(lambda a: a * 150),
       st.sampled_from([0, 90, 180, 270]))
def test_upright_sampling_that_stops_early_decides_as_before(angles, rotation):
    # the sampling stops once no quarter turn can reach the share any more
    from types import SimpleNamespace
    from unittest import mock

    from core.readers import pdfium_page
    raw = SimpleNamespace(FPDFText_CountChars=lambda page: len(angles),
                          FPDFText_GetCharAngle=lambda page, i: angles[i])
    # the fake bindings stand in for the unchecked twins too
    with mock.patch.object(pdfium_page, "unchecked", getattr):
        assert pdfium_page._upright_rotation(raw, None, rotation) == _upright_reference(angles, rotation)


def _cell_chars(draw_texts, widths, gaps, size: float, top: float, odd: int, odd_as=(1.5, 0.6)):
    """A cell's chars left to right (x0, top, x1, bottom, text, size); char `odd` set apart:
    raised by odd_as[0] points at odd_as[1] of the size (a mark; a line below at rise < 0; at
    rise 0 only its size differs, as a char of another font on the same box would)."""
    chars, x = [], 100.0
    for i, (text, width, gap) in enumerate(zip(draw_texts, widths, gaps)):
        x += gap * size
        rise, scale = odd_as if i == odd else (0.0, 1.0)
        height = size * (scale if rise else 1.0)
        chars.append((x, top - rise, x + width * size, top - rise + height, text, size * scale))
        x += width * size
    return chars


# gaps (em) on both sides of every gap rule of _chunks, overlaps and doubled glyphs included
_gap = st.sampled_from([-1.0, -0.9, -0.2, 0.0, 0.1, 0.24, 0.26, 0.39, 0.41, 1.19, 1.21, 2.0])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1", "0", "字", "行", " ", "a", "\u3000", "."]), min_size=0, max_size=7),
       st.lists(st.sampled_from([0.5, 1.0, 0.05]), min_size=7, max_size=7),
       st.lists(_gap, min_size=7, max_size=7), st.sampled_from([9.0, 10.5, 0.0]),
       st.integers(min_value=-1, max_value=6),
       st.tuples(st.sampled_from([1.5, 0.5, 0.0, -12.0]), st.sampled_from([0.6, 1.0, 1.5])))
def test_a_tight_run_reads_as_its_lines_would(texts, widths, gaps, size, odd, odd_as):
    # _cell_text takes a cell's text without building lines when its chars are one tight
    # run: only when build_lines would give that same text
    from core.readers import pdf
    from core.readers.pdf_layout import build_lines, join_pieces, tight_run
    chars = _cell_chars(texts, widths, gaps, size, 200.0, odd, odd_as)
    lines = join_pieces([join_pieces([k.text for k in ln.chunks]) for ln in build_lines(chars)])
    run = tight_run(chars)
    assert run is None or run == lines
    if len(chars) != 1:   # a lone char has its own short way
        assert pdf._cell_text(chars) == lines


def test_cells_of_one_font_set_tight_take_the_short_way():
    from core.readers.pdf_layout import build_lines, tight_run
    number = _cell_chars("212", [0.5] * 3, [0.0] * 3, 9.0, 300.0, -1)
    label = _cell_chars("行政许可", [1.0] * 4, [0.02] * 4, 9.0, 300.0, -1)
    assert tight_run(number) == "212" and tight_run(label) == "行政许可"
    spread = _cell_chars("行政", [1.0] * 2, [0.0, 0.5], 9.0, 300.0, -1)   # a narrow CJK gap
    assert tight_run(spread) is None
    marked = _cell_chars("1.251", [0.5] * 5, [0.0] * 5, 9.0, 300.0, 4)   # a footnote mark
    assert tight_run(marked) is None
    # one box, sizes 15, 10, 10: the last gap (3 pt) is a space at 10 pt, not at 15
    sized = [(100.0, 300.0, 105.0, 310.0, "1", 15.0), (105.0, 300.0, 110.0, 310.0, "2", 10.0),
             (113.0, 300.0, 118.0, 310.0, "3", 10.0)]
    assert tight_run(sized) is None and [ln.text for ln in build_lines(sized)] == ["12 3"]
    bold = _cell_chars("88", [0.5] * 2, [0.0, -0.45], 9.0, 300.0, -1)   # a glyph drawn twice
    assert tight_run(bold) is None and [ln.text for ln in build_lines(bold)] == ["8"]
