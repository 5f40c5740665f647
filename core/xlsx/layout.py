"""The three official tables (表二, 表三, 表四) drawn in their printed shapes, labels from core.schema.

Each `draw_*` fills a worksheet and returns where every canonical cell went ({key: (row, col)}),
so marks can be laid on afterwards without knowing the shape.
"""
from __future__ import annotations

from itertools import groupby

from .. import schema
from .style import fit_row, merge, print_setup, put, set_widths, title_block

# Official header texts that are not cell labels (国办公开办函〔2019〕60号 and 〔2021〕30号).
REQUEST_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGS = "法人或其他组织"
CONTENT = "信息内容"
REVIEW = "行政复议"
SUIT = "行政诉讼"

ACTIVE_WIDTHS = [26, 22, 22, 22]
REQUEST_WIDTHS = [7, 13, 40] + [10] * 7
APPEAL_WIDTH = 9.5

Positions = dict[str, tuple[int, int]]


# ---------------------------------------------------------------- 表二
def draw_active(ws, layout: str, cells: dict, subtitle: str) -> tuple[Positions, int]:
    """表二: one block per 第二十条 item: the item line, a 信息内容 header, then its rows."""
    row = title_block(ws, schema.TABLE_TITLES["active"], subtitle, 4, sum(ACTIVE_WIDTHS))
    first = row
    pos: Positions = {}
    for group, block in groupby(schema.rows(layout, "active"), key=lambda r: r.group):
        block = list(block)
        merge(ws, row, 1, row, 4, group, "head")
        _active_header(ws, row + 1, block[0].columns)
        row += 2
        for r in block:
            put(ws, row, 1, r.label, "label")
            pos.update(_active_values(ws, row, r, cells))
            row += 1
    set_widths(ws, dict(enumerate(ACTIVE_WIDTHS, start=1)))
    ws.freeze_panes = ws.cell(row=first, column=1)
    print_setup(ws, f"1:{first - 1}", fit_height=1)
    return pos, row


def _active_header(ws, row: int, columns) -> None:
    put(ws, row, 1, CONTENT, "head")
    if len(columns) == 1:   # 2021: one number spans the three value columns
        merge(ws, row, 2, row, 4, columns[0].label, "head")
        fit_row(ws, row, [(columns[0].label, sum(ACTIVE_WIDTHS[1:]))])
        return
    for i in range(3):      # 2019 收费/采购 have two columns; the third stays an empty box
        put(ws, row, 2 + i, columns[i].label if i < len(columns) else None, "head")


def _active_values(ws, row: int, r: schema.Row, cells: dict) -> Positions:
    pos: Positions = {}
    if len(r.columns) == 1:
        key = f"{r.key}.{r.columns[0].key}"
        merge(ws, row, 2, row, 4, cells.get(key), "num")
        return {key: (row, 2)}
    for i in range(3):
        key = f"{r.key}.{r.columns[i].key}" if i < len(r.columns) else None
        put(ws, row, 2 + i, cells.get(key) if key else None, "num")
        if key:
            pos[key] = (row, 2 + i)
    return pos


# ---------------------------------------------------------------- 表三
def draw_requests(ws, layout: str, cells: dict, subtitle: str) -> tuple[Positions, int]:
    """表三: the two-level applicant header, then rows with their merged group labels."""
    top = title_block(ws, schema.TABLE_TITLES["requests"], subtitle, 10, sum(REQUEST_WIDTHS))
    _requests_header(ws, top)
    first = top + 3
    rows = schema.rows(layout, "requests")
    pos: Positions = {}
    for i, r in enumerate(rows):
        pos.update(_request_row(ws, first + i, r, cells))
    _request_groups(ws, first, rows)
    set_widths(ws, dict(enumerate(REQUEST_WIDTHS, start=1)))
    ws.freeze_panes = ws.cell(row=first, column=4)
    print_setup(ws, f"1:{first - 1}")
    return pos, first + len(rows)


