"""Ruling lines in a page image: long thin runs of ink, as pdfplumber edges in page points."""
from __future__ import annotations

import numpy as np

MIN_LINE = 0.03     # a ruling line is at least this share of the page's width/height long,
MIN_INCHES = 0.22   # and this long: taller than any digit (a "1" is a short vertical line)


def _kernels(binary: np.ndarray, dpi: float):
    h, w = binary.shape
    least = int(MIN_INCHES * dpi)
    return (("h", (max(least, int(w * MIN_LINE)), 1)), ("v", (1, max(least, int(h * MIN_LINE)))))


def ruling_edges(binary: np.ndarray, dpi: float) -> list[dict]:
    """Horizontal and vertical lines of a 0/1 ink image scanned at `dpi`, in points."""
    import cv2
    to_points = 72.0 / dpi
    edges: list[dict] = []
    for orientation, kernel in _kernels(binary, dpi):
        shape = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        lines = cv2.morphologyEx(binary, cv2.MORPH_OPEN, shape)
        # close the little gaps a dim scan leaves in a line, so that it stays one segment
        gap = (9, 1) if orientation == "h" else (1, 9)
        lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, gap))
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines.astype(np.uint8), connectivity=8)
        for x, y, cw, ch, _area in stats[1:count]:
            edges.append(edge(orientation, x, y, cw, ch, to_points))
    return edges


def edge(orientation: str, x: int, y: int, w: int, h: int, k: float) -> dict:
    if orientation == "h":
        mid, left, right = (y + h / 2) * k, x * k, (x + w) * k
        return {"x0": left, "x1": right, "top": mid, "bottom": mid, "width": right - left,
                "height": 0.0, "orientation": "h", "object_type": "line"}
    mid, top, bottom = (x + w / 2) * k, y * k, (y + h) * k
    return {"x0": mid, "x1": mid, "top": top, "bottom": bottom, "width": 0.0,
            "height": bottom - top, "orientation": "v", "object_type": "line"}


def line_mask(binary: np.ndarray, dpi: float) -> np.ndarray:
    """The ruling lines' pixels as 1: what is left of the ink without them is the text."""
    import cv2
    mask = np.zeros_like(binary)
    for _, kernel in _kernels(binary, dpi):
        shape = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        mask |= cv2.morphologyEx(binary, cv2.MORPH_OPEN, shape)
    # a line's fringe (antialiased, JPEG-blurred) is one pixel either side of its core
    return cv2.dilate(mask, np.ones((3, 3), np.uint8))


def erase_lines(grey: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The page with its ruling lines painted white: a digit touching a line reads cleaner."""
    out = grey.copy()
    out[mask.astype(bool)] = 255
    return out
