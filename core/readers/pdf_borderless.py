"""Borderless tables in a PDF page: runs of lines whose chunks align in columns → Grids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .pdf_layout import Chunk, Grid, GridCell, Item, Line, is_number, join_pieces, union

ROW_GAP = 2.0     # lines further apart than 2 em never belong to one borderless table
MAX_WRAPPED = 3   # at most this many single-chunk lines between two rows of a borderless table
WRAP_GAP = 0.8    # a text line this close (em) to a borderless row may continue its cells
TIE = 0.2         # gaps (em) differing by less than this are equal
HEADING = 1.2     # a line this much bigger than the one above is a heading: it ends a table
MARGIN_LEN = 30   # a running header or page number is one short line


def find_borderless(lines: list[Line], barriers: list[float],
                    carried: Optional[list[list[float]]] = None) -> list[Item]:
    """Turn runs of multi-chunk lines whose chunks align in columns into Grids.

    `barriers` are tops of ruled tables: a run never spans one. Lines that do not join a
    table come back unchanged (their chunks stay tab-separated in the text). `carried` are
    the columns of a borderless table open at the bottom of the page before: lines at the
    top of this page that fit them continue it, in those columns, a column empty in all of
    them included (adversarial p06: 科研机构 and 其他 have no number on page 2).
    """
    out: list[Item] = []
    i = 0
    while i < len(lines):
        grid, used = None, 1
        if len(lines[i].chunks) > 1:
            run = lines[i:_run_end(lines, i, barriers)]
            if carried and all(ln.size <= HEADING * run[0].size for ln in lines[:i]):
                grid, used = _carried_grid(run, carried)
            if grid is None:
                grid, used = _borderless_grid(run)
        if len(lines[i].chunks) > 1 or len(lines[i].text) > MARGIN_LEN:
            carried = None   # past the running header: this is the page's body
        if grid:
            out.append(grid)
        else:
            out.extend(lines[i:i + used])
        i += used
    return out


def _carried_grid(run: list[Line], carried: list[list[float]]) -> tuple[Optional[Grid], int]:
    """The run's first lines in the carried columns, if they fit them and hold a data row
    (a heading over the page's first lines, or a header alone, is another table's)."""
    bands = [list(b) for b in carried]
    misfit = _misfit(run, bands)
    run = _trim(run if misfit is None else run[:misfit])
    if not any(_has_number(ln.chunks) for ln in run):
        return None, 1
    return _grid(run, bands), len(run)


def _run_end(lines: list[Line], i: int, barriers: list[float]) -> int:
    """Index after the run of close lines that starts at multi-chunk line i."""
    j = i + 1
    while j < len(lines):
        k = j   # skip up to MAX_WRAPPED single-chunk lines (a wrapped cell) if a row follows
        while k < len(lines) and len(lines[k].chunks) < 2 and k - j < MAX_WRAPPED \
                and _close(lines[k - 1], lines[k], barriers) \
                and lines[k].size <= HEADING * lines[k - 1].size:
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
    """The table made of the longest prefix of `run` whose lines fit the columns found in it.

    The columns of the whole run come first, the run cut at the first line that does not fit
    them. When that leaves no table, the columns came from a later table of the run (two
    tables close together, adversarial p06: table 二 above table 三): the table then grows
    from the top, line by line, for as long as its lines fit.
    """
    whole = run
    while sum(len(ln.chunks) > 1 for ln in run) >= 2:
        bands = _bands(run)
        misfit = _misfit(run, bands)
        if misfit is None:
            return (_grid(run, bands), len(run)) if len(bands) > 1 else (None, 1)
        run = _trim(run[:misfit])
    return _grown(whole)


def _grown(run: list[Line]) -> tuple[Optional[Grid], int]:
    best = None
    multi = 0
    for end, ln in enumerate(run, 1):
        if len(ln.chunks) < 2:
            continue
        multi += 1
        if multi >= 2:
            bands = _bands(run[:end])
            if _misfit(run[:end], bands) is not None:
                break
            best = (end, bands)
    if best is None or len(best[1]) < 2:
        return None, 1
    return _grid(run[:best[0]], best[1]), best[0]


def _misfit(run: list[Line], bands: list[list[float]]) -> Optional[int]:
    return next((k for k, ln in enumerate(run) if len(ln.chunks) > 1 and not _fits(bands, ln)),
                None)


def _trim(run: list[Line]) -> list[Line]:
    while run and len(run[-1].chunks) < 2:
        run = run[:-1]
    return run


def _bands(run: list[Line]) -> list[list[float]]:
    """Column x-ranges, left to right.

    From the lines with most chunks; then the other chunks, narrowest first: one that hits a
    single band widens it, and one of the header (the text lines above the first number) that
    overlaps none is a column of its own: a column empty in every row still has its header
    (adversarial p06: 科研机构 and 其他 of table 三, all zeros left blank). Last, a band that
    holds two chunks of one line is two columns, split between them (label columns set
    closer than the chunk gap: "（四）无法 | 1.本机关不掌握…").
    """
    most = max(len(ln.chunks) for ln in run)
    bands = sorted([c.x0, c.x1] for ln in run if len(ln.chunks) == most for c in ln.chunks)
    merged: list[list[float]] = []
    for band in bands:
        if merged and _hits(merged[-1], band[0], band[1]):
            merged[-1][1] = max(merged[-1][1], band[1])
        else:
            merged.append(band)
    first_number = next((k for k, ln in enumerate(run) if _has_number(ln.chunks)), len(run))
    others = [(ch, k < first_number) for k, ln in enumerate(run)
              if 1 < len(ln.chunks) < most or (k < first_number and len(ln.chunks) == 1)
              for ch in ln.chunks]
    for ch, header in sorted(others, key=lambda item: item[0].x1 - item[0].x0):
        hits = [b for b in merged if _hits(b, ch.x0, ch.x1)]
        if len(hits) == 1:
            hits[0][0], hits[0][1] = min(hits[0][0], ch.x0), max(hits[0][1], ch.x1)
        elif not hits and header and all(ch.x1 <= b[0] or ch.x0 >= b[1] for b in merged):
            merged.append([ch.x0, ch.x1])
            merged.sort()
    return _split_shared(run, merged)


def _split_shared(run: list[Line], bands: list[list[float]]) -> list[list[float]]:
    """Split every band that two chunks of one line fall in, midway between them."""
    for ln in run:
        for a, b in zip(ln.chunks, ln.chunks[1:]):
            hit_a, hit_b = _band_range(bands, a), _band_range(bands, b)
            if hit_a is not None and hit_a == hit_b and hit_a[0] == hit_a[1]:
                band = bands[hit_a[0]]
                cut = (a.x1 + b.x0) / 2
                bands[hit_a[0]:hit_a[0] + 1] = [[band[0], cut], [cut, band[1]]]
    return bands


def _hits(band: list[float], x0: float, x1: float) -> bool:
    """Overlap of more than half the narrower of the two: a touch is not alignment."""
    overlap = min(band[1], x1) - max(band[0], x0)
    return overlap > 0.5 * min(band[1] - band[0], x1 - x0) and overlap > 0


def _band_range(bands: list[list[float]], ch: Chunk) -> Optional[tuple[int, int]]:
    """The first and last band the chunk hits (_hits written out: the layout's busiest test,
    with min() and max() as the comparisons they make: three builtin calls a band were half
    of its time)."""
    x0, x1 = ch.x0, ch.x1
    width = x1 - x0
    first = last = -1
    for i, (b0, b1) in enumerate(bands):
        overlap = (x1 if x1 < b1 else b1) - (x0 if x0 > b0 else b0)
        if overlap > 0:
            band = b1 - b0
            if overlap > 0.5 * (width if width < band else band):
                if first < 0:
                    first = i
                last = i
    return (first, last) if first >= 0 else None


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
    return Grid([_grid_row(bands, row) for row in rows], union([ln.bbox for ln in run]), xs,
                bands=bands, size=run[0].size)


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

    It must touch that row, and each chunk must fall under a cell of text, within its columns
    (a number never wraps). A line of several chunks only joins a row with numbers: in a table
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
    owners = [_owner(near, _band_range(bands, ch)) for ch in ln.chunks]
    if None in owners or len(set(owners)) < len(owners):
        return False
    for ch, owner in zip(ln.chunks, owners):
        near.cells[owner].append(ch)
    near.top, near.bottom = min(near.top, ln.top), max(near.bottom, ln.bottom)
    return True


def _owner(row: _Row, hit: Optional[tuple[int, int]]) -> Optional[int]:
    """The band of the row's text cell whose columns hold the band range `hit`, if any."""
    if hit is None:
        return None
    start = next((b for b in range(hit[0], -1, -1) if row.cells[b]), None)
    if start is None or start + row.spans[start] - 1 < hit[1] or _has_number(row.cells[start]):
        return None
    return start


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
