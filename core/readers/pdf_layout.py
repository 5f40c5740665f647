"""Text geometry for the PDF reader: characters → lines and chunks; the table shapes."""
from __future__ import annotations

import bisect
import re
from operator import itemgetter
from dataclasses import dataclass
from typing import Optional, Union

from .pdfium_page import BOTTOM, SIZE, TEXT, TOP, X0, X1, Char

BBox = tuple[float, float, float, float]

LINE_TOL = 3.0    # chars whose centres differ by at most this share a line (pdfplumber: 3)
LINE_SHARE = 0.3  # … or by at most 0.3 em of the line's first char (big fonts)
# A gap wider than this (em) splits a line into chunks, the columns of a borderless table.
# Text in adjacent LibreOffice cells sits 1.3 em apart (corpus 双河镇-2021: "其他 | 1.申请人");
# an ideographic space is 1 em and must not split.
CHUNK_GAP = 1.2
WORD_GAP = 0.25   # a gap wider than 0.25 em between Latin letters/digits is a space
# CJK chars set tight, 0.4 em apart with no space between them: two cells of a borderless
# table whose text fills them (LibreOffice pads a cell 0.1 cm a side: 0.63 em at 9 pt,
# adversarial p06 "自然人商业企科研机…" over seven columns). Not where most gaps are so wide.
NARROW_GAP = 0.4
DISTRIBUTED = 3   # one-char chunks at equal gaps (within SAME_GAP points): spread-out text
SAME_GAP = 1.0
# A footnote mark: at most 0.8 the size of the char it sits against, its bottom raised by at
# least 0.2 em of that char, touching it (within 0.5 em). Word and LibreOffice set superscripts
# at about 0.6 size raised by a third: "1.25¹" (adversarial p11) must not read 11.25.
MARK_SIZE = 0.8
MARK_RISE = 0.2
MARK_NEAR = 0.5

_LEFT = itemgetter(X0)
_NUMBER = re.compile(r"^[-+−]?\d[\d,，]*(\.\d+)?%?$")


@dataclass
class Chunk:
    """A run of characters on one line with no wide gap inside."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Line:
    chunks: list[Chunk]
    size: float        # font size of the line's first character: the unit of the gap rules

    @property
    def top(self) -> float:
        return min(c.top for c in self.chunks)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chunks)

    @property
    def bbox(self) -> BBox:
        return union([(c.x0, c.top, c.x1, c.bottom) for c in self.chunks])

    @property
    def text(self) -> str:
        # Chunks are columns in all but name: a tab keeps "label\tnum\tnum" parseable.
        return "\t".join(c.text for c in self.chunks)


@dataclass
class GridCell:
    text: str
    bbox: BBox
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A table found on one page; cells covered by a span are absent from `rows`."""

    rows: list[list[GridCell]]
    bbox: BBox
    col_xs: list[float]    # column boundaries: a table continued on the next page matches them
    ruled: bool = False    # drawn with lines (cell boxes are exact), not found by alignment
    bands: Optional[list[list[float]]] = None   # borderless: the x-range of each column
    size: float = 0.0      # borderless: the font size of its first line

    @property
    def top(self) -> float:
        return self.bbox[1]


Item = Union[Line, Grid]


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def nearest(bounds: list[float], v: float) -> int:
    """Index of the sorted boundary nearest to v."""
    i = bisect.bisect_left(bounds, v)
    if i == len(bounds) or (i > 0 and v - bounds[i - 1] < bounds[i] - v):
        i -= 1
    return i


def is_wide(ch: str) -> bool:
    """CJK characters and full-width punctuation: no space is written next to them."""
    return ord(ch) >= 0x2000


