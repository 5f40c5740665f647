"""An HTML page's lines and data tables in reading order, read as the page is parsed.

No tree of the page is built: the parser's events (start, text, end) go straight into lines,
so memory stays linear in the page with a small constant. A table is the exception: its tree
is built and read whole at its end, as deciding whether it is layout or data, and placing its
spans, needs all its rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Union

from .. import limits
from ..errors import Cancelled
from .html_tree import Node, TableBuilder, children, find_child, has_descendant, text_content

_DROP = {"script", "style", "noscript", "template", "head", "title", "nav", "iframe", "object",
         "embed", "svg", "select", "textarea", "button", "map", "canvas"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "tr", "td", "th", "table", "tbody", "thead", "tfoot", "caption", "section",
          "article", "blockquote", "pre", "center", "address", "form", "fieldset", "hr",
          "header", "footer", "main", "aside", "figure", "figcaption", "body", "html"}
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0\u200b\ufeff]+")


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
    """What _visit does over a whole tree, done over the parser's events (a parser target):
    text goes to the flow as it comes; a skipped element's events are ignored to its end; a
    table's events build its tree, which is read whole at its end."""

    def __init__(self, emit: Callable[[Item], None]) -> None:
        self.emit = emit
        self.flow = _Flow()
        self.open: list[bool] = []   # the elements open in the walk: is each a block
        self.skipped = 0             # depth inside an element skipped (or held, if a table)
        self.table: Optional[TableBuilder] = None   # the table being held
        self.rooted = False

    def start(self, tag: str, attrib) -> None:
        if self.skipped:
            self.skipped += 1
            if self.table is not None:
                self.table.start(tag, attrib)
            return
        if not self.open and self.rooted:
            self.skipped = 1   # past the root element: _visit never sees it
            return
        self.rooted = True
        name = tag.lower()
        if name in _DROP or _hidden(attrib):
            self.skipped = 1
        elif name == "br":
            self.flow.flush()
            self.skipped = 1
        elif name == "table":
            self.skipped = 1
            self.table = TableBuilder()
            self.table.start(tag, attrib)
        else:
            block = name in _BLOCK
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

    def comment(self, text: str) -> None:
        if self.table is not None:
            self.table.other()

    def pi(self, target: str, data: Optional[str] = None) -> None:
        if self.table is not None:
            self.table.other()

    def close(self) -> None:
        self.flow.flush()
        self._pass_on()

    def _table_done(self) -> None:
        table, self.table = self.table.root, None
        if _is_layout(table):
            _visit(table, self.flow)
        else:
            self.flow.table(table)
        self._pass_on()

    def _pass_on(self) -> None:
        if self.flow.items:
            items, self.flow.items = self.flow.items, []
            for item in items:
                self.emit(item if isinstance(item, str) else (_caption(item), _grid(item)))


def _caption(table) -> Optional[str]:
    caption = find_child(table, "caption")
    return None if caption is None else _collapse(text_content(caption))


class _Flow:
    """Collects inline text into lines; block boundaries end a line; data tables pass through."""

    def __init__(self) -> None:
        self.items: list = []
        self._buf: list[str] = []

    def add(self, text: Optional[str]) -> None:
        if text:
            self._buf.append(text)

    def flush(self) -> None:
        line = _collapse("".join(self._buf))
        self._buf = []
        if line:
            self.items.append(line)

    def table(self, el: Node) -> None:
        self.flush()
        self.items.append(el)


def _visit(el: Node, flow: _Flow) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else None
    if tag is None or tag in _DROP or _hidden(el):
        return   # comments, processing instructions, scripts, invisible boilerplate
    if tag == "br":
        flow.flush()
        return
    if tag == "table" and not _is_layout(el):
        flow.table(el)
        return
    block = tag in _BLOCK
    if block:
        flow.flush()
    flow.add(el.text)
    for child in el:
        _visit(child, flow)
        flow.add(child.tail)
    if block:
        flow.flush()


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


def _is_layout(table) -> bool:
    """A single cell, or a table holding tables with too few rows of its own to be a
    statistics table, is page layout, not data (a data table may hold a small header table)."""
    rows = _rows(table)
    if len(rows) == 1 and len(_cells(rows[0])) == 1:
        return True
    if not has_descendant(table, "table"):
        return False
    return sum(len(_cells(tr)) >= 3 for tr in rows) < 3


def _rows(table) -> list:
    # hidden rows and cells (display:none: an Excel export's hidden columns) are not shown
    rows = [tr for part in children(table, ("tr", "thead", "tbody", "tfoot"))
            for tr in ([part] if part.tag == "tr" else children(part, ("tr",)))]
    return [tr for tr in rows if not _hidden(tr)]


def _cells(tr) -> list:
    return [td for td in children(tr, ("td", "th")) if not _hidden(td)]


def _span(el, name: str, limit: int) -> int:
    match = re.match(r"\s*(\d{1,9})", el.get(name) or "")
    value = int(match.group(1)) if match else 1
    return min(value, limit) if value > 0 else (limit if name == "rowspan" else 1)


def _grid(table) -> Grid:
    """Rows of origin cells placed the way a browser does: skip positions covered by spans.

    Bounded by the table's real size: rowspan="0" or past the end reaches the last row (the
    standard's rule), colspan stops at 1000 (the standard's cap) and at the widest column any
    cell starts in; a table whose rows × columns pass MAX_TABLE_CELLS is refused (TooLarge).
    """
    rows = _rows(table)
    # below[c]: the first row not covered by a rowspan reaching down through column c
    below: list[int] = []
    grid: list[list[GridCell]] = []
    width = 0
    for r, tr in enumerate(rows):
        row: list[GridCell] = []
        c = 0
        for td in _cells(tr):
            while c < len(below) and below[c] > r:
                c += 1
            width = max(width, c + 1)
            if width * len(rows) > limits.MAX_TABLE_CELLS:
                raise limits.TooLarge(f"网页表格（{len(rows):,} 行）的格子数", width * len(rows),
                                      limits.MAX_TABLE_CELLS)
            rowspan = _span(td, "rowspan", len(rows) - r)
            colspan = _span(td, "colspan", limits.MAX_TABLE_COLUMNS)
            # Where a colspan runs into a cell spanning down from above, browsers overlap the
            # two; we cut it short so every grid position belongs to exactly one cell.
            colspan = next((k for k in range(1, colspan)
                            if c + k < len(below) and below[c + k] > r), colspan)
            row.append(GridCell(_cell_text(td), r, c, rowspan, colspan))
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


def _cell_text(td) -> str:
    flow = _Flow()
    flow.add(td.text)
    for child in td:
        _visit(child, flow)
        flow.add(child.tail)
    flow.flush()
    lines = []
    for item in flow.items:   # a data table's cell holds no table, but stay safe
        lines.append(item if isinstance(item, str) else _collapse(text_content(item)))
    return "\n".join(line for line in lines if line)


def _collapse(text: str) -> str:
    """Whitespace runs (and &nbsp;) become one space, as a browser renders them."""
    return _SPACE.sub(" ", text).strip()


