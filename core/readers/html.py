"""HTML/MHTML reader: decode the page, drop scripts, emit paragraphs and grid-built tables."""
from __future__ import annotations

from typing import Optional

from .. import limits
from ..errors import Cancelled
from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell
from .html_decode import decoding, html_of, utf8_pieces
from .html_walk import Grid, GridCell, Item, walk_page


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read an HTML page (or a single-file MHTML archive) into a SourceDocument."""
    _check(cancelled)
    data, hint = html_of(data)
    limits.check("网页大小", len(data), limits.MAX_HTML_BYTES, in_bytes=True)
    how = decoding(data, hint)
    out = _TextBuilder()
    if not how.blank:
        walk_page(utf8_pieces(data, how, progress), out.item, cancelled)
    return SourceDocument(path=path, format="html", text=out.text(), blocks=out.blocks,
                          encoding=how.codec)


def _check(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


class _TextBuilder:
    """Lays blocks out as display text and records each block's character span in it."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self._last: Optional[str] = None
        self._tables = 0
        self._cells = 0
        self.blocks: list = []

    def _write(self, s: str) -> None:
        self._parts.append(s)
        self._pos += len(s)

    def text(self) -> str:
        return "".join(self._parts)

    def item(self, item: Item) -> None:
        if isinstance(item, str):
            self.paragraph(item)
        else:
            caption, grid = item
            if caption is not None:
                self.paragraph(caption)
            self.table(grid)

    def paragraph(self, text: str) -> None:
        if not text:
            return
        if self._last == "table":
            self._write("\n")   # blank line after a table
        start = self._pos
        self._write(text)
        self.blocks.append(Paragraph(text, SourceRef(start, self._pos)))
        self._write("\n")
        self._last = "paragraph"

    def table(self, grid: Grid) -> None:
        if not any(cell.text for row in grid for cell in row):
            return   # an empty grid (spacer table) carries nothing to show or recognise
        self._cells += sum(len(row) for row in grid)
        limits.check("网页中表格的单元格总数", self._cells, limits.MAX_DOC_CELLS)
        if self._last is not None:
            self._write("\n")   # blank line before a table
        index, start = self._tables, self._pos
        rows = []
        for row in grid:   # one line per row; an all-covered row is an empty line
            rows.append([self._cell(cell, index, j) for j, cell in enumerate(row)])
            self._write("\n")
        self.blocks.append(Table(rows, SourceRef(start, self._pos - 1, table=index)))
        self._tables += 1
        self._last = "table"

    def _cell(self, cell: GridCell, table: int, position: int) -> TextCell:
        if position:
            self._write("\t")
        start = self._pos
        self._write(cell.text)
        ref = SourceRef(start, self._pos, table=table, row=cell.row, col=cell.col)
        return TextCell(cell.text, ref, cell.rowspan, cell.colspan)
