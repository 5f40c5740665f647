"""Lines of text in a page image found by cheap means: rows and columns of ink, no model.

A ruled table's cells are known from its lines, so each cell's text is the ink inside it, one
crop per text line; the text outside the tables is cut into lines by the gaps between rows of
ink and into runs by wide gaps along a line. The recogniser then reads only these crops.
"""
from __future__ import annotations

import numpy as np

Box = tuple[int, int, int, int]   # x0, top, x1, bottom in pixels, x1/bottom exclusive

THINNEST = 0.03       # inches: a band of ink less tall is a left-over of a ruling line or dust
JOIN = 0.012          # inches: rows of ink this close are one line (strokes of 二, 三 …)
RUN_GAP = 1.2         # a gap along a line wider than this many line heights starts a new run
LEAST_INK = 0.0004    # square inches of ink: less is a speck of noise, not a character
MARGIN = 0.2          # a crop reaches this many line heights beyond its ink
DASH_LONGEST = 0.4    # inches: a thin mark longer than this is a rule, not a dash


def bands(ink: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    """The rows [top, bottom) of each line of text in a 0/1 ink image."""
    rows = np.flatnonzero(ink.any(axis=1))
    if not rows.size:
        return []
    join = max(1, int(JOIN * dpi))
    breaks = np.flatnonzero(np.diff(rows) > join + 1)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]])) + 1
    out = [(int(a), int(b)) for a, b in zip(starts, ends)]
    return [band for band in _join_thin(out, dpi) if band[1] - band[0] >= THINNEST * dpi
            or _dashes(ink[band[0]:band[1]], dpi)]


def _join_thin(found: list[tuple[int, int]], dpi: float) -> list[tuple[int, int]]:
    """A band thinner than a line (a lone stroke of 二, an accent) joins a near neighbour."""
    thin = THINNEST * dpi
    out: list[tuple[int, int]] = []
    for top, bottom in found:
        if out and (bottom - top < thin or out[-1][1] - out[-1][0] < thin) \
                and top - out[-1][1] < 2 * thin:
            out[-1] = (out[-1][0], bottom)
        else:
            out.append((top, bottom))
    return out


def _dashes(band: np.ndarray, dpi: float) -> bool:
    """Whether a band too thin for text holds dashes (— or -, how many reports print an empty
    cell): marks wider than high, no wider than a few characters; else it is dust."""
    cols = band.any(axis=0)
    edges = np.diff(np.concatenate(([0], cols.astype(np.int8), [0])))
    widths = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return bool(widths.size) and all(2 * band.shape[0] <= w <= DASH_LONGEST * dpi for w in widths)


def is_dash(box: Box, dpi: float) -> bool:
    """A run too thin for text that bands() kept: a dash, read without the model."""
    return box[3] - box[1] < THINNEST * dpi


def runs(ink: np.ndarray, top: int, bottom: int, dpi: float, split: bool) -> list[Box]:
    """The runs of text in one band: the whole inked width, or (`split`) cut at wide gaps."""
    cols = np.flatnonzero(ink[top:bottom].any(axis=0))
    if not cols.size:
        return []
    if split:
        gap = max(2, int(RUN_GAP * (bottom - top)))
        breaks = np.flatnonzero(np.diff(cols) > gap)
        starts = np.concatenate(([cols[0]], cols[breaks + 1]))
        ends = np.concatenate((cols[breaks], [cols[-1]])) + 1
    else:
        starts, ends = cols[:1], cols[-1:] + 1
    least = LEAST_INK * dpi * dpi
    out = []
    for x0, x1 in zip(starts, ends):
        piece = ink[top:bottom, x0:x1]
        if piece.sum() >= least:
            rows = np.flatnonzero(piece.any(axis=1))
            out.append((int(x0), top + int(rows[0]), int(x1), top + int(rows[-1]) + 1))
    return out


def text_lines(ink: np.ndarray, box: Box, dpi: float, split: bool) -> list[Box]:
    """The lines (or runs) of text inside `box` of the ink image, top to bottom."""
    x0, top, x1, bottom = box
    region = ink[top:bottom, x0:x1]
    out = []
    for a, b in bands(region, dpi):
        out.extend((x0 + r0, top + t, x0 + r1, top + u) for r0, t, r1, u in runs(region, a, b, dpi, split))
    return out


def crop(grey: np.ndarray, box: Box) -> np.ndarray:
    """The line's pixels with a margin of white around its ink, as the recogniser likes it."""
    x0, top, x1, bottom = box
    pad = max(2, int(MARGIN * (bottom - top)))
    h, w = grey.shape
    return grey[max(0, top - pad):min(h, bottom + pad), max(0, x0 - pad):min(w, x1 + pad)]
