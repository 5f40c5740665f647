"""Tables that web-to-text tools flatten one cell per line, with `|` on lines of their own.

    信息内容          a cell
    |                 the separator to the next cell of the row
    本年制发件数
    一、本年新收…     a line straight after a cell, with no separator: the next row starts
    |||               a run: the cell before it spans that many columns (a merged cell)
    3
    |
                      a blank line between separators: an empty cell
    |
    5

Only cells that exist are written (as an HTML row lists its cells): a cell that a merged cell
above covers leaves no line, so a row's cells follow on from the row above's last one, and a
line that follows a cell with no separator starts the next row.
"""
from __future__ import annotations

import re

from ..model import SourceRef, TextCell

_BAR = re.compile(r"^\s*[|｜]+\s*$")
_MIN_BARS = 3        # fewer separator lines than this are no table
_MAX_GAP = 4         # separator lines further apart than this (in lines) belong to two tables


def is_bar(line: str) -> bool:
    return bool(_BAR.match(line))


def bar_tables(text: str, lines: list) -> dict[int, tuple[int, list[list[TextCell]]]]:
    """First line index → (end line index, rows of cells) of each bar-separated table."""
    bars = [i for i, line in enumerate(lines) if is_bar(line.text)]
    out: dict[int, tuple[int, list]] = {}
    group: list[int] = []
    for i in bars + [None]:
        if i is not None and (not group or i - group[-1] <= _MAX_GAP):
            group.append(i)
            continue
        if len(group) >= _MIN_BARS:
            start = group[0] - 1 if group[0] > 0 and lines[group[0] - 1].text.strip() else group[0]
            end = group[-1] + 1
            if end < len(lines) and lines[end].text.strip() and not is_bar(lines[end].text):
                end += 1   # the last row's last cell
            if not any(start < s < end or s <= start < e for s, (e, _r) in out.items()):
                out[start] = (end, _rows(text, lines[start:end]))
        group = [i] if i is not None else []
    return out


def _rows(text: str, lines: list) -> list[list[TextCell]]:
    rows: list[list[TextCell]] = []
    row: list[TextCell] = []
    prev = None                # "cell" or "bar": what the line before was
    for line in lines:
        stripped = line.text.strip()
        if is_bar(line.text):
            if prev == "cell" and row:
                row[-1].colspan = len(stripped.replace(" ", ""))   # a run: the cell spans
            prev = "bar"
            continue
        if not stripped and prev != "bar":
            continue            # a blank line outside the separators carries nothing
        if row and prev == "cell":
            rows.append(row)    # two cells with no separator: the row before is complete
            row = []
        start = line.start + len(line.text) - len(line.text.lstrip())
        end = max(start, line.start + len(line.text.rstrip()))
        row.append(TextCell(text[start:end], SourceRef(start, end)))
        prev = "cell"
    if row:
        rows.append(row)
    return rows
