"""The printed shape of 表二/表三/表四 as a grid of blocks (labels, headers, value cells), from core.schema.

One grid, two renderings: the app's Qt model reads it (the view applies its spans) and
core/xlsx/layout.py draws it into the workbook (and so into the Word tables), so a block copied
from the exported sheet pastes back onto the same cells. The shapes and header words follow the
official forms (国办公开办函〔2019〕60号, 〔2021〕30号).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Optional

from . import schema

# Official header texts that are not cell labels.
REQUEST_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGS = "法人或其他组织"
CONTENT = "信息内容"
REVIEW = "行政复议"
SUIT = "行政诉讼"

HEAD, LABEL, VALUE = "head", "label", "value"


@dataclass(frozen=True)
class Block:
    """A rectangle of the grid: a header, a row label, or one canonical cell (key)."""

    row: int
    col: int
    kind: str
    text: str = ""
    key: Optional[str] = None
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """Blocks laid on rows × cols; `widths` are column widths in characters."""

    table: str
    rows: int
    cols: int
    widths: list[float]
    blocks: list[Block] = field(default_factory=list)
    header_rows: int = 0
    flex: Optional[int] = None   # the label column that gives or takes the spare width

    def __post_init__(self) -> None:
        self._anchor: dict[tuple[int, int], Block] = {}
        self._cover: dict[tuple[int, int], Block] = {}
        self.where: dict[str, tuple[int, int]] = {}
        for b in self.blocks:
            self._index(b)

    def add(self, block: Block) -> None:
        self.blocks.append(block)
        self._index(block)

    def _index(self, b: Block) -> None:
        self._anchor[(b.row, b.col)] = b
        for r in range(b.row, b.row + b.rowspan):
            for c in range(b.col, b.col + b.colspan):
                self._cover[(r, c)] = b
        if b.key:
            self.where[b.key] = (b.row, b.col)

    def anchor(self, row: int, col: int) -> Optional[Block]:
        """The block whose top-left corner is (row, col); None for a covered or empty position."""
        return self._anchor.get((row, col))

    def covering(self, row: int, col: int) -> Optional[Block]:
        """The block drawn over (row, col), whether it starts there or spans into it."""
        return self._cover.get((row, col))

    def value_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == VALUE]


def build(layout: str, table: str) -> Grid:
    return {"active": _active, "requests": _requests, "appeals": _appeals}[table](layout)


# ---------------------------------------------------------------- 表二
def _active(layout: str) -> Grid:
    """One block per 第二十条 item: the item line, a 信息内容 header, then its rows."""
    blocks, r = [], 0
    for group, rows in groupby(schema.rows(layout, "active"), key=lambda x: x.group):
        rows = list(rows)
        blocks.append(Block(r, 0, HEAD, group, colspan=4))
        blocks.append(Block(r + 1, 0, HEAD, CONTENT))
        cols = rows[0].columns
        if len(cols) == 1:   # 2021: one number spans the three value columns
            blocks.append(Block(r + 1, 1, HEAD, cols[0].label, colspan=3))
        else:                # 2019 收费/采购 have two columns; the third stays an empty box
            blocks += [Block(r + 1, 1 + i, HEAD, cols[i].label if i < len(cols) else "")
                       for i in range(3)]
        r += 2
        for row in rows:
            blocks.append(Block(r, 0, LABEL, row.label))
            if len(row.columns) == 1:
                blocks.append(Block(r, 1, VALUE, key=f"{row.key}.{row.columns[0].key}", colspan=3))
            else:
                blocks += [Block(r, 1 + i, VALUE, key=f"{row.key}.{c.key}")
                           for i, c in enumerate(row.columns)]
            r += 1
    return Grid("active", r, 4, [14, 9, 9, 9], blocks, flex=0)


# ---------------------------------------------------------------- 表三
def _requests(layout: str) -> Grid:
    """The two-level applicant header, then rows with their merged group labels."""
    cols = schema.REQUEST_COLUMNS
    blocks = [
        Block(0, 0, HEAD, REQUEST_NOTE, rowspan=3, colspan=3),
        Block(0, 3, HEAD, APPLICANTS, colspan=7),
        Block(1, 3, HEAD, cols[0].label, rowspan=2),
        Block(1, 4, HEAD, ORGS, colspan=5),
        Block(1, 9, HEAD, cols[-1].label, rowspan=2),
    ] + [Block(2, 4 + i, HEAD, c.label) for i, c in enumerate(cols[1:-1])]
    rows = schema.rows(layout, "requests")
    first = 3
    for i, row in enumerate(rows):
        r = first + i
        if not row.group:                      # 一、二、四、: the label spans the label columns
            blocks.append(Block(r, 0, LABEL, row.label, colspan=3))
        elif row.group.startswith("三、"):      # （一）（二）（六）2019（七）
            blocks.append(Block(r, 1, LABEL, row.label, colspan=2))
        else:                                  # numbered parts of （三）…（六）
            blocks.append(Block(r, 2, LABEL, row.label))
        blocks += [Block(r, 3 + j, VALUE, key=f"{row.key}.{c.key}") for j, c in enumerate(row.columns)]
    inside = [i for i, row in enumerate(rows) if row.group]
    section = next(row.group for row in rows if row.group.startswith("三、"))
    blocks.append(Block(first + inside[0], 0, LABEL, section, rowspan=len(inside)))
    i = 0
    for group, run in groupby(rows, key=lambda x: x.group):
        n = len(list(run))
        if group and not group.startswith("三、"):
            blocks.append(Block(first + i, 1, LABEL, group, rowspan=n))
        i += n
    return Grid("requests", first + len(rows), 10, [1.6, 5, 16] + [4.4] * 7, blocks, header_rows=3, flex=2)


# ---------------------------------------------------------------- 表四
def _appeals(layout: str) -> Grid:
    """行政复议 and 行政诉讼{未经复议直接起诉, 复议后起诉}, five result columns each, one value row."""
    n = 5 * len(schema.APPEAL_ROWS)
    blocks = [Block(0, 0, HEAD, REVIEW, colspan=5), Block(0, 5, HEAD, SUIT, colspan=n - 5)]
    for g, row in enumerate(schema.APPEAL_ROWS):
        c0 = 5 * g
        if row.group:
            blocks.append(Block(1, c0, HEAD, row.label, colspan=5))
        for i, col in enumerate(row.columns):
            if row.group:
                blocks.append(Block(2, c0 + i, HEAD, col.label))
            else:   # 行政复议: each result label spans the two lower header rows
                blocks.append(Block(1, c0 + i, HEAD, col.label, rowspan=2))
            blocks.append(Block(3, c0 + i, VALUE, key=f"{row.key}.{col.key}"))
    return Grid("appeals", 4, n, [4.2] * n, blocks, header_rows=3)
