"""PDF pages → the display text and the blocks, tables continued across pages joined.

The display text holds each page's lines top to bottom, a table row per line with its cells
separated by a tab (a cell covered by a merged cell writes nothing), and between two pages a
line "—— 第 N 页 ——" framed by blank lines. Blocks follow the text, except that a table
continued on the next page is one Table (a header row repeated there is left out of it, not
out of the text): the page-number lines printed between its two halves come right after it.
A row broken by the page is one row: its cells hold the whole values and are written where
the row starts; the rest of it, printed at the top of the next page, goes to the text only.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell
from .pdf_layout import Grid, GridCell, Item, Line, is_number, nearest

FURNITURE_ZONE = 0.12     # page numbers sit in the top/bottom 12% of the page
FURNITURE_LEN = 30        # … and are short
SAME_X = 3.0              # column lines this close on two pages are the same column
# a number or the digits of one; compiled on first use (re's cache): only rows broken by a page
_NUMBER_PIECE = r"^[-+−]?[\d.,，]*\d[\d.,，]*%?$"


class Assembler:
    """Writes the display text and the blocks with their refs, page by page."""

    def __init__(self, doc: SourceDocument, sizes: list[tuple[float, float]]):
        self.doc = doc
        self.sizes = sizes
        self.pages: list[list[Item]] = []
        self.parts: list[str] = []
        self.pos = 0
        self.open_table: Optional[tuple[Table, Grid]] = None   # may continue on the next page
        self.carried: Optional[int] = None   # the next page's row this many rows down is mended in

    def run(self, pages: list[list[Item]]) -> None:
        self.pages = pages
        for number, items in enumerate(pages):
            if number:
                self._write(f"\n—— 第 {number + 1} 页 ——\n\n")
            self._page(number, items)
        self.doc.text = "".join(self.parts)

    def _page(self, number: int, items: list[Item]) -> None:
        first, last = _body(items, self.sizes[number][1])
        carried, self.carried = self.carried, None
        continued = self.open_table is not None and first < len(items) \
            and _continues(self.open_table[1], items[first])
        tables = {}
        for index, item in enumerate(items):
            if isinstance(item, Line):
                self._paragraph(number, item)
                continue
            if index == first and continued:
                table, before = self.open_table
                grid = item if len(item.col_xs) == len(before.col_xs) else _regrid(item, before.col_xs)
                # A header row repeated on the new page is not data: it goes to the text only,
                # and so does the rest of a row broken by the page, once mended into that row.
                skip = _repeated_header(grid, table.rows) if carried is None else carried + 1
            else:
                table, grid, skip = None, item, 0
            rows = grid.rows[skip:]
            if index == last and rows:
                rows = rows[:-1] + [self._mend(number, grid, rows[-1],
                                               table.rows if table else grid.rows)]
            tables[index] = self._table(number, table, grid, grid.rows[:skip], rows,
                                        carried is not None)
        self.open_table = tables.get(last)

    def _mend(self, number: int, grid: Grid, row: list[GridCell], head) -> list[GridCell]:
        """The page's last table row with the rest of it from the next page's first row."""
        if number + 1 >= len(self.pages):
            return row
        following = self.pages[number + 1]
        first, _ = _body(following, self.sizes[number + 1][1])
        if first >= len(following) or not _continues(grid, following[first]):
            return row
        after = following[first]
        if len(after.col_xs) != len(grid.col_xs):
            after = _regrid(after, grid.col_xs)
        skip = _repeated_header(after, head)
        mended = _rest_of_row(grid, row, after, after.rows[skip]) if skip < len(after.rows) else None
        if mended is None:
            return row
        self.carried = skip
        return mended

    def _write(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def _paragraph(self, page: int, line: Line) -> None:
        start, end = self._write(line.text)
        self._write("\n")
        boxes, pos = [], 0
        for chunk in line.chunks:
            boxes.append((pos, pos + len(chunk.text), (chunk.x0, chunk.top, chunk.x1, chunk.bottom)))
            pos += len(chunk.text) + 1   # the tab between chunks
        self.doc.blocks.append(Paragraph(line.text, SourceRef(start, end, page, line.bbox),
                                         tuple(boxes)))

    def _table(self, page: int, table: Optional[Table], grid: Grid, text_only, rows,
               carried: bool) -> tuple[Table, Grid]:
        """Write a table, or the part of one continued from the page before (`table`)."""
        start = self.pos
        written = self._rows(page, None, text_only)
        if table is None:
            table = Table([])
            self._rows(page, table, rows)
            table.ref = SourceRef(start, self.pos - 1, page, grid.bbox)
            self.doc.blocks.append(table)
            return table, grid
        count = len(table.rows)
        self._rows(page, table, rows)
        if carried and written and count < len(table.rows):
            # cells of the mended row that span rows below it: they now start one row down
            down = [TextCell(c.text, c.ref, c.rowspan - 1, c.colspan)
                    for c in written[-1] if c.rowspan > 1]
            table.rows[count] = sorted(table.rows[count] + down, key=lambda c: c.ref.bbox[0])
        return table, grid

    def _rows(self, page: int, table: Optional[Table], rows) -> list[list[TextCell]]:
        """Each row's cells written tab-separated, a line a row; _write inlined (three calls a
        cell, in the biggest loop of the assembly)."""
        out = []
        append, pos = self.parts.append, self.pos
        for row in rows:
            cells = []
            for col, cell in enumerate(row):
                if col:
                    append("\t")
                    pos += 1
                text = cell.text
                append(text)
                start, pos = pos, pos + len(text)
                cells.append(TextCell(text, SourceRef(start, pos, page, cell.bbox),
                                      cell.rowspan, cell.colspan))
            append("\n")
            pos += 1
            out.append(cells)
            if table is not None:
                table.rows.append(cells)
        self.pos = pos
        return out


def _body(items: list[Item], height: float) -> tuple[int, int]:
    """Indexes of the page's first and last items that are not page furniture."""
    first = next((i for i, it in enumerate(items) if not _is_furniture(it, height, top=True)),
                 len(items))
    last = max((i for i, it in enumerate(items) if not _is_furniture(it, height, top=False)),
               default=-1)
    return first, last


