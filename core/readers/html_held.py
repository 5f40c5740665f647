"""An HTML table read from the parser's events without a tree of it.

A table is known for layout or data only at its end (_is_layout needs all its rows), so its
content is kept both ways as it comes, compactly: read as page layout, the lines and data
tables it adds to the page; read as data, its caption's text, and per shown row the shown
cells, each with its lines. A cell's lines are the same both ways (a cell is a block), so
they are collected once. A table inside is decided at its own end and kept as lines (layout)
or as a DataTable, with its whole text for a data cell that holds it.
"""
from __future__ import annotations

from typing import Optional

from .html_flow import BLOCK, DROP, Flow, collapse, hidden

_PARTS = ("thead", "tbody", "tfoot")
_TABLE, _PART, _ROW, _CELL, _CAPTION, _OTHER = range(6)


class HeldCell:
    """A shown cell of a shown row: its span attributes, and its lines (then its text); in
    a DataTable, a cell with no span attribute is its text alone (a str)."""

    __slots__ = ("rowspan", "colspan", "items", "text")

    def __init__(self, attrib) -> None:
        self.rowspan, self.colspan = attrib.get("rowspan"), attrib.get("colspan")
        self.items: list = []
        self.text = ""


class DataTable:
    """A table read as data: its caption's text (None without a caption), its rows of
    HeldCell or str, and its whole text collapsed (what a data cell holding it shows)."""

    __slots__ = ("caption", "rows", "text")

    def __init__(self, caption: Optional[str], rows: list, text: str) -> None:
        self.caption, self.rows, self.text = caption, rows, text


class _Held:
    """A table being read: its content as layout (`flow`) and as data (`rows`, `caption`)."""

    __slots__ = ("flow", "rows", "caption", "has_caption", "nested")

    def __init__(self) -> None:
        self.flow = Flow()
        self.rows: list[list[HeldCell]] = []
        self.caption: Optional[str] = None
        self.has_caption = False
        self.nested = False   # a table element anywhere inside


class _Frame:
    """An element open inside the held table: its role in the table's data reading, the
    flow its text goes to as layout (None: not shown), and the flow to pass its result on."""

    __slots__ = ("role", "flow", "block", "held", "thing", "outer")

    def __init__(self, role: int, flow: Optional[Flow], block: bool, held: _Held,
                 thing=None, outer: Optional[Flow] = None) -> None:
        self.role, self.flow, self.block, self.held = role, flow, block, held
        self.thing, self.outer = thing, outer


class TableReader:
    """Takes a table's events, from its start to its end; `result` is then the list of its
    lines and data tables (a layout table) or its DataTable."""

    def __init__(self) -> None:
        self.result = None
        self._open: list[_Frame] = []
        self._raw: list[str] = []   # the text since the first open raw reader started
        self._raw_users = 0

    def start(self, tag: str, attrib) -> None:
        if not self._open:
            held = _Held()
            self._open.append(_Frame(_TABLE, held.flow, False, held))
            return
        parent = self._open[-1]
        held = parent.held
        if tag == "table":
            held.nested = True
        role, thing = self._role(parent, tag, attrib)
        shown = parent.flow
        name = tag.lower()
        if shown is not None and (name in DROP or hidden(attrib)):
            shown = None
        if role == _CELL:   # its own flow: its lines, read as layout or as a cell's text
            self._open.append(_Frame(_CELL, Flow(), False, held, thing, shown))
            if shown is not None:
                shown.flush()
        elif shown is None:
            self._open.append(_Frame(role, None, False, held, thing))
        elif name == "br":
            shown.flush()
            self._open.append(_Frame(role, None, False, held, thing))
        elif name == "table":
            shown.flush()
            inner = _Held()
            self._open.append(_Frame(_TABLE, inner.flow, False, inner, len(self._raw), shown))
            self._raw_users += 1
        else:
            block = name in BLOCK
            if block:
                shown.flush()
            self._open.append(_Frame(role, shown, block, held, thing))

    def _role(self, parent: _Frame, tag: str, attrib):
        """The element's place among the rows and cells of the table it is in."""
        held = parent.held
        if parent.role == _TABLE or parent.role == _PART:
            if tag == "tr" and not hidden(attrib):
                held.rows.append([])
                return _ROW, held.rows[-1]
            if parent.role == _TABLE and tag in _PARTS:
                return _PART, None
            if parent.role == _TABLE and tag == "caption" and not held.has_caption:
                held.has_caption = True
                self._raw_users += 1
                return _CAPTION, len(self._raw)
        elif parent.role == _ROW and tag in ("td", "th") and not hidden(attrib):
            cell = HeldCell(attrib)
            parent.thing.append(cell)
            return _CELL, cell
        return _OTHER, None

    def data(self, text: str) -> None:
        if self._raw_users:
            self._raw.append(text)
        flow = self._open[-1].flow
        if flow is not None:
            flow.add(text)

    def end(self) -> None:
        frame = self._open.pop()
        if frame.block:
            frame.flow.flush()
        if frame.role == _CELL:
            frame.flow.flush()
            frame.thing.items = frame.flow.items
            if frame.outer is not None:
                frame.outer.items.extend(frame.flow.items)
        elif frame.role == _CAPTION:
            frame.held.caption = collapse(self._raw_text(frame.thing))
        elif frame.role == _TABLE:
            frame.flow.flush()
            if not self._open:
                self.result = _result(frame.held, None)
            else:
                got = _result(frame.held, collapse(self._raw_text(frame.thing)))
                if isinstance(got, DataTable):
                    frame.outer.items.append(got)
                else:
                    frame.outer.items.extend(got)

    def _raw_text(self, since: int) -> str:
        text = "".join(self._raw[since:])
        self._raw_users -= 1
        if not self._raw_users:
            self._raw = []
        return text


def _result(held: _Held, text: Optional[str]):
    """The table's lines and data tables, if it is layout; else its DataTable."""
    if _is_layout(held.rows, held.nested):
        return held.flow.items
    for row in held.rows:
        for k, cell in enumerate(row):
            lines = (item if isinstance(item, str) else item.text for item in cell.items)
            cell.text, cell.items = "\n".join(line for line in lines if line), None
            if cell.rowspan is None and cell.colspan is None:
                row[k] = cell.text   # most cells span nothing: kept as their text alone
    return DataTable(held.caption, held.rows, text)


def _is_layout(rows: list[list[HeldCell]], nested: bool) -> bool:
    """A single cell, or a table holding tables with too few rows of its own to be a
    statistics table, is page layout, not data (a data table may hold a small header table)."""
    if len(rows) == 1 and len(rows[0]) == 1:
        return True
    if not nested:
        return False
    return sum(len(row) >= 3 for row in rows) < 3
