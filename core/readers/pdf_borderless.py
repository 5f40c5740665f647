"""Borderless tables in a PDF page: runs of lines whose chunks align in columns → Grids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .pdf_layout import Chunk, Grid, GridCell, Item, Line, is_number, join_pieces, union

ROW_GAP = 2.0     # lines further apart than 2 em never belong to one borderless table
MAX_WRAPPED = 3   # at most this many single-chunk lines between two rows of a borderless table
WRAP_GAP = 0.8    # a text line this close (em) to a borderless row may continue its cells
TIE = 0.2         # gaps (em) differing by less than this are equal


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