def _requests_header(ws, top: int) -> None:
    merge(ws, top, 1, top + 2, 3, REQUEST_NOTE, "head")
    merge(ws, top, 4, top, 10, APPLICANTS, "head")
    cols = schema.REQUEST_COLUMNS
    merge(ws, top + 1, 4, top + 2, 4, cols[0].label, "head")
    merge(ws, top + 1, 5, top + 1, 9, ORGS, "head")
    merge(ws, top + 1, 10, top + 2, 10, cols[-1].label, "head")
    for i, col in enumerate(cols[1:-1]):
        put(ws, top + 2, 5 + i, col.label, "head")
    ws.row_dimensions[top + 2].height = 30


def _request_row(ws, row: int, r: schema.Row, cells: dict) -> Positions:
    if not r.group:                         # 一、二、四、: the label spans the three label columns
        merge(ws, row, 1, row, 3, r.label, "label")
        fit_row(ws, row, [(r.label, sum(REQUEST_WIDTHS[:3]))])
    elif r.group.startswith("三、"):         # （一）（二）（六）2019（七）: beside the 三、 column
        merge(ws, row, 2, row, 3, r.label, "label")
        fit_row(ws, row, [(r.label, sum(REQUEST_WIDTHS[1:3]))])
    else:                                   # numbered sub-rows of （三）（四）（五）（六）
        put(ws, row, 3, r.label, "label")
        fit_row(ws, row, [(r.label, REQUEST_WIDTHS[2])])
    pos: Positions = {}
    for i, col in enumerate(r.columns):
        key = f"{r.key}.{col.key}"
        put(ws, row, 4 + i, cells.get(key), "num")
        pos[key] = (row, 4 + i)
    return pos


def _request_groups(ws, first: int, rows) -> None:
    """Merge 三、本年度办理结果 down column A and （三）…（六） down column B."""
    inside = [i for i, r in enumerate(rows) if r.group]
    section = next(r.group for r in rows if r.group.startswith("三、"))
    merge(ws, first + inside[0], 1, first + inside[-1], 1, section, "label")
    i = 0
    for group, run in groupby(rows, key=lambda r: r.group):
        n = len(list(run))
        if group and not group.startswith("三、"):
            merge(ws, first + i, 2, first + i + n - 1, 2, group, "label")
        i += n


# ---------------------------------------------------------------- 表四
def draw_appeals(ws, layout: str, cells: dict, subtitle: str) -> tuple[Positions, int]:
    """表四: 行政复议 and 行政诉讼{未经复议直接起诉, 复议后起诉}, five result columns each."""
    ncols = 5 * len(schema.APPEAL_ROWS)
    top = title_block(ws, schema.TABLE_TITLES["appeals"], subtitle, ncols, APPEAL_WIDTH * ncols)
    merge(ws, top, 1, top, 5, REVIEW, "head")
    merge(ws, top, 6, top, ncols, SUIT, "head")
    pos: Positions = {}
    for g, r in enumerate(schema.APPEAL_ROWS):
        c0 = 1 + 5 * g
        for i, col in enumerate(r.columns):
            if not r.group:   # 行政复议: each result label spans the two lower header rows
                merge(ws, top + 1, c0 + i, top + 2, c0 + i, col.label, "head")
            else:
                put(ws, top + 2, c0 + i, col.label, "head")
            key = f"{r.key}.{col.key}"
            put(ws, top + 3, c0 + i, cells.get(key), "num")
            pos[key] = (top + 3, c0 + i)
        if r.group:
            merge(ws, top + 1, c0, top + 1, c0 + 4, r.label, "head")
    for r in (top, top + 1, top + 2):   # room around the bold header words, as printed
        ws.row_dimensions[r].height = 20
    ws.row_dimensions[top + 3].height = 22
    set_widths(ws, {c: APPEAL_WIDTH for c in range(1, ncols + 1)})
    ws.freeze_panes = ws.cell(row=top + 3, column=1)
    print_setup(ws, f"1:{top + 2}", fit_height=1)
    return pos, top + 4


DRAW = {"active": draw_active, "requests": draw_requests, "appeals": draw_appeals}
