"""What on a straightened page is read: each ruled cell's lines, and the text outside tables
that recognition needs (titles, headings, short lines; not the body of the narrative)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..readers.pdf_ruled import find_tables
from . import lines, ruling

INSET = 0.03      # inches inside a cell's ruling lines: what is left of a line there is no text
STUB_SHARE = 0.8  # a column of a cell inked over this share of its height is a ruling line
STUB_WIDTH = 0.03 # inches: a wider one is ink of another kind
# A run of the narrative's body (as wide as most of the text column, of the body's height) is
# not read: no cell comes from it, and it is most of a report's ink (reading it was most of the
# time). Titles (taller), headings, labels and the short last lines of paragraphs are read.
BODY_WIDTH = 0.6
BODY_HEIGHT = 1.25
INDENT = 3.0      # line heights: a paragraph's first line starts this far in at most


@dataclass
class PageCrops:
    """The page's ruling lines (page points), the ink without them, and the boxes to read."""

    edges: list[dict]
    clean: np.ndarray           # grey, ruling lines painted white
    boxes: list[lines.Box]      # pixels, cells' lines first, then the free text's runs
    skipped: int = 0            # body runs left unread
    cells: int = 0              # cells of ruled tables found
    in_cells: int = 0           # the first this many boxes lie in table cells


def page_crops(grey: np.ndarray, binary: np.ndarray, dpi: float, body: bool = False) -> PageCrops:
    mask = ruling.line_mask(binary, dpi)
    edges = ruling.ruling_edges(binary, dpi)
    tables = [(cells, bbox) for cells, bbox in (find_tables(edges) if edges else []) if len(cells) > 1]
    px = dpi / 72.0
    for cells, _bbox in tables:
        for cell in cells:
            edges += _short_column_lines(binary, mask, tuple(int(v * px) for v in cell), dpi)
    ink = (binary & (1 - mask)).astype(np.uint8)
    inset = max(1, int(INSET * dpi))
    boxes: list[lines.Box] = []
    free = ink.copy()
    for cells, bbox in tables:
        for x0, top, x1, bottom in cells:
            box = (int(x0 * px) + inset, int(top * px) + inset, int(x1 * px) - inset, int(bottom * px) - inset)
            if box[2] > box[0] and box[3] > box[1]:
                boxes.extend(lines.text_lines(ink, box, dpi, split=True))
        x0, top, x1, bottom = (int(v * px) for v in bbox)
        free[max(0, top - inset):bottom + inset, max(0, x0 - inset):x1 + inset] = 0
    h, w = free.shape
    runs = lines.text_lines(free, (0, 0, w, h), dpi, split=True)
    table_boxes = [tuple(int(v * px) for v in bbox) for _cells, bbox in tables]
    kept = runs if body else _without_body(runs, table_boxes)
    return PageCrops(edges, ruling.erase_lines(grey, mask), boxes + kept, len(runs) - len(kept),
                     sum(len(cells) for cells, _ in tables), len(boxes))


def _short_column_lines(binary: np.ndarray, mask: np.ndarray, box: tuple[int, int, int, int],
                        dpi: float) -> list[dict]:
    """A table row cut off by the page break: its column lines are as short as the row is
    high, too short to be told from a digit "1" on the whole page, so that it reads as one cell
    across the table. Inside a cell, a thin line of ink from its top to its bottom is one of
    them (a "1" or a stroke of a character is shorter than its row): marked as a line, so the
    numbers either side read apart, and returned as an edge, so the layout splits the cell."""
    x0, top, x1, bottom = box
    region = binary[top:bottom, x0:x1]
    if region.shape[0] < 2 or region.shape[1] < 2:
        return []
    edges = []
    inset = max(1, int(INSET * dpi))   # the cell's own side lines are no stubs
    tall = region[:, inset:-inset].mean(axis=0) >= STUB_SHARE
    for start, end in _spans(tall):
        if end - start <= max(2, int(STUB_WIDTH * dpi)):
            left = x0 + inset + start
            mask[top:bottom, max(0, left - 1):left + end - start + 1] = 1
            edges.append(ruling.edge("v", left, top, end - start, bottom - top, 72.0 / dpi))
    return edges


def _spans(flags: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _without_body(runs: list[lines.Box], tables: list[lines.Box] = ()) -> list[lines.Box]:
    """The runs less the body's full lines: as wide as the text column, from (near) its left
    edge to its right edge, of the body's height. A centred title, a heading, a label, the
    last line of a paragraph stay. The tables count in the column's width: on a page of tables
    the heading between two of them is the widest free run, and must not pass for body."""
    if not runs:
        return runs
    column = list(runs) + list(tables)
    left, right = min(r[0] for r in column), max(r[2] for r in column)
    wide = [r for r in runs if r[2] - r[0] >= BODY_WIDTH * (right - left)]
    if not wide:
        return runs
    left, right = min(r[0] for r in wide), max([r[2] for r in wide] + [t[2] for t in tables])
    body = sorted(r[3] - r[1] for r in wide)[len(wide) // 2]
    return [r for r in runs if not (r in wide and r[3] - r[1] <= BODY_HEIGHT * body
                                    and r[0] <= left + INDENT * body and r[2] >= right - body)]
