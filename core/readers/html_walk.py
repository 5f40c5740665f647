"""An HTML page's lines and data tables in reading order, read as the page is parsed.

No tree of the page is built: the parser's events (start, text, end) go straight into lines,
so memory stays linear in the page with a small constant. A table is known for layout or data
only at its end: html_held keeps its content both ways, compactly, until then.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Union

from .. import limits
from ..errors import Cancelled
from .html_flow import BLOCK, DROP, Flow, hidden
from .html_held import DataTable, TableReader


@dataclass
class GridCell:
    """A table cell at its top-left grid origin: what the HTML reader's and DOCX's text
    builders take (the DOCX, .doc and workbook readers build them too)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[GridCell]]
# A line of text, or a data table as (its caption's text or None, its grid)
Item = Union[str, tuple[Optional[str], Grid]]


def walk_page(pieces: Iterable[bytes], emit: Callable[[Item], None], cancelled=None) -> None:
    """Call `emit` with each line and data table of the page body, in reading order, as the
    page is parsed from `pieces`, its text in UTF-8 (html_decode.utf8_pieces)."""
    import lxml.etree

    # The encoding fixed so a stale <meta charset> cannot override it; read from a file-like
    # source, as libxml2's HTML parser frees what it has read only then (fed, it keeps all).
    walk = _Walk(emit)
    parser = lxml.etree.HTMLParser(target=walk, encoding="utf-8")
    try:
        lxml.etree.parse(_Source(iter(pieces), cancelled), parser)
    finally:   # lxml's parser and its target hold each other till a collection: not the caller's
        walk.emit = walk.flow = None


class _Source:
    """The pieces as a file."""

    def __init__(self, pieces: Iterator[bytes], cancelled) -> None:
        self.pieces, self.cancelled = pieces, cancelled

    def read(self, _size: int = -1) -> bytes:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()
        for piece in self.pieces:
            if piece:   # an empty read is the end of the file (a piece may decode to nothing)
                return piece
        return b""


class _Walk:
    """The page's events read as lines (a parser target): text goes to the flow as it comes;
    a skipped element's events are ignored to its end; a table's go to a TableReader, whose
    result joins the flow at the table's end."""

    def __init__(self, emit: Callable[[Item], None]) -> None:
        self.emit = emit
        self.flow = Flow()
        self.open: list[bool] = []   # the elements open in the walk: is each a block
        self.skipped = 0             # depth inside an element skipped (or held, if a table)
        self.table: Optional[TableReader] = None   # the table being held
        self.rooted = False

    def start(self, tag: str, attrib) -> None:
        if self.skipped:
            self.skipped += 1
            if self.table is not None:
                self.table.start(tag, attrib)
            return
        if not self.open and self.rooted:
            self.skipped = 1   # past the root element: never read
            return
        self.rooted = True
        name = tag.lower()
        if name in DROP or hidden(attrib):
            self.skipped = 1
        elif name == "br":
            self.flow.flush()
            self.skipped = 1
        elif name == "table":
            self.skipped = 1
            self.table = TableReader()
            self.table.start(tag, attrib)
        else:
            block = name in BLOCK
            if block:
                self.flow.flush()
            self.open.append(block)

    def end(self, tag: str) -> None:
        if self.skipped:
            self.skipped -= 1
            if self.table is not None:
                self.table.end()
                if not self.skipped:
                    self._table_done()
            return
        if self.open and self.open.pop():
            self.flow.flush()
        self._pass_on()

    def data(self, text: str) -> None:
        if self.table is not None:
            self.table.data(text)
        elif not self.skipped and self.open:
            self.flow.add(text)

    def close(self) -> None:
        self.flow.flush()
        self._pass_on()

    def _table_done(self) -> None:
        got, self.table = self.table.result, None
        if isinstance(got, DataTable):
            self.flow.table(got)
        else:   # a layout table: its lines and data tables, in the page's flow
            self.flow.flush()
            self.flow.items.extend(got)
        self._pass_on()

    def _pass_on(self) -> None:
        if self.flow.items:
            items, self.flow.items = self.flow.items, []
            for k, item in enumerate(items):
                items[k] = None   # let each data table's rows go once emitted
                self.emit(item if isinstance(item, str) else (item.caption, _grid(item.rows)))


def _span(value: Optional[str], name: str, limit: int) -> int:
    match = re.match(r"\s*(\d{1,9})", value or "")
    value = int(match.group(1)) if match else 1
    return min(value, limit) if value > 0 else (limit if name == "rowspan" else 1)


def _grid(rows: list) -> Grid:
    """Rows of origin cells (html_held's rows of HeldCell or str) placed the way a browser
    does: skip positions covered by spans.

    Bounded by the table's real size: rowspan="0" or past the end reaches the last row (the
    standard's rule), colspan stops at 1000 (the standard's cap) and at the widest column any
    cell starts in; a table whose rows × columns pass MAX_TABLE_CELLS is refused (TooLarge).
    """
    # below[c]: the first row not covered by a rowspan reaching down through column c
    below: list[int] = []
    grid: list[list[GridCell]] = []
    width = 0
    for r, tr in enumerate(rows):
        row: list[GridCell] = []
        c = 0
        for td in tr:
            while c < len(below) and below[c] > r:
                c += 1
            width = max(width, c + 1)
            if width * len(rows) > limits.MAX_TABLE_CELLS:
                raise limits.TooLarge(f"网页表格（{len(rows):,} 行）的格子数", width * len(rows),
                                      limits.MAX_TABLE_CELLS)
            if isinstance(td, str):   # a cell with no span attribute
                text, rowspan, colspan = td, None, None
            else:
                text, rowspan, colspan = td.text, td.rowspan, td.colspan
            rowspan = _span(rowspan, "rowspan", len(rows) - r)
            colspan = _span(colspan, "colspan", limits.MAX_TABLE_COLUMNS)
            # Where a colspan runs into a cell spanning down from above, browsers overlap the
            # two; we cut it short so every grid position belongs to exactly one cell.
            colspan = next((k for k in range(1, colspan)
                            if c + k < len(below) and below[c + k] > r), colspan)
            row.append(GridCell(text, r, c, rowspan, colspan))
            if rowspan > 1:
                if len(below) < c + colspan:
                    below.extend([0] * (c + colspan - len(below)))
                below[c:c + colspan] = [r + rowspan] * colspan
            c += colspan
        grid.append(row)
    for row in grid:   # a span past the last column any cell starts in covers nothing real
        for cell in row:
            cell.colspan = max(1, min(cell.colspan, width - cell.col))
    return grid
