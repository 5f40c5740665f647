"""The web-to-text flattening with `|` on lines of their own, for the test fixtures.

Each cell on its own line, a line of bars between the cells of a row: one bar per column the
cell before spans (`||||` after a merged cell); a cell covered by a merged cell above is not
written (as an HTML row lists only its own cells); an empty cell is an empty line; rows follow
each other with no separator.
"""
from __future__ import annotations


def flatten(blocks) -> str:
    """blocks: ("p", text) and ("table", rows of (text, col, rowspan, colspan)) → text."""
    lines: list[str] = []
    for kind, item in blocks:
        if kind == "p":
            lines += [item, ""]
            continue
        for row in item:
            before = 0
            for n, (text, start, _rowspan, _colspan) in enumerate(row):
                if n:
                    lines.append("|" * (start - before))  # one bar per column the cell before spans
                lines.append(text.replace("\n", ""))
                before = start
        lines.append("")
    return "\n".join(lines) + "\n"
