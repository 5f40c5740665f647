"""Ruled tables from a page's lines: pdfplumber's "lines" table finder, ported to run without it.

The steps and tolerances are pdfplumber 0.11's (table.py, utils/geometry.py, utils/clustering.py;
MIT licence), result for result; tests/core/test_pdf_ruled.py compares them with pdfplumber
on every fixture page. Importing pdfplumber costs about 0.1–0.2 s and 22 MB (pdfminer, its
crypto) on every PDF opened, while pdfium already gives the characters and the lines.
"""
from __future__ import annotations

import itertools
from operator import itemgetter

BBox = tuple[float, float, float, float]

SNAP = 3             # pdfplumber's snap_tolerance: lines this close are one line
JOIN = 3             # join_tolerance: collinear pieces with gaps this small are one line
MIN_LENGTH = 3       # edge_min_length, after joining
MIN_PREFILTER = 1    # edge_min_length_prefilter
CROSSING = 3         # intersection_tolerance
PDFPLUMBER_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}   # the same


def find_tables(edges: list[dict]) -> list[tuple[list[BBox], BBox]]:
    """(cells, bbox) of each ruled table, top to bottom; pdfplumber's find_tables on lines."""
    lines = [e for e in edges if _length(e) >= MIN_PREFILTER]
    lines = [e for e in _merge(lines) if _length(e) >= MIN_LENGTH]
    tables = _cells_to_tables(cells(_intersections(lines)))
    return [(group, _bbox(group)) for group in tables]


def _length(edge: dict) -> float:
    return edge["height"] if edge["orientation"] == "v" else edge["width"]


def _merge(edges: list[dict]) -> list[dict]:
    """Snap near-parallel lines to their average position, then join collinear pieces."""
    snapped = (_snap([e for e in edges if e["orientation"] == "v"], "x0", ("x0", "x1"))
               + _snap([e for e in edges if e["orientation"] == "h"], "top", ("top", "bottom")))

    def group(edge: dict) -> tuple[str, float]:
        return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])

    joined = (_join(list(items), kind) for (kind, _), items
              in itertools.groupby(sorted(snapped, key=group), key=group))
    return list(itertools.chain(*joined))


def _snap(edges: list[dict], attr: str, moved: tuple[str, str]) -> list[dict]:
    out = []
    for cluster in _clusters(edges, attr, SNAP):
        average = sum(e[attr] for e in cluster) / len(cluster)
        for e in cluster:
            shift = average - e[attr]   # pdfplumber adds the shift (not sets the average)
            out.append({**e, moved[0]: e[moved[0]] + shift, moved[1]: e[moved[1]] + shift})
    return out


def _clusters(objs: list[dict], attr: str, tolerance: float) -> list[list[dict]]:
    """pdfplumber's cluster_objects: values within `tolerance` of the previous one, chained."""
    values = sorted(set(o[attr] for o in objs))
    index, number, last = {}, -1, None
    for v in values:
        if last is None or v > last + tolerance:
            number += 1
        index[v] = number
        last = v
    ordered = sorted(objs, key=lambda o: index[o[attr]])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda o: index[o[attr]])]


def _join(edges: list[dict], kind: str) -> list[dict]:
    low, high = ("x0", "x1") if kind == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(low))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[low] <= last[high] + JOIN:
            if e[high] > last[high]:   # extended: the length computed as pdfplumber does
                joined[-1] = ({**last, "x1": e["x1"], "width": e["x1"] - last["x0"]} if kind == "h"
                              else {**last, "bottom": e["bottom"],
                                    "height": last["height"] + (e["bottom"] - last["bottom"])})
        else:
            joined.append(e)
    return joined


def _intersections(edges: list[dict]) -> dict:
    found: dict = {}
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    # each pair is tested on plain numbers (the same tests, rearranged: no lookup in the loop)
    spans = [(h["top"], h["top"] - CROSSING, h["top"] + CROSSING, h["x0"] - CROSSING,
              h["x1"] + CROSSING, h) for h in horizontal]
    for v in vertical:
        x, top, bottom = v["x0"], v["top"], v["bottom"]
        for y, low, high, left, right, h in spans:
            if top <= high and bottom >= low and x >= left and x <= right:
                point = found.setdefault((x, y), {"v": [], "h": []})
                point["v"].append(v)
                point["h"].append(h)
    return found


def cells(intersections: dict) -> list[BBox]:
    """pdfplumber's intersections_to_cells, result for result: from each crossing (in sorted
    order) the smallest cell whose four corners the same edges join. pdfplumber rebuilds
    the sets of edges at a crossing for every pair it tries: a 600-row table spent 0.4 s."""
    def boxes(edges):
        return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}
    v = {p: boxes(i["v"]) for p, i in intersections.items()}
    h = {p: boxes(i["h"]) for p, i in intersections.items()}
    below: dict[float, list] = {}   # crossings on a vertical line, top to bottom
    right: dict[float, list] = {}   # crossings on a horizontal line, left to right
    points = sorted(intersections)
    for p in points:
        below.setdefault(p[0], []).append(p)
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        right.setdefault(p[1], []).append(p)
    at_x = {p: i for line in below.values() for i, p in enumerate(line)}
    at_y = {p: i for line in right.values() for i, p in enumerate(line)}
    found = []
    for pt in points:
        found.extend(_first_cell(pt, below[pt[0]][at_x[pt] + 1:], right[pt[1]][at_y[pt] + 1:],
                                 v, h, intersections))
    return found


def _first_cell(pt, column: list, row: list, v: dict, h: dict, intersections: dict) -> list:
    """The first cell from `pt` (a crossing below it, then one right of it, in order) whose
    corners the edges join, as a list of one or none (loops, not a generator a crossing)."""
    v_pt, h_pt = v[pt], h[pt]
    for b in column:
        if v_pt.isdisjoint(v[b]):
            continue
        h_b = h[b]
        for r in row:
            if h_pt.isdisjoint(h[r]):
                continue
            corner = (r[0], b[1])
            if corner in intersections and not v[corner].isdisjoint(v[r]) \
                    and not h[corner].isdisjoint(h_b):
                return [(pt[0], pt[1], r[0], b[1])]
    return []


def _cells_to_tables(found: list[BBox]) -> list[list[BBox]]:
    """Cells grouped into tables by shared corners; pdfplumber's order and its one-cell rule."""
    def corners(c: BBox):
        return ((c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3]))
    # each cell with its corners, made once (a cell waits through several passes)
    remaining, tables = [(cell, corners(cell)) for cell in found], []
    current: list[BBox] = []
    seen: set = set()
    while remaining:
        before, left = len(current), []
        for item in remaining:   # one pass, kept cells rebuilt (list.remove made it quadratic)
            cell, its_corners = item
            if not current or not seen.isdisjoint(its_corners):
                seen.update(its_corners)
                current.append(cell)
            else:
                left.append(item)
        remaining = left
        if len(current) == before:
            tables.append(current)
            current, seen = [], set()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _bbox(group: list[BBox]) -> BBox:
    return (min(c[0] for c in group), min(c[1] for c in group),
            max(c[2] for c in group), max(c[3] for c in group))
