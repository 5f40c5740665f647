"""Fixed-width text tables (pdftotext -layout, OA exports, typed ones): columns from positions.

In "行政强制   4        9" only the position shows that 本年增/减 is blank; here such rows get
their columns back and keep an empty cell where a column is blank. Positions are measured by
display width (CJK two columns, as editors and OA exports pad), by the same with the ambiguous
“”—… two columns too (a Chinese font), and by characters (pdftotext -layout); the measure that
aligns more rows wins. Rows group into segments whose numbers stack in tight columns, and a
segment becomes a table only on evidence that its grid is complete (a column blank in every
row would otherwise go unseen and still shift the numbers): header words over every column
(one with no numbers under it is a column blank in every row; one spanning others, such as
法人或其他组织, is none), or column edges on a regular pitch (a hole in it is such a column).
Anything else stays text and is read as before.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..model import SourceRef, TextCell
from .txt_lines import LineTexts

_NUMBER = re.compile(r"[+\-−＋－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?"
                     r"(?:万元|元|件|个|条|项|次|人次|宗)?(?:[（(][^）)]*[）)])?")
_BLANK_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "–", "―"})
_UNITS = frozenset({"元", "万元", "件", "个", "条", "项"})
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_PAGE_NUMBER = re.compile(r"^\s*[—\-－–]\s*\d{1,3}\s*[—\-－–]\s*$")
_SENTENCE = re.compile(r"[。；！？;]|\d\s*[件条个次项][，,。]")
_MAX_LABEL = 120          # display columns: a row label, not a paragraph
_MAX_NON_DATA = 4         # label fragments / header lines between the rows of one table
_MAX_BLANKS = 2           # pdftotext puts a blank line between rows; a page break more
_HEADER_LINES, _MAX_REGION = 6, 400     # lines looked at above a table; rows in one region
_TIGHT = 1                # how far the numbers of one column may wander (pdftotext jitter)
_NEAR = 2                 # how far a header may sit from the column it names
_MODES = ("end", "start", "centre")
# "wide": a Chinese font (SimSun in Notepad) draws the ambiguous “”、…— two columns wide too
_WIDE = {"display": "WF", "wide": "WFA", "char": ""}


@dataclass(frozen=True)
class _Word:
    s: int                # char offsets in its line, then its columns in the metric
    e: int
    x0: float
    x1: float


@dataclass
class _Row:
    index: int            # line index
    label: list           # [(s, e)] char spans of the label words
    values: list          # [(s, e)] of the numbers; a unit set apart from its number is merged


@dataclass
class _Column:
    x0: float
    x1: float
    words: dict = field(default_factory=dict)   # row's place in the segment -> _Word
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


def _words(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]


# ---------------------------------------------------------------- lines → data rows
@functools.lru_cache(maxsize=4096)
def _width_class(ch: str) -> str:
    """'0' for what takes no column (form feed, combining marks), else the East Asian width."""
    return "0" if ch == "\f" or unicodedata.combining(ch) else unicodedata.east_asian_width(ch)


def _positions(line: str, metric: str) -> list[float]:
    """The column where each character starts (and where the line ends), in the metric."""
    if line.isascii() and "\f" not in line:
        return list(range(len(line) + 1))
    out, x, wide = [], 0, _WIDE[metric]
    for ch in line:
        out.append(x)
        cls = _width_class(ch)
        x += 0 if cls == "0" else 2 if cls in wide else 1
    return out + [x]


def _metrics(lines: Sequence[str]) -> list[str]:
    """The metrics that can tell these lines apart: display width alone when nothing is wide."""
    classes = {_width_class(ch) for line in lines for ch in line if not ch.isascii()}
    return ["display"] + ["wide"] * ("A" in classes) + ["char"] * bool(classes & set("WFA"))


def _data_row(index: int, line: str) -> Optional[_Row]:
    """A line ending in a run of numbers (blank marks among them), with a gap of 2+ columns."""
    spans = _words(line)
    gaps = [line[e:s] for (_, e), (s, _) in zip(spans, spans[1:])]
    if not any(len(g) >= 2 or "\u3000" in g for g in gaps) or _PAGE_NUMBER.match(line):
        return None
    words = [line[s:e] for s, e in spans]
    if len(spans) >= 2 and words[-1] in _UNITS and _NUMBER.fullmatch(words[-2]):
        spans[-2:] = [(spans[-2][0], spans[-1][1])]        # "251000 元"
        words[-2:] = [words[-2] + words[-1]]
    n = len(words)
    while n and (_NUMBER.fullmatch(words[n - 1]) or words[n - 1] in _BLANK_MARKS):
        n -= 1
    if not any(_NUMBER.fullmatch(w) for w in words[n:]) and len(words) - n < 2:
        return None
    label = line[spans[0][0]:spans[n - 1][1]] if n else ""
    if _SENTENCE.search(label) or _positions(label, "display")[-1] > _MAX_LABEL:
        return None
    return _Row(index, spans[:n], spans[n:])


def _regions(lines: Sequence[str], kinds: Sequence[str], rows: dict) -> list[list[int]]:
    """Runs of data rows close enough to be one table: few lines between, no section heading."""
    out, non_data, blanks = [[]], 0, 0
    for i, line in enumerate(lines):
        if i in rows:
            if len(out[-1]) >= _MAX_REGION:
                out.append([])
            out[-1].append(i)
            non_data = blanks = 0
            continue
        if kinds[i] == "blank":
            blanks += 1
            cut = blanks > _MAX_BLANKS
        else:
            non_data, blanks = non_data + 1, 0
            cut = kinds[i] != "text" or bool(_HEADING.match(line)) or "。" in line \
                or non_data > _MAX_NON_DATA
        if cut and out[-1]:
            out.append([])
    return [r for r in out if r]


# ---------------------------------------------------------------- rows → segments
class _Grid:
    """The lines measured in one metric (each line measured once)."""

    def __init__(self, lines: Sequence[str], metric: str):
        self.lines, self.metric, self._pos = lines, metric, {}

    def pos(self, i: int) -> list[float]:
        return self._pos[i] if i in self._pos else \
            self._pos.setdefault(i, _positions(self.lines[i], self.metric))

    def word(self, i: int, s: int, e: int) -> _Word:
        return _Word(s, e, self.pos(i)[s], self.pos(i)[e])

    def label_end(self, r: _Row) -> float:
        return self.pos(r.index)[r.label[-1][1]] if r.label else -1


class _Stack:
    """The columns of a growing segment, so that trying one more row costs little.

    Columns are connected runs of overlapping number spans (touching ones too in pdftotext,
    whose columns wander by a character): a new row only extends or joins those it reaches.
    A column is (x0, x1, rows, lo, hi), lo/hi the least and greatest start, end and doubled
    centre of its numbers; one of the three spreads must stay tight."""

    def __init__(self, grid: _Grid):
        self.grid, self.cols, self.label_end = grid, [], -1.0

    def _try(self, r: _Row):
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

    def add(self, r: _Row) -> bool:
        tried = self._try(r)
        self.cols, self.label_end = tried or (self.cols, self.label_end)
        return bool(tried)

    def columns(self, seg: list[_Row]) -> list[_Column]:
        cols = [_Column(c[0], c[1]) for c in self.cols]
        for k, r in enumerate(seg):
            for s, e in r.values:
                w = self.grid.word(r.index, s, e)
                next(c for c in cols if c.x0 <= w.x0 and w.x1 <= c.x1).words[k] = w
        return cols


def _segments(grid: _Grid, rows: list[_Row]) -> list[tuple[list[_Row], _Stack]]:
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
    while i >= 0 and len(out) < _HEADER_LINES and i not in rows and kinds[i] in ("text", "blank"):
        if kinds[i] == "blank" and (blanks := blanks + 1) > _MAX_BLANKS \
                or kinds[i] == "text" and _HEADING.match(lines[i]):
            break
        if kinds[i] == "text":
            out.append(i)
            blanks = 0
        i -= 1
    return out


def _header_columns(grid: _Grid, header: list[int], left: float, label_end: float):
    """Header words over the numbers, merged where wrapped, without those spanning others.

    A word counts when it starts right of every label and reaches over the numbers, or stands
    well clear of the labels (over a first column blank in every row).
    """
    per_line, leads = [], set()
    for i in header:
        words = [grid.word(i, s, e) for s, e in _words(grid.lines[i])]
        leads.update(id(w) for w in words[:1])
        per_line.append([w for w in words
                         if w.x0 >= label_end + 2 or w.x0 >= label_end and w.x1 > left])
    kept = sorted((w for n, words in enumerate(per_line) for w in words
                   if not any(sum(_overlap(w, o) for o in other) >= 2
                              for m, other in enumerate(per_line) if m != n)),
                  key=lambda w: w.x0)
    cols: list[_Column] = []
    for w in kept:
        if not cols or w.x0 >= cols[-1].x1:
            cols.append(_Column(w.x0, w.x1))
        cols[-1].x1 = max(cols[-1].x1, w.x1)
        cols[-1].lead |= id(w) in leads
    return cols


def _align(data: list[_Column], heads: list[_Column]) -> Optional[list[Optional[int]]]:
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


def _by_header(grid: _Grid, kinds, rows: dict, seg: list[_Row], data: list[_Column]):
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
def _by_pitch(data: list[_Column], single_row: bool) -> Optional[list[_Column]]:
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
            out += [_Column(x - (mode != "start"), x + (mode != "end"))
                    for x in (a + step * pitch for step in range(1, k))]
            out.append(c)
        return out
    return None


# ---------------------------------------------------------------- the whole pass
def _tables(kinds, rows: dict, region: list[int], grid: _Grid):
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


def fixed_width_rows(text: str, lines: Sequence, kinds: Sequence[str]) -> dict:
    """{line index: (segment id, cells)} for the lines that are rows of fixed-width tables.

    `lines` have `.text` and `.start` (the line's offset in `text`); `kinds` are the reader's
    line kinds: only "text" lines can be rows.
    """
    texts = LineTexts(lines)   # made on access: no second copy of the text
    rows = {i: r for i, t in enumerate(texts)
            if kinds[i] == "text" and (r := _data_row(i, t)) is not None}
    grids = {m: _Grid(texts, m) for m in _WIDE}
    out: dict = {}
    for region in _regions(texts, kinds, rows):
        # the header lines above count (table 四's one line of digits sits under CJK words); a
        # tie goes to header evidence, then to display width, the way people and OA systems pad
        top = max(0, region[0] - 2 * _HEADER_LINES)
        metrics = _metrics(texts[top:region[-1] + 1])
        found = max(((_tables(kinds, rows, region, grids[m]), grids[m]) for m in metrics),
                    key=lambda f: (sum(len(seg) for seg, _, _ in f[0]),
                                   sum(len(seg) for seg, _, header in f[0] if header)))
        for seg, cols, _ in found[0]:
            for k, r in enumerate(seg):     # a segment is known by its first line
                out[r.index] = (seg[0].index, _cells(text, lines[r.index], r, k, cols, found[1]))
    return out


def _cells(text: str, line, row: _Row, k: int, cols: list[_Column], grid: _Grid) -> list[TextCell]:
    """The label, then one cell per column: its number, or an empty span where it crosses."""
    base, pos, end = line.start, grid.pos(row.index), len(line.text)

    def cell(s: int, e: int) -> TextCell:
        return TextCell(text[base + s:base + e], SourceRef(base + s, base + e))
    out = [cell(row.label[0][0], row.label[-1][1])] if row.label else []
    last = row.label[-1][1] if row.label else 0
    for n, col in enumerate(cols):
        w = col.words.get(k)
        if w is None:
            nxt = next((c.words[k].s for c in cols[n + 1:] if k in c.words), end)
            at = next((o for o, x in enumerate(pos) if x >= (col.x0 + col.x1) / 2), end)
            w = _Word(min(max(at, last), nxt), min(max(at, last), nxt), 0, 0)
        out.append(cell(w.s, w.e))
        last = w.e
    return out
