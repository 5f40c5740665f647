"""Text geometry for the PDF reader: characters → lines and chunks, and borderless tables."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Union

BBox = tuple[float, float, float, float]

LINE_TOL = 3.0    # chars whose centres differ by at most this share a line (pdfplumber: 3)
LINE_SHARE = 0.3  # … or by at most 0.3 em of the line's first char (big fonts)
# A gap wider than this (em) splits a line into chunks, the columns of a borderless table.
# Text in adjacent LibreOffice cells sits 1.3 em apart (corpus 双河镇-2021: "其他 | 1.申请人");
# an ideographic space is 1 em and must not split.
CHUNK_GAP = 1.2
WORD_GAP = 0.25   # a gap wider than 0.25 em between Latin letters/digits is a space
ROW_GAP = 2.0     # lines further apart than 2 em never belong to one borderless table
MAX_WRAPPED = 3   # at most this many single-chunk lines between two rows of a borderless table
WRAP_GAP = 0.8    # a text line this close (em) to a borderless row may continue its cells
TIE = 0.2         # gaps (em) differing by less than this are equal
# A footnote mark: at most 0.8 the size of the char it sits against, its bottom raised by at
# least 0.2 em of that char, touching it (within 0.5 em). Word and LibreOffice set superscripts
# at about 0.6 size raised by a third: "1.25¹" (adversarial p11) must not read 11.25.
MARK_SIZE = 0.8
MARK_RISE = 0.2
MARK_NEAR = 0.5

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

    @property
    def top(self) -> float:
        return self.bbox[1]


Item = Union[Line, Grid]


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


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


# ---- characters → lines -------------------------------------------------------------------

def build_lines(chars: list[dict]) -> list[Line]:
    """Group chars into lines by vertical centre, each split into chunks at wide gaps.

    Centres, not tops: a Latin and a CJK font of one size on one baseline report tops a few
    points apart (different ascents), and a bigger title font more than LINE_TOL apart.
    """
    lines: list[Line] = []
    group: list[dict] = []
    centre = 0.0
    for ch in sorted(drop_marks(chars), key=_middle):
        mid = _middle(ch)
        if group and mid - centre > max(LINE_TOL, LINE_SHARE * _size(group[0])):
            _add_line(lines, group)
            group = []
        if not group:
            centre = mid
        group.append(ch)
    _add_line(lines, group)
    return lines


def drop_marks(chars: list[dict]) -> list[dict]:
    """The chars without superscript marks (footnote references), found in content order.

    A mark is written right after the char it marks (or, in the footnote itself, right before
    the note's first char), so only content-order neighbours are compared: no search. Its own
    line would otherwise join the cell's text ("1" over "1.25" → "1 1.25"). A mark of several
    digits continues the mark before it.
    """
    sizes = [_size(ch) for ch in chars]
    if not sizes or min(sizes) > MARK_SIZE * max(sizes):
        return chars   # one size (a table cell, mostly): no mark
    out: list[dict] = []
    mark: Optional[dict] = None
    last = len(chars) - 1
    for i, ch in enumerate(chars):
        small = sizes[i] <= MARK_SIZE * max(sizes[i - 1] if i else 0, sizes[i + 1] if i < last else 0)
        if (mark is not None and chars[i - 1] is mark and _same_run(mark, ch)) \
                or (small and i and _raised(ch, chars[i - 1], after=True)) \
                or (small and i < last and _raised(ch, chars[i + 1], after=False)):
            mark = ch
            continue
        mark = None
        out.append(ch)
    return out if len(out) < len(chars) else chars


def _raised(mark: dict, base: dict, after: bool) -> bool:
    """Whether `mark` is a superscript set against `base` (after it, or before it)."""
    if not mark["text"].strip() or not base["text"].strip():
        return False
    size = _size(base)
    if _size(mark) > MARK_SIZE * size or mark["bottom"] > base["bottom"] - MARK_RISE * size \
            or mark["top"] < base["top"] - MARK_NEAR * size:
        return False
    gap = mark["x0"] - base["x1"] if after else base["x0"] - mark["x1"]
    return -0.2 * size <= gap <= MARK_NEAR * size


def _same_run(a: dict, b: dict) -> bool:
    """b continues a's mark: same size and baseline, right after it ("12" as a mark)."""
    size = _size(a)
    return bool(b["text"].strip()) and abs(_size(b) - size) < 0.1 * size \
        and abs(b["bottom"] - a["bottom"]) < 0.2 * size and -0.2 * size <= b["x0"] - a["x1"] <= 0.5 * size


def _middle(ch: dict) -> float:
    return (ch["top"] + ch["bottom"]) / 2


def _add_line(lines: list[Line], group: list[dict]) -> None:
    chunks = _chunks(sorted(group, key=lambda c: c["x0"]))
    if chunks:
        lines.append(Line(chunks, _size(group[0])))


def _size(ch: dict) -> float:
    return ch.get("size") or (ch["bottom"] - ch["top"]) or 10.0


def _chunks(chars: list[dict]) -> list[Chunk]:
    chunks: list[Chunk] = []
    text: list[str] = []
    prev: Optional[dict] = None
    spaced = False
    for ch in chars:
        t = ch["text"]
        if not t or t.isspace():
            spaced = True
            continue
        if prev is not None and _overlaid(prev, ch):
            continue   # bold faked by drawing the same glyph twice, slightly shifted
        if prev is not None:
            size = max(_size(prev), _size(ch))
            gap = ch["x0"] - prev["x1"]
            if gap > CHUNK_GAP * size:
                chunks.append(_chunk(text, box))
                text, prev = [], None
            elif (spaced or gap > WORD_GAP * size) and not is_wide(prev["text"][-1]) \
                    and not is_wide(t[0]):
                text.append(" ")
        if prev is None:
            box = [ch["x0"], ch["top"], ch["x1"], ch["bottom"]]
        else:
            box = [box[0], min(box[1], ch["top"]), max(box[2], ch["x1"]), max(box[3], ch["bottom"])]
        text.append(t)
        prev, spaced = ch, False
    if text:
        chunks.append(_chunk(text, box))
    return chunks


def _chunk(text: list[str], box: list[float]) -> Chunk:
    return Chunk("".join(text), box[0], box[1], box[2], box[3])


def _overlaid(a: dict, b: dict) -> bool:
    width = max(a["x1"] - a["x0"], 0.1)
    return a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 0.5 * width \
        and abs(a["top"] - b["top"]) < 1.5


# ---- borderless tables: aligned chunks over consecutive lines --------------------------------

def find_borderless(lines: list[Line], barriers: list[float]) -> list[Item]:
    """Turn runs of multi-chunk lines whose chunks align in columns into Grids.

    `barriers` are tops of ruled tables: a run never spans one. Lines that do not join a
    table come back unchanged (their chunks stay tab-separated in the text).
    """
    out: list[Item] = []
    i = 0
    while i < len(lines):
        grid, used = None, 1
        if len(lines[i].chunks) > 1:
            grid, used = _borderless_grid(lines[i:_run_end(lines, i, barriers)])
        if grid:
            out.append(grid)
        else:
            out.extend(lines[i:i + used])
        i += used
    return out


def _run_end(lines: list[Line], i: int, barriers: list[float]) -> int:
    """Index after the run of close lines that starts at multi-chunk line i."""
    j = i + 1
    while j < len(lines):
        k = j   # skip up to MAX_WRAPPED single-chunk lines (a wrapped cell) if a row follows
        while k < len(lines) and len(lines[k].chunks) < 2 and k - j < MAX_WRAPPED \
                and _close(lines[k - 1], lines[k], barriers):
            k += 1
        if k < len(lines) and len(lines[k].chunks) > 1 and _close(lines[k - 1], lines[k], barriers):
            j = k + 1
        else:
            break
    return j


def _close(a: Line, b: Line, barriers: list[float]) -> bool:
    if any(a.top < t < b.top for t in barriers):
        return False
    return b.top - a.bottom <= ROW_GAP * max(a.size, b.size)


def _borderless_grid(run: list[Line]) -> tuple[Optional[Grid], int]:
    """The table made of the longest prefix of `run` whose lines fit common columns."""
    while sum(len(ln.chunks) > 1 for ln in run) >= 2:
        bands = _bands(run)
        misfit = next((k for k, ln in enumerate(run) if len(ln.chunks) > 1
                       and not _fits(bands, ln)), None)
        if misfit is None:
            return (_grid(run, bands), len(run)) if len(bands) > 1 else (None, 1)
        run = run[:misfit]
        while run and len(run[-1].chunks) < 2:
            run = run[:-1]
    return None, 1


def _bands(run: list[Line]) -> list[list[float]]:
    """Column x-ranges: from the lines with most chunks, widened by chunks that hit one band."""
    most = max(len(ln.chunks) for ln in run)
    bands = sorted([c.x0, c.x1] for ln in run if len(ln.chunks) == most for c in ln.chunks)
    merged: list[list[float]] = []
    for band in bands:
        if merged and _hits(merged[-1], band[0], band[1]):
            merged[-1][1] = max(merged[-1][1], band[1])
        else:
            merged.append(band)
    for ln in run:
        if 1 < len(ln.chunks) < most:
            for ch in ln.chunks:
                hits = [b for b in merged if _hits(b, ch.x0, ch.x1)]
                if len(hits) == 1:
                    hits[0][0], hits[0][1] = min(hits[0][0], ch.x0), max(hits[0][1], ch.x1)
    return merged


def _hits(band: list[float], x0: float, x1: float) -> bool:
    """Overlap of more than half the narrower of the two: a touch is not alignment."""
    overlap = min(band[1], x1) - max(band[0], x0)
    return overlap > 0.5 * min(band[1] - band[0], x1 - x0) and overlap > 0


def _band_range(bands: list[list[float]], ch: Chunk) -> Optional[tuple[int, int]]:
    hits = [i for i, b in enumerate(bands) if _hits(b, ch.x0, ch.x1)]
    return (hits[0], hits[-1]) if hits else None


def _fits(bands: list[list[float]], ln: Line) -> bool:
    """Each chunk of the line falls in its own column(s)."""
    taken = -1
    for ch in ln.chunks:
        hit = _band_range(bands, ch)
        if hit is None or hit[0] <= taken:
            return False
        taken = hit[1]
    return True


@dataclass
class _Row:
    """A borderless row being built: chunks per column band, spans, vertical extent."""

    line: Line
    cells: list[list[Chunk]]
    spans: list[int]
    top: float
    bottom: float


def _grid(run: list[Line], bands: list[list[float]]) -> Grid:
    """Rows from the lines with numbers first, then the text-only lines: wrapped cells or rows."""
    rows = [_new_row(bands, ln) for ln in run if len(ln.chunks) > 1 and _has_number(ln.chunks)]
    for ln in run:
        if len(ln.chunks) == 1 or not _has_number(ln.chunks):
            if not _wrap_into(rows, bands, ln):
                rows.append(_new_row(bands, ln))
    rows.sort(key=lambda row: row.top)
    xs = [b[0] for b in bands] + [bands[-1][1]]
    return Grid([_grid_row(bands, row) for row in rows], union([ln.bbox for ln in run]), xs)


def is_number(text: str) -> bool:
    """A plain number as tables print them: 12, -3, 1,200, 25.1, 5%."""
    return bool(_NUMBER.match(text.strip()))


def _has_number(chunks: list[Chunk]) -> bool:
    return any(is_number(c.text) for c in chunks)


def _new_row(bands, ln: Line) -> _Row:
    row = _Row(ln, [[] for _ in bands], [1] * len(bands), ln.top, ln.bottom)
    for ch in ln.chunks:
        hit = _band_range(bands, ch)
        if hit is None:   # a lone line between columns: the nearest column by centre
            x = (ch.x0 + ch.x1) / 2
            near = min(range(len(bands)), key=lambda b: abs((bands[b][0] + bands[b][1]) / 2 - x))
            hit = (near, near)
        row.cells[hit[0]].append(ch)
        row.spans[hit[0]] = hit[1] - hit[0] + 1
    return row


def _wrap_into(rows: list[_Row], bands, ln: Line) -> bool:
    """Add a text-only line to the nearest row as the wrapped rest of its cells, if it is one.

    It must touch that row, and each chunk must fall under a one-column cell of text (a
    number never wraps). A line of several chunks only joins a row with numbers: in a table
    of text alone nothing tells a wrapped line from the next row.
    """
    if not rows or _has_number(ln.chunks):
        return False
    gaps = [(max(0.0, ln.top - r.bottom, r.top - ln.bottom), r) for r in rows]
    least = min(g for g, _ in gaps)
    if least > WRAP_GAP * ln.size:
        return False
    # Equally close above and below: cells are top-aligned by default, the text runs down.
    near = min((r for g, r in gaps if g <= least + TIE * ln.size), key=lambda r: r.top > ln.top)
    several = len(ln.chunks) > 1
    if several and not any(_has_number(cell) for cell in near.cells):
        return False
    hits = [_band_range(bands, ch) for ch in ln.chunks]
    for hit in hits:
        if hit is None or hit[0] != hit[1] or near.spans[hit[0]] != 1 or not near.cells[hit[0]] \
                or _has_number(near.cells[hit[0]]):
            return False
    for ch, hit in zip(ln.chunks, hits):
        near.cells[hit[0]].append(ch)
    near.top, near.bottom = min(near.top, ln.top), max(near.bottom, ln.bottom)
    return True


def _grid_row(bands, row: _Row) -> list[GridCell]:
    out: list[GridCell] = []
    b = 0
    while b < len(bands):
        chunks = sorted(row.cells[b], key=lambda c: (round(c.top), c.x0))
        span = row.spans[b]
        if chunks:
            box = union([(c.x0, c.top, c.x1, c.bottom) for c in chunks])
        else:
            box = (bands[b][0], row.top, bands[b + span - 1][1], row.bottom)
        out.append(GridCell(join_pieces([c.text for c in chunks]), box, 1, span))
        b += span
    return out
