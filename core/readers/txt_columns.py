"""Fixed-width text tables (pdftotext -layout, OA exports, typed ones): columns from positions.

A table aligned with spaces loses nothing but the blank cells: "行政强制   4        9" has a
blank 本年增/减 that only its position shows. Here runs of such lines get their columns back,
so each row keeps an empty cell where its column is blank.

Positions are measured three ways and the one that aligns wins: display width (CJK and
full-width characters are two columns, as an editor or an OA export lays them out), the same
with the ambiguous “”—… two columns as well (a Chinese font), and character count (pdftotext
-layout pads by characters). Rows are grouped into segments whose numbers stack in
tight columns; a segment becomes a table only on evidence that its grid is complete, because a
grid missing a column that is blank in every row would push the numbers into wrong cells:

* header words standing over every column (a header word with no numbers under it is a column
  blank in every row; a header spanning others, 法人或其他组织, is no column), or
* column edges on a regular pitch (every 8 columns, say): a hole in the pitch is a blank column.

Anything else stays text, read as before.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..model import SourceRef, TextCell

# A number as a fixed-width row prints it (full-width digits too), or a blank mark among them.
_NUMBER = re.compile(r"[+\-−＋－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?"
                     r"(?:万元|元|件|个|条|项|次|人次|宗)?(?:[（(][^）)]*[）)])?")
_BLANK_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "–", "―"})
_UNITS = frozenset({"元", "万元", "件", "个", "条", "项"})
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_PAGE_NUMBER = re.compile(r"^\s*[—\-－–]\s*\d{1,3}\s*[—\-－–]\s*$")
_SENTENCE = re.compile(r"[。；！？;]|\d\s*[件条个次项][，,。]")
_MAX_LABEL = 120          # display columns: a row label, not a paragraph
_MAX_NON_DATA = 4         # label fragments / header lines between rows of one table
_MAX_BLANKS = 2           # pdftotext puts one blank line between rows; a page break more
_HEADER_LINES = 6
_MAX_REGION = 400
_TIGHT = 1                # how far the numbers of one column may wander (pdftotext jitter)
_NEAR = 2                 # how far a header may sit from the column it names


@dataclass(frozen=True)
class _Word:
    s: int                # char offsets in the line
    e: int
    x0: float = 0         # columns in the metric
    x1: float = 0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Row:
    index: int            # line index
    label: list           # [(s, e)] char spans
    values: list          # [(s, e)] char spans; a unit set apart from its number is merged


@dataclass
class _Column:
    x0: float
    x1: float
    words: dict = field(default_factory=dict)   # row position in segment -> _Word
    lead: bool = False    # a header that opens its line (信息内容 over the labels)

    def anchor(self, mode: str) -> float:
        vals = sorted(_edge(w, mode) for w in self.words.values())
        return vals[len(vals) // 2] if vals else _edge(_Word(0, 0, self.x0, self.x1), mode)

    def spread(self, mode: str) -> float:
        vals = [_edge(w, mode) for w in self.words.values()]
        return max(vals) - min(vals) if vals else 0


def _edge(w: _Word, mode: str) -> float:
    return w.x0 if mode == "start" else w.x1 if mode == "end" else w.xc


_MODES = ("end", "start", "centre")
# "wide": a Chinese font (SimSun in Notepad) draws the ambiguous “”、…— two columns wide too
_WIDE = {"display": "WF", "wide": "WFA"}


# ---------------------------------------------------------------- lines → data rows
@functools.lru_cache(maxsize=4096)
def _width_class(ch: str) -> str:
    """'0' for what takes no column (form feed, combining marks), else the East Asian width."""
    if ch == "\f" or unicodedata.combining(ch):
        return "0"
    return unicodedata.east_asian_width(ch)


def _positions(line: str, metric: str) -> list[float]:
    """Column where each character starts (and where the line ends), in the metric."""
    if line.isascii() and "\f" not in line:
        return list(range(len(line) + 1))
    wide = _WIDE.get(metric, "")
    out, x = [], 0
    for ch in line:
        out.append(x)
        cls = _width_class(ch)
        x += 0 if cls == "0" else 2 if cls in wide else 1
    out.append(x)
    return out


def _metrics(lines: Sequence[str]) -> list[str]:
    """The metrics that can tell these lines apart: one when nothing is wide."""
    classes = {_width_class(ch) for line in lines for ch in line if not ch.isascii()}
    out = ["display"]
    if "A" in classes:
        out.append("wide")
    if classes & {"W", "F", "A"}:
        out.append("char")
    return out


def _spans(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]


def _gapped(line: str, spans) -> bool:
    """A gap of two display columns or more between two words (one U+3000 is two)."""
    for (_, e), (s, _) in zip(spans, spans[1:]):
        gap = line[e:s]
        if len(gap) >= 2 or "\u3000" in gap:
            return True
    return False


def _is_value(word: str) -> bool:
    return bool(_NUMBER.fullmatch(word)) or word in _BLANK_MARKS


def data_row(index: int, line: str) -> Optional[_Row]:
    """A line that ends in a run of numbers (blank marks among them), set apart by a gap."""
    spans = _spans(line)
    if not spans or not _gapped(line, spans) or _PAGE_NUMBER.match(line):
        return None
    tokens = list(spans)
    if len(tokens) >= 2 and line[tokens[-1][0]:tokens[-1][1]] in _UNITS \
            and _NUMBER.fullmatch(line[tokens[-2][0]:tokens[-2][1]]):
        unit = tokens.pop()
        tokens[-1] = (tokens[-1][0], unit[1])
    values = []
    while tokens and _is_value(line[tokens[-1][0]:tokens[-1][1]]):
        values.insert(0, tokens.pop())
    numbers = sum(1 for s, e in values if _NUMBER.fullmatch(line[s:e]))
    if numbers == 0 and len(values) < 2:
        return None
    if tokens:
        label = line[tokens[0][0]:tokens[-1][1]]
        if _SENTENCE.search(label) or _positions(label, "display")[-1] > _MAX_LABEL:
            return None
    return _Row(index, tokens, values)


# ---------------------------------------------------------------- rows → regions
def _regions(lines: Sequence[str], kinds: Sequence[str], rows: dict) -> list[list[int]]:
    """Runs of data rows close enough to be one table: few lines between, no section heading."""
    out, cur, non_data, blanks = [], [], 0, 0

    def close():
        nonlocal cur
        if cur:
            out.append(cur)
        cur = []

    for i, line in enumerate(lines):
        if i in rows:
            if len(cur) >= _MAX_REGION:
                close()
            cur.append(i)
            non_data = blanks = 0
        elif kinds[i] == "blank":
            blanks += 1
            if blanks > _MAX_BLANKS:
                close()
        elif kinds[i] != "text" or _HEADING.match(line) or "。" in line:
            close()
        else:
            non_data += 1
            blanks = 0
            if non_data > _MAX_NON_DATA:
                close()
    close()
    return out


# ---------------------------------------------------------------- grid of one segment
class _Grid:
    """Lines measured in one metric (positions computed once per line)."""

    def __init__(self, lines, metric: str):
        self.lines, self.metric = lines, metric
        self._pos: dict = {}

    def pos(self, index: int) -> list[float]:
        if index not in self._pos:
            self._pos[index] = _positions(self.lines[index], self.metric)
        return self._pos[index]

    def word(self, r: _Row, s: int, e: int) -> _Word:
        p = self.pos(r.index)
        return _Word(s, e, p[s], p[e])

    def label_end(self, r: _Row) -> float:
        return self.pos(r.index)[r.label[-1][1]] if r.label else -1


def _cluster(grid: _Grid, rows: list[_Row]) -> Optional[list[_Column]]:
    """The numbers stacked into columns, or None when they do not stack cleanly."""
    touch = grid.metric == "char"   # pdftotext's columns wander by one character
    items = sorted(((grid.word(r, s, e), k) for k, r in enumerate(rows) for s, e in r.values),
                   key=lambda it: (it[0].x0, it[0].x1))
    cols: list[_Column] = []
    for w, k in items:
        last = cols[-1] if cols else None
        if last and (w.x0 < last.x1 or touch and w.x0 <= last.x1):
            if k in last.words:
                return None         # two numbers of one row in one column
            last.words[k] = w
            last.x1 = max(last.x1, w.x1)
        else:
            cols.append(_Column(w.x0, w.x1, {k: w}))
    if not cols or any(min(c.spread(m) for m in _MODES) > _TIGHT for c in cols):
        return None
    left = cols[0].x0
    if any(grid.label_end(r) > left for r in rows):
        return None                 # a label runs into the numbers: that row is shifted
    return cols


class _Stack:
    """The columns of a growing segment, kept so that trying one more row costs little.

    Columns are the connected runs of overlapping number spans, so a new row only extends or
    joins the columns its numbers touch. A column is (x0, x1, rows, edges): edges holds the
    lowest and highest start, end and doubled centre, whose spreads must stay tight.
    """

    def __init__(self, grid: _Grid):
        self.grid = grid
        self.cols: list[tuple] = []
        self.label_end = -1.0

    def _plan(self, r: _Row):
        touch = self.grid.metric == "char"
        pos = self.grid.pos(r.index)
        cols = list(self.cols)
        for s, e in r.values:
            x0, x1 = pos[s], pos[e]
            lo = [x0, x1, x0 + x1]
            hi = list(lo)
            rows = {r.index}
            hit = [i for i, c in enumerate(cols)
                   if x0 < c[1] and c[0] < x1 or touch and (x0 == c[1] or c[0] == x1)]
            for i in hit:
                c = cols[i]
                if not rows.isdisjoint(c[2]):
                    return None         # two numbers of one row in one column
                rows = rows | c[2]
                x0, x1 = min(x0, c[0]), max(x1, c[1])
                for m in range(3):
                    lo[m], hi[m] = min(lo[m], c[3][0][m]), max(hi[m], c[3][1][m])
            if min(hi[0] - lo[0], hi[1] - lo[1], (hi[2] - lo[2]) / 2) > _TIGHT:
                return None
            at = hit[0] if hit else next((i for i, c in enumerate(cols) if c[0] > x0), len(cols))
            cols[at:at + len(hit)] = [(x0, x1, rows, (lo, hi))]
        label_end = max(self.label_end, self.grid.label_end(r))
        if label_end > cols[0][0]:
            return None                 # a label runs into the numbers: that row is shifted
        return cols, label_end

    def fits(self, r: _Row) -> bool:
        return self._plan(r) is not None

    def add(self, r: _Row) -> bool:
        plan = self._plan(r)
        if plan is None:
            return False
        self.cols, self.label_end = plan
        return True


def _segments(grid: _Grid, rows: list[_Row]) -> list[list[_Row]]:
    """Greedy runs of rows whose numbers stack; a row that fits neither side is left out."""
    out = []
    seg, stack = [], _Stack(grid)
    for i, r in enumerate(rows):
        if stack.add(r):
            seg.append(r)
        elif len(seg) >= 2 and i + 1 < len(rows) and stack.fits(rows[i + 1]):
            continue                    # an odd row (a long label pushed its numbers): left out
        else:
            out.append(seg)
            seg, stack = [r], _Stack(grid)
            if not stack.add(r):
                out.append(seg)         # a row that does not even stack on its own
                seg, stack = [], _Stack(grid)
    if seg:
        out.append(seg)
    return out


# ---------------------------------------------------------------- evidence: headers
def _header_lines(lines, kinds, rows: dict, first: int) -> list[int]:
    out, blanks, i = [], 0, first - 1
    while i >= 0 and len(out) < _HEADER_LINES:
        if i in rows or kinds[i] not in ("text", "blank"):
            break
        if kinds[i] == "blank":
            blanks += 1
            if blanks > _MAX_BLANKS:
                break
        else:
            blanks = 0
            if _HEADING.match(lines[i]):
                break
            out.append(i)
        i -= 1
    return out


def _header_columns(grid: _Grid, header_idx: list[int], left: float,
                    label_end: float) -> list[_Column]:
    """Header words over the numbers, merged where wrapped, without those spanning others.

    A header word counts when it starts right of every label and reaches over the numbers, or
    stands well clear of the labels (a first column blank in every row); 信息内容 above the
    labels does neither.
    """
    per_line, leads = [], set()
    for i in header_idx:
        p = grid.pos(i)
        words = [_Word(s, e, p[s], p[e]) for s, e in _spans(grid.lines[i])]
        leads.update(id(w) for w in words[:1])
        per_line.append([w for w in words if w.x0 >= label_end + 2
                         or w.x0 >= label_end and w.x1 > left])

    def overlap(a, b):
        return a.x0 < b.x1 and b.x0 < a.x1

    kept = []
    for n, words in enumerate(per_line):
        for w in words:
            spans_others = any(sum(overlap(w, o) for o in other) >= 2
                               for m, other in enumerate(per_line) if m != n)
            if not spans_others:
                kept.append(w)
    kept.sort(key=lambda w: w.x0)
    cols: list[_Column] = []
    for w in kept:
        if cols and w.x0 < cols[-1].x1:
            cols[-1].x1 = max(cols[-1].x1, w.x1)
            cols[-1].lead |= id(w) in leads
        else:
            cols.append(_Column(w.x0, w.x1, lead=id(w) in leads))
    return cols


def _align(data: list[_Column], heads: list[_Column]) -> Optional[list[Optional[int]]]:
    """For each header column, the data column under it (or None): every data column matched,
    in order, each near its header; the edge (start/end/centre) that fits best decides."""
    best = None
    n, m = len(data), len(heads)
    for mode in _MODES:
        inf = float("inf")

        def cost(i, j):
            c, h = data[i], heads[j]
            d = abs(c.anchor(mode) - _edge(_Word(0, 0, h.x0, h.x1), mode))
            return d if d <= _NEAR or (c.x0 < h.x1 and h.x0 < c.x1) else inf
        dp = [[inf] * (m + 1) for _ in range(n + 1)]
        dp[0] = [0.0] * (m + 1)
        for i in range(1, n + 1):
            for j in range(i, m + 1):
                dp[i][j] = min(dp[i][j - 1], dp[i - 1][j - 1] + cost(i - 1, j - 1))
        if dp[n][m] == inf or best is not None and dp[n][m] >= best[0]:
            continue
        match: list[Optional[int]] = [None] * m
        i, j = n, m
        while i > 0:
            if dp[i][j] == dp[i][j - 1] and j > i:
                j -= 1
            else:
                match[j - 1] = i - 1
                i, j = i - 1, j - 1
        best = (dp[n][m], match)
    return best[1] if best else None


def _by_header(grid: _Grid, kinds, rows: dict, seg: list[_Row],
               data: list[_Column]) -> Optional[list[_Column]]:
    header_idx = _header_lines(grid.lines, kinds, rows, seg[0].index)
    if not header_idx:
        return None
    label_end = max([grid.label_end(r) for r in seg], default=0)
    heads = _header_columns(grid, header_idx, data[0].x0, label_end)
    # a header over two columns of numbers is a group heading the leaves did not split
    heads = [h for h in heads if sum(c.x0 < h.x1 and h.x0 < c.x1 for c in data) <= 1]
    if len(heads) < max(2, len(data)):
        return None
    match = _align(data, heads)
    if match is None:
        return None
    out = []
    for h, k in zip(heads, match):
        if k is not None:
            out.append(data[k])
        elif not any(c.x0 < h.x1 and h.x0 < c.x1 for c in data) \
                and not (h.lead and h.x1 <= data[0].x0):
            out.append(_Column(h.x0, h.x1))
    return out


# ---------------------------------------------------------------- evidence: a regular pitch
def _by_pitch(data: list[_Column], single_row: bool) -> Optional[list[_Column]]:
    """Columns on a regular pitch: the holes in it are columns blank in every row."""
    if len(data) < (4 if single_row else 3):
        return None
    for mode in _MODES:
        if any(c.spread(mode) > (0.5 if mode == "centre" else 0) for c in data):
            continue
        anchors = [c.anchor(mode) for c in data]
        diffs = [b - a for a, b in zip(anchors, anchors[1:])]
        pitch = min(diffs)
        if pitch < 3:
            continue
        steps = [d / pitch for d in diffs]
        if any(abs(k - round(k)) > 1e-9 or round(k) > 4 for k in steps):
            continue
        ones = sum(round(k) == 1 for k in steps)
        holes = sum(round(k) - 1 for k in steps)
        if ones < (3 if single_row else 2) or holes > len(data) or single_row and not holes:
            continue
        out = [data[0]]
        for a, c, k in zip(anchors, data[1:], steps):
            for step in range(1, round(k)):
                x = a + step * pitch
                out.append(_Column(x - 0.5, x + 0.5) if mode == "centre" else
                           _Column(x - 1, x) if mode == "end" else _Column(x, x + 1))
            out.append(c)
        return out
    return None


# ---------------------------------------------------------------- the whole pass
def _plan(lines, kinds, rows: dict, region: list[int], grid: _Grid):
    """[(segment rows, columns)] of the accepted segments of one region in one metric."""
    out = []
    for seg in _segments(grid, [rows[i] for i in region]):
        if len(seg) == 1 and len(seg[0].values) < 4 and \
                not _header_lines(grid.lines, kinds, rows, seg[0].index):
            continue                    # a lone short line: only a header could make it a table
        data = _cluster(grid, seg)
        if not data:
            continue
        cols = _by_header(grid, kinds, rows, seg, data) or _by_pitch(data, len(seg) == 1)
        if cols is None or len(seg) == 1 and len(cols) == len(data):
            continue
        out.append((seg, cols))
    return out


def fixed_width_rows(text: str, lines: Sequence, kinds: Sequence[str]) -> dict:
    """{line index: (segment id, cells)} for the lines that are rows of a fixed-width table.

    `lines` have `.text` and `.start` (offset of the line in `text`); `kinds` are the reader's
    line kinds ("text" lines only can be rows).
    """
    texts = [ln.text for ln in lines]
    rows = {}
    for i, t in enumerate(texts):
        if kinds[i] == "text":
            r = data_row(i, t)
            if r is not None:
                rows[i] = r
    out: dict = {}
    seg_id = 0
    grids = {m: _Grid(texts, m) for m in ("display", "wide", "char")}
    for region in _regions(texts, kinds, rows):
        # display width first: a tie goes to the way people and OA systems lay text out
        # the header lines above count: table 四's one line of digits sits under CJK headers
        top = max(0, region[0] - 2 * _HEADER_LINES)
        metrics = _metrics([texts[i] for i in range(top, region[-1] + 1)])
        plans = [(_plan(texts, kinds, rows, region, grids[m]), grids[m]) for m in metrics]
        plan, grid = max(plans, key=lambda p: sum(len(seg) for seg, _ in p[0]))
        for seg, cols in plan:
            seg_id += 1
            for k, r in enumerate(seg):
                out[r.index] = (seg_id, _cells(text, lines[r.index], r, k, cols, grid))
    return out


def _cells(text: str, line, row: _Row, k: int, cols: list[_Column], grid: _Grid) -> list[TextCell]:
    base, pos = line.start, grid.pos(row.index)
    cells = []
    if row.label:
        s, e = row.label[0][0], row.label[-1][1]
        cells.append(TextCell(text[base + s:base + e], SourceRef(base + s, base + e)))
    last = row.label[-1][1] if row.label else 0
    for n, col in enumerate(cols):
        w = col.words.get(k)
        if w is not None:
            cells.append(TextCell(text[base + w.s:base + w.e], SourceRef(base + w.s, base + w.e)))
            last = w.e
            continue
        # an empty cell: an empty span where the column crosses the line, between its neighbours
        nxt = next((c.words[k].s for c in cols[n + 1:] if k in c.words), len(line.text))
        at = next((o for o, x in enumerate(pos) if x >= (col.x0 + col.x1) / 2), len(line.text))
        at = min(max(at, last), nxt)
        cells.append(TextCell("", SourceRef(base + at, base + at)))
        last = at
    return cells
