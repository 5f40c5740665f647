"""The three official tables (表二, 表三, 表四) drawn into a worksheet from core.table_grid's grid.

The grid is the one the app shows; here each block becomes a (merged) cell in the workbook's
styles, under the table's title, with the widths, heights and print setup of the printed form.
Each `draw_*` returns where every canonical cell went ({key: (row, col)}), so marks can be laid
on afterwards without knowing the shape.
"""
from __future__ import annotations

from .. import schema
from ..table_grid import HEAD, LABEL, VALUE, Grid, build
from .style import fit_row, merge, print_setup, put, set_widths, title_block

ACTIVE_WIDTHS = [26, 22, 22, 22]
REQUEST_WIDTHS = [7, 13, 40] + [10] * 7
APPEAL_WIDTH = 9.5
STYLE = {HEAD: "head", LABEL: "label", VALUE: "num"}

Positions = dict[str, tuple[int, int]]


def render(ws, grid: Grid, cells: dict, top: int) -> Positions:
    """Every block of `grid` from row `top`, column A; a position no block covers (2019 表二's
    third value column) is an empty bordered box, as printed."""
    pos: Positions = {}
    for b in grid.blocks:
        row, col = top + b.row, 1 + b.col
        value = cells.get(b.key) if b.kind == VALUE else (b.text or None)
        if b.rowspan > 1 or b.colspan > 1:
            merge(ws, row, col, row + b.rowspan - 1, col + b.colspan - 1, value, STYLE[b.kind])
        else:
            put(ws, row, col, value, STYLE[b.kind])
        if b.key:
            pos[b.key] = (row, col)
    for r in range(grid.rows):
        for c in range(grid.cols):
            if grid.covering(r, c) is None:
                put(ws, top + r, 1 + c, None, "num")
    return pos


def _fit(ws, grid: Grid, top: int, widths: list[float], wanted) -> None:
    """Row heights for the one-row blocks `wanted(block)` picks, by the width they span."""
    for b in grid.blocks:
        if b.rowspan == 1 and b.text and wanted(b):
            fit_row(ws, top + b.row, [(b.text, sum(widths[b.col:b.col + b.colspan]))])


# ---------------------------------------------------------------- 表二
def draw_active(ws, layout: str, cells: dict, subtitle: str) -> tuple[Positions, int]:
    """表二: one block per 第二十条 item: the item line, a 信息内容 header, then its rows."""
    first = title_block(ws, schema.TABLE_TITLES["active"], subtitle, 4, sum(ACTIVE_WIDTHS))
    grid = build(layout, "active")
    pos = render(ws, grid, cells, first)
    # 2021: the one column's header spans the three value columns and may need two lines
    _fit(ws, grid, first, ACTIVE_WIDTHS, lambda b: b.kind == HEAD and b.col == 1 and b.colspan == 3)
    set_widths(ws, dict(enumerate(ACTIVE_WIDTHS, start=1)))
    ws.freeze_panes = ws.cell(row=first, column=1)
    print_setup(ws, f"1:{first - 1}", fit_height=1)
    return pos, first + grid.rows


# ---------------------------------------------------------------- 表三
def draw_requests(ws, layout: str, cells: dict, subtitle: str) -> tuple[Positions, int]:
    """表三: the two-level applicant header, then rows with their merged group labels."""
    top = title_block(ws, schema.TABLE_TITLES["requests"], subtitle, 10, sum(REQUEST_WIDTHS))
    grid = build(layout, "requests")
    pos = render(ws, grid, cells, top)
    ws.row_dimensions[top + 2].height = 30
    # each row's own label (not the merged 三、 and （三）… group labels down columns A and B)
    _fit(ws, grid, top, REQUEST_WIDTHS,
         lambda b: b.kind == LABEL and (b.col, b.colspan) in ((0, 3), (1, 2), (2, 1)))
    first = top + grid.header_rows
    set_widths(ws, dict(enumerate(REQUEST_WIDTHS, start=1)))
    ws.freeze_panes = ws.cell(row=first, column=4)
    print_setup(ws, f"1:{first - 1}")
    return pos, top + grid.rows


# ---------------------------------------------------------------- 表四
def draw_appeals(ws, layout: str, cells: dict, subtitle: str) -> tuple[Positions, int]:
    """表四: 行政复议 and 行政诉讼{未经复议直接起诉, 复议后起诉}, five result columns each."""
    grid = build(layout, "appeals")
    top = title_block(ws, schema.TABLE_TITLES["appeals"], subtitle, grid.cols, APPEAL_WIDTH * grid.cols)
    pos = render(ws, grid, cells, top)
    for r in (top, top + 1, top + 2):   # room around the bold header words, as printed
        ws.row_dimensions[r].height = 20
    ws.row_dimensions[top + 3].height = 22
    set_widths(ws, {c: APPEAL_WIDTH for c in range(1, grid.cols + 1)})
    ws.freeze_panes = ws.cell(row=top + 3, column=1)
    print_setup(ws, f"1:{top + 2}", fit_height=1)
    return pos, top + grid.rows


DRAW = {"active": draw_active, "requests": draw_requests, "appeals": draw_appeals}
