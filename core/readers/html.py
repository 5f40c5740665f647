"""HTML/MHTML reader: decode the page, drop scripts, emit paragraphs and grid-built tables."""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass
from typing import Optional

from .. import limits
from ..errors import Cancelled, UnreadableFile
from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell

_DROP = {"script", "style", "noscript", "template", "head", "title", "nav", "iframe", "object",
         "embed", "svg", "select", "textarea", "button", "map", "canvas"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "tr", "td", "th", "table", "tbody", "thead", "tfoot", "caption", "section",
          "article", "blockquote", "pre", "center", "address", "form", "fieldset", "hr",
          "header", "footer", "main", "aside", "figure", "figcaption", "body", "html"}
_CHINESE = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "utf_8", "utf_16", "utf_32"}
# Pages that declare Latin-1 or ASCII are never really Latin-1 on a Chinese government site:
# the declaration is a CMS default, so such pages are treated as undeclared.
_UNTRUSTED = {"latin_1", "iso8859_1", "cp1252", "ascii"}
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0\u200b\ufeff]+")


@dataclass
class _Cell:
    """A table cell at its top-left grid origin."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read an HTML page (or a single-file MHTML archive) into a SourceDocument."""
    _check(cancelled)
    if _is_mhtml(data):
        data, hint = _mhtml_html_part(data)
    else:
        hint = None
    limits.check("网页大小", len(data), limits.MAX_HTML_BYTES, in_bytes=True)
    text, encoding = decode(data, hint)
    out = _TextBuilder()
    items = _page_items(text)
    for done, item in enumerate(items):
        _check(cancelled)
        if isinstance(item, str):
            out.paragraph(item)
        else:
            caption = item.find("caption")
            if caption is not None:
                out.paragraph(_collapse(caption.text_content()))
            out.table(_grid(item))
        if progress is not None and (done % 50 == 49 or done + 1 == len(items)):
            progress(done + 1, len(items))
    return SourceDocument(path=path, format="html", text=out.text(), blocks=out.blocks,
                          encoding=encoding)


def _check(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


# -- bytes to text ---------------------------------------------------------------------------

def decode(data: bytes, hint: Optional[str] = None) -> tuple[str, str]:
    """The page as text and the encoding used: BOM, then declared charset, then detection."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    declared = _codec(hint) or _declared(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass    # gov sites often declare UTF-8 and serve GBK (or the reverse)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = _detect(data)
    if guessed:
        return data.decode(guessed, errors="replace"), guessed
    fallback = declared or "gb18030"
    return data.decode(fallback, errors="replace"), fallback


def _declared(data: bytes) -> Optional[str]:
    head = data[:65536]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return _codec(match.group(1).decode("ascii")) if match else None


def _codec(name: Optional[str]) -> Optional[str]:
    """Python's codec for a charset label; GB2312/GBK widened to GB18030, their superset."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    if codec in _UNTRUSTED:
        return None
    if codec in ("gb2312", "gbk", "cp936"):
        return "gb18030"   # pages labelled GB2312 routinely contain GBK-only characters
    return codec.replace("_", "-") if codec == "utf_8" else codec


def _detect(data: bytes) -> Optional[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = codecs.lookup(best.encoding).name if best is not None else None
    if guess in _CHINESE:
        return guess
    # Short Chinese pages in GBK are often guessed as Korean (cp949); a strict GB18030 decode
    # succeeding is the better bet for a Chinese government page.
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return guess


def _is_mhtml(data: bytes) -> bool:
    """MIME headers before any markup: IE/Edge start with MIME-Version, Chrome with From:."""
    head = data[:4096].lstrip().lower()
    if head.startswith(b"<"):
        return False
    return b"mime-version:" in head and b"content-type:" in head


def _mhtml_html_part(data: bytes) -> tuple[bytes, Optional[str]]:
    """The first text/html part of a MIME archive, transfer-decoded, with its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise UnreadableFile("网页存档（MHTML）中没有找到网页内容，无法读取。", "no text/html part")


# -- text to blocks --------------------------------------------------------------------------

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

    def table(self, el) -> None:
        self.flush()
        self.items.append(el)


def _page_items(text: str) -> list:
    """Lines (str) and data-table elements of the page body, in reading order."""
    import lxml.etree
    import lxml.html

    if not text.strip():
        return []
    # Feed UTF-8 bytes with the encoding fixed so a stale <meta charset> cannot override it.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return []   # "Document is empty": nothing but markup or whitespace
    flow = _Flow()
    _visit(root, flow)
    flow.flush()
    return flow.items


def _visit(el, flow: _Flow) -> None:
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
    if table.find(".//table") is None:
        return False
    return sum(len(_cells(tr)) >= 3 for tr in rows) < 3


def _rows(table) -> list:
    # hidden rows and cells (display:none: an Excel export's hidden columns) are not shown
    return [tr for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr") if not _hidden(tr)]


def _cells(tr) -> list:
    return [td for td in tr.xpath("./td|./th") if not _hidden(td)]


def _span(el, name: str, limit: int) -> int:
    match = re.match(r"\s*(\d{1,9})", el.get(name) or "")
    value = int(match.group(1)) if match else 1
    return min(value, limit) if value > 0 else (limit if name == "rowspan" else 1)


def _grid(table) -> list[list[_Cell]]:
    """Rows of origin cells placed the way a browser does: skip positions covered by spans.

    Bounded by the table's real size: rowspan="0" or past the end reaches the last row (the
    standard's rule), colspan stops at 1000 (the standard's cap) and at the widest column any
    cell starts in; a table whose rows × columns pass MAX_TABLE_CELLS is refused (TooLarge).
    """
    rows = _rows(table)
    # below[c]: the first row not covered by a rowspan reaching down through column c
    below: list[int] = []
    grid: list[list[_Cell]] = []
    width = 0
    for r, tr in enumerate(rows):
        row: list[_Cell] = []
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
            row.append(_Cell(_cell_text(td), r, c, rowspan, colspan))
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
        lines.append(item if isinstance(item, str) else _collapse(item.text_content()))
    return "\n".join(line for line in lines if line)


def _collapse(text: str) -> str:
    """Whitespace runs (and &nbsp;) become one space, as a browser renders them."""
    return _SPACE.sub(" ", text).strip()


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

    def table(self, grid: list[list[_Cell]]) -> None:
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

    def _cell(self, cell: _Cell, table: int, position: int) -> TextCell:
        if position:
            self._write("\t")
        start = self._pos
        self._write(cell.text)
        ref = SourceRef(start, self._pos, table=table, row=cell.row, col=cell.col)
        return TextCell(cell.text, ref, cell.rowspan, cell.colspan)