def join_pieces(pieces: list[str]) -> str:
    """Join wrapped lines or separated words: CJK joins tight, Latin words take one space."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and not is_wide(out[-1]) and not is_wide(piece[0]):
            out += " "
        out += piece
    return out


def is_number(text: str) -> bool:
    """A plain number as tables print them: 12, -3, 1,200, 25.1, 5%."""
    return bool(_NUMBER.match(text.strip()))


# ---- characters → lines -------------------------------------------------------------------

def build_lines(chars: list[Char]) -> list[Line]:
    """Group chars into lines by vertical centre, each split into chunks at wide gaps.

    Centres, not tops: a Latin and a CJK font of one size on one baseline report tops a few
    points apart (different ascents), and a bigger title font more than LINE_TOL apart.
    """
    lines: list[Line] = []
    group: list[Char] = []
    centre = 0.0
    limit = 0.0
    chars = drop_marks(chars)
    # the centres once, and the chars in their order by a C-level key (no call a char)
    middles = [(top + bottom) / 2 for _, top, _, bottom, _, _ in chars]
    for k in sorted(range(len(chars)), key=middles.__getitem__):   # stable: ties keep order
        ch, mid = chars[k], middles[k]
        if group and mid - centre > limit:
            _add_line(lines, group)
            group = []
        if not group:
            centre, limit = mid, max(LINE_TOL, LINE_SHARE * _size(ch))
        group.append(ch)
    _add_line(lines, group)
    return lines


def tight_run(chars: list[Char]) -> Optional[str]:
    """The text build_lines makes of `chars` when they are one line of one chunk, found without
    building it: a ruled cell's "212" or "行政许可" (most cells of more than one char).

    That is when the chars have one size (no mark), centres close enough for one line (glyph
    boxes differ in height: centres, not tops, are compared, as build_lines does), run left to
    right in content order (the sorts change nothing), hold no space and no doubled glyph, and
    sit closer than every gap rule of _chunks (no chunk cut, no piece cut, no space put in).
    None for anything else: build_lines then decides.
    """
    if not chars:
        return ""
    size = chars[0][SIZE]
    if not size or not size > 0:
        return None
    low = high = (chars[0][TOP] + chars[0][BOTTOM]) / 2
    prev = None
    for ch in chars:
        x0, top, x1, bottom, t, own = ch
        mid = (top + bottom) / 2
        if own != size or not t or t.isspace() or mid != mid:
            return None
        if mid < low:
            low = mid
        elif mid > high:
            high = mid
        if prev is not None:
            gap = x0 - prev[X1]
            if x0 <= prev[X0] or gap > CHUNK_GAP * size or (prev[TEXT] == t and _overlaid(prev, ch)):
                return None
            wide, prev_wide = ord(t[0]) >= 0x2000, ord(prev[TEXT][-1]) >= 0x2000
            if (gap > NARROW_GAP * size and wide and prev_wide) \
                    or (gap > WORD_GAP * size and not wide and not prev_wide):
                return None
        prev = ch
    if high - low > max(LINE_TOL, LINE_SHARE * size):
        return None
    return "".join([ch[TEXT] for ch in chars])


def drop_marks(chars: list[Char]) -> list[Char]:
    """The chars without superscript marks (footnote references), found in content order.

    A mark is written right after the char it marks (or, in the footnote itself, right before
    the note's first char), so only content-order neighbours are compared: no search. Its own
    line would otherwise join the cell's text ("1" over "1.25" → "1 1.25"). A mark of several
    digits continues the mark before it.
    """
    sizes = [size or (bottom - top) or 10.0 for _, top, _, bottom, _, size in chars]   # _size
    if not sizes or min(sizes) > MARK_SIZE * max(sizes):
        return chars   # one size (a table cell, mostly): no mark
    out: list[Char] = []
    mark: Optional[Char] = None
    last = len(chars) - 1
    for i, ch in enumerate(chars):
        before, after = sizes[i - 1] if i else 0, sizes[i + 1] if i < last else 0
        # max(before, after) as the comparison it makes (a call a char on every page)
        small = sizes[i] <= MARK_SIZE * (after if after > before else before)
        if (mark is not None and chars[i - 1] is mark and _same_run(mark, ch)) \
                or (small and i and _raised(ch, chars[i - 1], after=True)) \
                or (small and i < last and _raised(ch, chars[i + 1], after=False)):
            mark = ch
            continue
        mark = None
        out.append(ch)
    return out if len(out) < len(chars) else chars


def _raised(mark: Char, base: Char, after: bool) -> bool:
    """Whether `mark` is a superscript set against `base` (after it, or before it)."""
    if not mark[TEXT].strip() or not base[TEXT].strip():
        return False
    size = _size(base)
    if _size(mark) > MARK_SIZE * size or mark[BOTTOM] > base[BOTTOM] - MARK_RISE * size \
            or mark[TOP] < base[TOP] - MARK_NEAR * size:
        return False
    gap = mark[X0] - base[X1] if after else base[X0] - mark[X1]
    return -0.2 * size <= gap <= MARK_NEAR * size


def _same_run(a: Char, b: Char) -> bool:
    """b continues a's mark: same size and baseline, right after it ("12" as a mark)."""
    size = _size(a)
    return bool(b[TEXT].strip()) and abs(_size(b) - size) < 0.1 * size \
        and abs(b[BOTTOM] - a[BOTTOM]) < 0.2 * size and -0.2 * size <= b[X0] - a[X1] <= 0.5 * size


def _add_line(lines: list[Line], group: list[Char]) -> None:
    chunks = _distributed(_chunks(sorted(group, key=_LEFT)))
    if chunks:
        lines.append(Line(chunks, _size(group[0])))


def _size(ch: Char) -> float:
    return ch[SIZE] or (ch[BOTTOM] - ch[TOP]) or 10.0


def _chunks(chars: list[Char]) -> list[Chunk]:
    """The line's chars (left to right) in chunks: split at wide gaps, and at narrow ones
    between CJK chars that otherwise sit tight (see NARROW_GAP). The hot loop of a page's
    layout: plain locals, no calls it can do without."""
    chunks: list[Chunk] = []
    pieces: list[tuple[list[str], list[float]]] = []   # the current chunk, cut at narrow gaps
    text: list[str] = []
    x0 = top = x1 = bottom = 0.0   # the current piece's box
    pairs = 0   # adjacent CJK chars in the current chunk
    prev: Optional[Char] = None
    prev_size = prev_x1 = 0.0
    prev_wide = spaced = False
    for ch in chars:
        left, high, right, low, t, size = ch
        if not t or t.isspace():
            spaced = True
            continue
        size = size or (low - high) or 10.0   # _size
        wide = ord(t[0]) >= 0x2000   # is_wide
        if prev is not None:
            if prev[TEXT] == t and _overlaid(prev, ch):
                continue   # bold faked by drawing the same glyph twice, slightly shifted
            em = prev_size if prev_size > size else size
            gap = left - prev_x1
            if gap > CHUNK_GAP * em:
                pieces.append((text, [x0, top, x1, bottom]))
                _emit(chunks, pieces, pairs)
                pieces, text, pairs, prev = [], [], 0, None
            elif prev_wide and wide:
                pairs += 1
                if gap > NARROW_GAP * em and not spaced:
                    pieces.append((text, [x0, top, x1, bottom]))
                    text, prev = [], None
            elif (spaced or gap > WORD_GAP * em) and not prev_wide and not wide:
                text.append(" ")
        if prev is None:
            x0, top, x1, bottom = left, high, right, low
        else:
            if high < top:
                top = high
            if right > x1:
                x1 = right
            if low > bottom:
                bottom = low
        text.append(t)
        prev, prev_size, prev_x1, spaced = ch, size, right, False
        prev_wide = ord(t[-1]) >= 0x2000
    if text:
        pieces.append((text, [x0, top, x1, bottom]))
        _emit(chunks, pieces, pairs)
    return chunks


def _emit(chunks: list[Chunk], pieces: list[tuple[list[str], list[float]]], pairs: int) -> None:
    """A chunk, or one per piece where narrow gaps cut it: at fewer than half its CJK pairs
    (text spread out evenly, 分散对齐 or letter-spaced, has every gap wide: one chunk)."""
    if 2 * (len(pieces) - 1) < pairs:
        chunks.extend(_chunk(text, box) for text, box in pieces)
    else:
        boxes = [b for _, b in pieces]
        chunks.append(_chunk([t for text, _ in pieces for t in text],
                             [min(b[0] for b in boxes), min(b[1] for b in boxes),
                              max(b[2] for b in boxes), max(b[3] for b in boxes)]))


def _distributed(chunks: list[Chunk]) -> list[Chunk]:
    """The line's opening one-char CJK chunks as one, where they are a label spread over its
    cell (分散对齐, adversarial p10 "行  政  许  可"): DISTRIBUTED or more at equal gaps, or
    two before a number ("规      章 | 0"). Only at the line's start: single-char headers
    of evenly spaced columns (甲 | 乙 | 丙) are columns; and two chars elsewhere are as
    likely two cells (a header's wrapped "业 | 构")."""
    j = 1
    while j < len(chunks) and _spread(chunks[j - 1], chunks[j]) \
            and (j == 1 or abs((chunks[j].x0 - chunks[j - 1].x1)
                               - (chunks[1].x0 - chunks[0].x1)) <= SAME_GAP):
        j += 1
    if j >= DISTRIBUTED or (j == 2 and len(chunks) > 2 and is_number(chunks[2].text)):
        return [_joined(chunks[:j])] + chunks[j:]
    return chunks


def _joined(run: list[Chunk]) -> Chunk:
    return Chunk("".join(c.text for c in run), run[0].x0, min(c.top for c in run), run[-1].x1,
                 max(c.bottom for c in run))


def _spread(a: Chunk, b: Chunk) -> bool:
    """Two one-ideograph chunks (blank marks "— — —" are no word, however evenly set)."""
    return len(a.text) == len(b.text) == 1 and _ideograph(a.text) and _ideograph(b.text)


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _chunk(text: list[str], box: list[float]) -> Chunk:
    return Chunk("".join(text), box[0], box[1], box[2], box[3])


def _overlaid(a: Char, b: Char) -> bool:
    width = max(a[X1] - a[X0], 0.1)
    return a[TEXT] == b[TEXT] and abs(a[X0] - b[X0]) < 0.5 * width \
        and abs(a[TOP] - b[TOP]) < 1.5