def _repeated_header(grid: Grid, head) -> int:
    """How many of the grid's first rows repeat the table's first rows (`head`): its header."""
    skip = 0
    while skip < min(len(grid.rows) - 1, len(head)) \
            and _row_texts(grid.rows[skip]) == _row_texts(head[skip]) \
            and not all(is_number(c.text) for c in grid.rows[skip]):
        skip += 1
    return skip


def _rest_of_row(before: Grid, row: list[GridCell], after: Grid,
                 rest: list[GridCell]) -> Optional[list[GridCell]]:
    """`row` (the last of `before`) with `rest` (the first of `after`) joined in, or None.

    Word and LibreOffice let a row break across pages: a number wrapped in a narrow cell
    ("100" / "9") leaves its last digits at the top of the next page, under empty label cells
    (adversarial p04). `rest` is that only when its every filled cell is a piece of a number
    under a number of `row`, and the row's label cells are empty in it: a row of its own has a
    label (a table 四 data row has none, but nothing follows it).
    """
    above, below = _columns(before, row), _columns(after, rest)
    pieces = {col: cell for col, cell in below.items() if cell.text}
    if not pieces:
        return None
    for col, cell in pieces.items():
        top = above.get(col)
        if cell.rowspan != 1 or not re.match(_NUMBER_PIECE, cell.text) or top is None \
                or top.colspan != cell.colspan or not re.match(_NUMBER_PIECE, top.text):
            return None
    labels = [col for col, cell in above.items() if cell.text and not is_number(cell.text)]
    if not labels or any(col in pieces for col in labels):
        return None
    joined = {id(above[col]): _join_number(above[col].text, cell.text)
              for col, cell in pieces.items()}
    if None in joined.values():
        return None
    return [GridCell(joined.get(id(c), c.text), c.bbox, c.rowspan, c.colspan) for c in row]


def _columns(grid: Grid, row: list[GridCell]) -> dict[int, GridCell]:
    """The row's cells by the column they start in (a ruled row lacks the cells spans cover)."""
    if grid.ruled:
        return {nearest(grid.col_xs, c.bbox[0]): c for c in row}
    out, col = {}, 0
    for cell in row:
        out[col] = cell
        col += cell.colspan
    return out


def _join_number(head: str, tail: str) -> Optional[str]:
    """A number broken by the page: its digits run on ("100" + "9" → "1009"); None if `head`
    cannot be the start of a wrapped number (one digit never wraps, nor does a number into
    a leading zero)."""
    tight = head + tail
    if len(head) < 2 or not is_number(tight) or re.match(r"^[-+−]?0\d", tight):
        return None
    return tight


def _row_texts(row) -> list[str]:
    return [c.text for c in row]


def _is_furniture(item: Item, height: float, top: bool) -> bool:
    """A page number or running header/footer line: short and near the page edge."""
    if not isinstance(item, Line) or len(item.text) > FURNITURE_LEN:
        return False
    if top:
        return item.bottom < height * FURNITURE_ZONE
    return item.top > height * (1 - FURNITURE_ZONE)


def _continues(before: Grid, after: Item) -> bool:
    """Whether the page's first table continues the previous page's last one (same columns).

    A ruled continuation may lack some column lines (the rows on the new page merge them),
    so there its column lines need only be a subset of the first part's, same outer edges.
    """
    if not isinstance(after, Grid):
        return False
    xs, ys = before.col_xs, after.col_xs
    if len(xs) == len(ys):
        return all(abs(a - b) <= SAME_X for a, b in zip(xs, ys))
    return before.ruled and after.ruled and len(ys) < len(xs) \
        and abs(xs[0] - ys[0]) <= SAME_X and abs(xs[-1] - ys[-1]) <= SAME_X \
        and all(abs(xs[nearest(xs, y)] - y) <= SAME_X for y in ys)


def _regrid(grid: Grid, xs: list[float]) -> Grid:
    """The grid with its colspans counted in the columns `xs` of the table it continues."""
    rows = [[GridCell(c.text, c.bbox, c.rowspan,
                      max(1, nearest(xs, c.bbox[2]) - nearest(xs, c.bbox[0]))) for c in row]
            for row in grid.rows]
    return Grid(rows, grid.bbox, xs, grid.ruled)
