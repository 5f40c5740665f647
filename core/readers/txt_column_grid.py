"""How one region of a fixed-width text table finds its columns (txt_columns finds the regions).

Numbers are placed by the column where each character starts, in one of three measures (see
txt_columns). Rows whose numbers stack in tight columns make a segment; the segment's grid is
complete on evidence only: header words over every column (one with no numbers under it is a
column blank in every row), or column edges on a regular pitch (a hole in it is such a column).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, Sequence

HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
MAX_BLANKS = 2            # pdftotext puts a blank line between rows; a page break more
HEADER_LINES = 6          # lines looked at above a table
# How far above a region the header walk can reach: six text lines, each with up to two blank
# lines before it (the lines there must still be known as data rows or not).
LOOKBACK = (HEADER_LINES + 1) * (MAX_BLANKS + 1)
_TIGHT = 1                # how far the numbers of one column may wander (pdftotext jitter)
_NEAR = 2                 # how far a header may sit from the column it names
_MODES = ("end", "start", "centre")
# "wide": a Chinese font (SimSun in Notepad) draws the ambiguous “”、…— two columns wide too
WIDE = {"display": "WF", "wide": "WFA", "char": ""}


@dataclass(frozen=True)
class Word:
    s: int                # char offsets in its line, then its columns in the metric
    e: int
    x0: float
    x1: float


@dataclass
class Row:
    index: int            # line index
    label: list           # [(s, e)] char spans of the label words
    values: list          # [(s, e)] of the numbers; a unit set apart from its number is merged


@dataclass
class Column:
    x0: float
    x1: float
    words: dict = field(default_factory=dict)   # row's place in the segment -> Word
    lead: bool = False    # a header that opens its line (信息内容 over the labels)

    def anchor(self, mode: str) -> float:
        vals = sorted(_edge(w, mode) for w in self.words.values()) or [_edge(self, mode)]
        return vals[len(vals) // 2]

    def spread(self, mode: str) -> float:
        vals = [_edge(w, mode) for w in self.words.values()] or [0]
        return max(vals) - min(vals)


def _edge(w, mode: str) -> float:
    return w.x0 if mode == "start" else w.x1 if mode == "end" else (w.x0 + w.x1) / 2


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def word_spans(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]


# ---------------------------------------------------------------- measuring
@functools.lru_cache(maxsize=4096)
def _width_class(ch: str) -> str:
    """'0' for what takes no column (form feed, combining marks), else the East Asian width."""
    return "0" if ch == "\f" or unicodedata.combining(ch) else unicodedata.east_asian_width(ch)


def positions(line: str, metric: str) -> list[float]:
    """The column where each character starts (and where the line ends), in the metric."""
    if line.isascii() and "\f" not in line:
        return list(range(len(line) + 1))
    out, x, wide = [], 0, WIDE[metric]
    for ch in line:
        out.append(x)
        cls = _width_class(ch)
        x += 0 if cls == "0" else 2 if cls in wide else 1
    return out + [x]


def metrics(lines: Sequence[str]) -> list[str]:
    """The metrics that can tell these lines apart: display width alone when nothing is wide."""
    classes = {_width_class(ch) for line in lines for ch in line if not ch.isascii()}
    return ["display"] + ["wide"] * ("A" in classes) + ["char"] * bool(classes & set("WFA"))


# ---------------------------------------------------------------- rows → segments
class Grid:
    """The lines measured in one metric (each line measured once)."""

    def __init__(self, lines: Sequence[str], metric: str):
        self.lines, self.metric, self._pos = lines, metric, {}

    def pos(self, i: int) -> list[float]:
        return self._pos[i] if i in self._pos else \
            self._pos.setdefault(i, positions(self.lines[i], self.metric))

    def word(self, i: int, s: int, e: int) -> Word:
        return Word(s, e, self.pos(i)[s], self.pos(i)[e])

    def label_end(self, r: Row) -> float:
        return self.pos(r.index)[r.label[-1][1]] if r.label else -1


class _Stack:
    """The columns of a growing segment, so that trying one more row costs little.

    Columns are connected runs of overlapping number spans (touching ones too in pdftotext,
    whose columns wander by a character): a new row only extends or joins those it reaches.
    A column is (x0, x1, rows, lo, hi), lo/hi the least and greatest start, end and doubled
    centre of its numbers; one of the three spreads must stay tight."""

    def __init__(self, grid: Grid):
        self.grid, self.cols, self.label_end = grid, [], -1.0

    def _try(self, r: Row):
        touch, cols = self.grid.metric == "char", list(self.cols)
        for s, e in r.values:
            w = self.grid.word(r.index, s, e)
            x0, x1, rows = w.x0, w.x1, {r.index}
            lo, hi = [x0, x1, x0 + x1], [x0, x1, x0 + x1]
            hit = [i for i, c in enumerate(cols)
                   if x0 < c[1] and c[0] < x1 or touch and (x0 == c[1] or c[0] == x1)]
            for c in (cols[i] for i in hit):
                if not rows.isdisjoint(c[2]):
                    return None                 # two numbers of one row in one column
                x0, x1, rows = min(x0, c[0]), max(x1, c[1]), rows | c[2]
                lo = [min(a, b) for a, b in zip(lo, c[3])]
                hi = [max(a, b) for a, b in zip(hi, c[4])]
            if min(hi[0] - lo[0], hi[1] - lo[1], (hi[2] - lo[2]) / 2) > _TIGHT:
                return None
            at = hit[0] if hit else next((i for i, c in enumerate(cols) if c[0] > x0), len(cols))
            cols[at:at + len(hit)] = [(x0, x1, rows, lo, hi)]
        label_end = max(self.label_end, self.grid.label_end(r))
        if label_end > cols[0][0]:
            return None                         # a label runs into the numbers: shifted row
        return cols, label_end

    def add(self, r: Row) -> bool:
        tried = self._try(r)
        self.cols, self.label_end = tried or (self.cols, self.label_end)
        return bool(tried)

    def columns(self, seg: list[Row]) -> list[Column]:
        cols = [Column(c[0], c[1]) for c in self.cols]
        for k, r in enumerate(seg):
            for s, e in r.values:
                w = self.grid.word(r.index, s, e)
                next(c for c in cols if c.x0 <= w.x0 and w.x1 <= c.x1).words[k] = w
        return cols


def _segments(grid: Grid, rows: list[Row]) -> list[tuple[list[Row], _Stack]]:
    """Greedy runs of rows whose numbers stack; a row that fits neither side is left out."""
    out, seg, stack = [], [], _Stack(grid)
    for i, r in enumerate(rows):
        if stack.add(r):
            seg.append(r)
        elif len(seg) >= 2 and i + 1 < len(rows) and stack._try(rows[i + 1]):
            continue                            # an odd row (a long label pushed its numbers)
        else:
            out.append((seg, stack))
            seg, stack = [r], _Stack(grid)
            if not stack.add(r):            # a row that does not stack even on its own
                seg = []
    return [(s, st) for s, st in out + [(seg, stack)] if s]


# ---------------------------------------------------------------- evidence: the header
def _header_lines(lines, kinds, rows: dict, first: int) -> list[int]:
    """The text lines just above a segment, up to a data row or a section heading."""
    out, blanks, i = [], 0, first - 1
    while i >= 0 and len(out) < HEADER_LINES and i not in rows and kinds[i] in ("text", "blank"):
        if kinds[i] == "blank" and (blanks := blanks + 1) > MAX_BLANKS \
                or kinds[i] == "text" and HEADING.match(lines[i]):
            break
        if kinds[i] == "text":
            out.append(i)
            blanks = 0
        i -= 1
    return out


def _header_columns(grid: Grid, header: list[int], left: float, label_end: float):
    """Header words over the numbers, merged where wrapped, without those spanning others.

    A word counts when it starts right of every label and reaches over the numbers, or stands
    well clear of the labels (over a first column blank in every row).
    """
    per_line, leads = [], set()
    for i in header:
        words = [grid.word(i, s, e) for s, e in word_spans(grid.lines[i])]
        leads.update(id(w) for w in words[:1])
        per_line.append([w for w in words
                         if w.x0 >= label_end + 2 or w.x0 >= label_end and w.x1 > left])
    kept = sorted((w for n, words in enumerate(per_line) for w in words
                   if not any(sum(_overlap(w, o) for o in other) >= 2
                              for m, other in enumerate(per_line) if m != n)),
                  key=lambda w: w.x0)
    cols: list[Column] = []
    for w in kept:
        if not cols or w.x0 >= cols[-1].x1:
            cols.append(Column(w.x0, w.x1))
        cols[-1].x1 = max(cols[-1].x1, w.x1)
        cols[-1].lead |= id(w) in leads
    return cols


def _align(data: list[Column], heads: list[Column]) -> Optional[list[Optional[int]]]:
    """For each header, the data column under it or None: every data column matched, in order,
    near its header; the edge (start, end or centre) that fits best decides."""
    best, n, m, inf = None, len(data), len(heads), float("inf")
    for mode in _MODES:
        def cost(i, j):
            d = abs(data[i].anchor(mode) - _edge(heads[j], mode))
            return d if d <= _NEAR or _overlap(data[i], heads[j]) else inf
        dp = [[0.0] * (m + 1)] + [[inf] * (m + 1) for _ in range(n)]
        for i in range(1, n + 1):
            for j in range(i, m + 1):
                dp[i][j] = min(dp[i][j - 1], dp[i - 1][j - 1] + cost(i - 1, j - 1))
        if dp[n][m] == inf or best and dp[n][m] >= best[0]:
            continue
        match: list[Optional[int]] = [None] * m
        i, j = n, m
        while i:
            if j > i and dp[i][j] == dp[i][j - 1]:
                j -= 1
            else:
                match[j - 1], i, j = i - 1, i - 1, j - 1
        best = (dp[n][m], match)
    return best[1] if best else None


def _by_header(grid: Grid, kinds, rows: dict, seg: list[Row], data: list[Column]):
    header = _header_lines(grid.lines, kinds, rows, seg[0].index)
    label_end = max(grid.label_end(r) for r in seg)
    heads = _header_columns(grid, header, data[0].x0, label_end) if header else []
    # a header over two columns of numbers is a group heading whose leaves are not printed
    heads = [h for h in heads if sum(_overlap(c, h) for c in data) <= 1]
    match = _align(data, heads) if len(heads) >= max(2, len(data)) else None
    if match is None:
        return None
    return [data[k] if k is not None else h for h, k in zip(heads, match)
            if k is not None or not any(_overlap(c, h) for c in data)
            and not (h.lead and h.x1 <= data[0].x0)]


# ---------------------------------------------------------------- evidence: a regular pitch
def _by_pitch(data: list[Column], single_row: bool) -> Optional[list[Column]]:
    """Columns on a regular pitch: the holes in it are columns blank in every row."""
    if len(data) < (4 if single_row else 3):
        return None
    for mode in _MODES:
        anchors = [c.anchor(mode) for c in data]
        diffs = [b - a for a, b in zip(anchors, anchors[1:])]
        pitch = min(diffs)
        # centring numbers of 1 to 4 digits rounds by a column: allowed on a wide pitch only
        tol = 1 if mode == "centre" and not single_row and pitch >= 8 else 0
        steps = [round(d / pitch) for d in diffs] if pitch >= 3 else []
        if not steps or any(c.spread(mode) > tol for c in data) \
                or any(abs(d - k * pitch) > tol or k > 4 for d, k in zip(diffs, steps)):
            continue
        holes = sum(steps) - len(steps)
        if steps.count(1) < (3 if single_row else 2) or holes > len(data) or single_row and not holes:
            continue
        out = [data[0]]
        for a, c, k in zip(anchors, data[1:], steps):
            out += [Column(x - (mode != "start"), x + (mode != "end"))
                    for x in (a + step * pitch for step in range(1, k))]
            out.append(c)
        return out
    return None


# ---------------------------------------------------------------- one region
def region_tables(kinds, rows: dict, region: list[int], grid: Grid):
    """[(rows, columns, from a header)] of the segments of a region that are tables."""
    out = []
    for seg, stack in _segments(grid, [rows[i] for i in region]):
        if len(seg) == 1 and len(seg[0].values) < 4 \
                and not _header_lines(grid.lines, kinds, rows, seg[0].index):
            continue                            # a lone short line: only a header could tell
        data = stack.columns(seg)
        header = _by_header(grid, kinds, rows, seg, data)
        cols = header or _by_pitch(data, len(seg) == 1)
        if cols and (len(seg) > 1 or len(cols) > len(data)):
            out.append((seg, cols, header is not None))
    return out
