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
Anything else stays text and is read as before. The regions are found and decided one at a
time as the reader asks for the lines in order (txt_column_grid decides one), so only one
region's rows and measures are held, whatever the length of the text.
"""
from __future__ import annotations

import re
from collections import deque
from typing import Optional, Sequence

from ..model import SourceRef, TextCell
from .txt_column_grid import (HEADER_LINES, HEADING, LOOKBACK, MAX_BLANKS, Column, Grid, Row,
                              Word, metrics, positions, region_tables, word_spans)
from .txt_lines import LineTexts

_NUMBER = re.compile(r"[+\-−＋－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?"
                     r"(?:万元|元|件|个|条|项|次|人次|宗)?(?:[（(][^）)]*[）)])?")
_BLANK_MARKS = frozenset({"/", "／", "-", "－", "—", "——", "–", "―"})
_UNITS = frozenset({"元", "万元", "件", "个", "条", "项"})
_PAGE_NUMBER = re.compile(r"^\s*[—\-－–]\s*\d{1,3}\s*[—\-－–]\s*$")
_SENTENCE = re.compile(r"[。；！？;]|\d\s*[件条个次项][，,。]")
_MAX_LABEL = 120          # display columns: a row label, not a paragraph
_MAX_NON_DATA = 4         # label fragments / header lines between the rows of one table
_MAX_REGION = 400         # rows in one region
_MAX_WORDS = 128          # words on a data row (a report's: a label of a few, at most 31 numbers)


# ---------------------------------------------------------------- lines → data rows
def _data_row(index: int, line: str) -> Optional[Row]:
    """A line ending in a run of numbers (blank marks among them), with a gap of 2+ columns."""
    spans = word_spans(line)
    if len(spans) > _MAX_WORDS:
        return None     # no table row; stacking its numbers would cost their number squared
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
    if _SENTENCE.search(label) or positions(label, "display")[-1] > _MAX_LABEL:
        return None
    return Row(index, spans[:n], spans[n:])


# ---------------------------------------------------------------- regions, one at a time
class FixedRows:
    """{line index: (segment id, cells)} for the lines that are rows of fixed-width tables,
    worked out region by region as far as the lines asked for: `take(i)` in line order (the
    rows before i are let go), `peek(j)` for a look ahead.

    `lines` have `.text` and `.start` (the line's offset in `text`); `kinds` are the reader's
    line kinds: only "text" lines can be rows.
    """

    def __init__(self, text: str, lines: Sequence, kinds: Sequence[str]):
        self.text, self.lines, self.kinds = text, lines, kinds
        self.texts = LineTexts(lines)   # made on access: no second copy of the text
        self._rows: dict = {}           # data rows of the open region and the lines above it
        self._region: list[int] = []    # the open region's data rows
        self._next = 0                  # the next line to look at
        self._non_data = self._blanks = 0
        self._found: dict = {}          # decided rows not passed yet, in line order
        self._order: deque = deque()

    def peek(self, i: int) -> Optional[tuple]:
        while i >= self._next or self._region and i >= self._region[0]:
            self._scan()
        return self._found.get(i)

    def take(self, i: int) -> Optional[tuple]:
        found = self.peek(i)
        while self._order and self._order[0] <= i:
            self._found.pop(self._order.popleft(), None)
        return found

    def _scan(self) -> None:
        """Look at one more line: a data row joins the open region; a line that ends it (a
        heading, a sentence, too many lines between rows) has it decided."""
        i = self._next
        if i >= len(self.lines):
            self._decide(i)
            self._next += 1
            return
        kind = self.kinds[i]
        row = _data_row(i, self.texts[i]) if kind == "text" else None
        if row is not None:
            if len(self._region) >= _MAX_REGION:
                self._decide(i)
            self._rows[i] = row
            self._region.append(i)
            self._non_data = self._blanks = 0
        else:
            if kind == "blank":
                self._blanks += 1
                cut = self._blanks > MAX_BLANKS
            else:
                self._non_data, self._blanks = self._non_data + 1, 0
                line = self.texts[i]
                cut = kind != "text" or bool(HEADING.match(line)) or "。" in line \
                    or self._non_data > _MAX_NON_DATA
            if cut:
                self._decide(i)
        self._next += 1

    def _decide(self, i: int) -> None:
        """The open region's tables, its rows' cells kept until they are taken; the rows above
        line i that no header walk can reach any more let go."""
        region, self._region = self._region, []
        if region:
            self._tables(region)
        for k in [k for k in self._rows if k < i - LOOKBACK]:
            del self._rows[k]

    def _tables(self, region: list[int]) -> None:
        # the header lines above count (table 四's one line of digits sits under CJK words); a
        # tie goes to header evidence, then to display width, the way people and OA systems pad
        top = max(0, region[0] - 2 * HEADER_LINES)
        grids = [Grid(self.texts, m) for m in metrics(self.texts[top:region[-1] + 1])]
        found = max(((region_tables(self.kinds, self._rows, region, g), g) for g in grids),
                    key=lambda f: (sum(len(seg) for seg, _, _ in f[0]),
                                   sum(len(seg) for seg, _, header in f[0] if header)))
        for seg, cols, _ in found[0]:
            for k, r in enumerate(seg):     # a segment is known by its first line
                self._found[r.index] = (seg[0].index, _cells(self.text, self.lines[r.index], r, k,
                                                             cols, found[1]))
                self._order.append(r.index)


def _cells(text: str, line, row: Row, k: int, cols: list[Column], grid: Grid) -> list[TextCell]:
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
            w = Word(min(max(at, last), nxt), min(max(at, last), nxt), 0, 0)
        out.append(cell(w.s, w.e))
        last = w.e
    return out
