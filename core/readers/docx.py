"""DOCX reader: body paragraphs and tables in document order, merged cells emitted once."""
from __future__ import annotations

import io
from typing import Iterator, Optional

from .. import limits
from ..errors import Cancelled, UnreadableFile
from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell
from . import docx_embedded, docx_pictures
from .docx_embedded import GridCell as _Cell   # a cell at its grid origin; rowspan grows as vMerge continues

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Elements whose text is not part of the visible paragraph: deleted revisions, field codes,
# ruby annotations, and mc:Fallback (it repeats the mc:Choice content for old readers).
# Text boxes are skipped too: their paragraphs would otherwise be glued into the anchor line.
_SKIP = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
         W + "txbxContent", W + "rt", W + "fldData", MC + "Fallback"}
# Wrappers that may hold block content (p/tbl), rows or cells: content controls, custom XML.
_WRAPPERS = {W + "sdt", W + "customXml"}


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read a .docx file's body into a SourceDocument (text, paragraphs, tables)."""
    body, part = _open_body(data)
    out = _walk(body, part, progress, cancelled)
    images = sum(1 for el in body.iter() if isinstance(el.tag, str)
                 and el.tag.endswith(("}blip", "}imagedata")))
    return SourceDocument(path=path, format="docx", text=out.text(), blocks=out.blocks,
                          images=images, ocr_cells=out.ocr_cells)


def table_origins(data: bytes) -> tuple:
    """(python-docx Document, origins): what each table index of the read document came from,
    walked exactly as `read` walks it: the w:tbl element, or "altChunk" / "excel" for content
    held in a part of its own. The Document's tree is live: core.docx_out edits it."""
    import docx

    if docx_embedded.is_strict(data):
        data = docx_embedded.strict_to_transitional(data)
    document = docx.Document(io.BytesIO(data))
    return document, _walk(document.element.body, document.part).origins


def cell_elements(tbl) -> dict:
    """{(row, col): w:tc} of a table's origin cells, in the grid coordinates SourceRef uses."""
    elements: dict = {}
    _grid(tbl, elements)
    return elements


def _walk(body, part, progress=None, cancelled=None) -> "_TextBuilder":
    out = _TextBuilder(part)
    children = list(body)
    for done, child in enumerate(children):
        if cancelled is not None and cancelled():
            raise Cancelled()
        for block in _iter_blocks([child]):
            _emit_block(block, out)
        if progress is not None and (done % 50 == 49 or done + 1 == len(children)):
            progress(done + 1, len(children))   # throttled: a body has thousands of children
    return out


def _open_body(data: bytes):
    """The document's w:body and its part (whose relationships lead to embedded content)."""
    import docx  # python-docx; imported here so other formats never pay for it

    limits.check_zip(data, what="Word 文档")
    if docx_embedded.is_strict(data):
        data = docx_embedded.strict_to_transitional(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:
        # python-docx refuses a package whose main part is not a Word document (.xlsx/.pptx).
        if "not a Word file" in str(exc):
            raise UnreadableFile("这不是 Word 文档（可能是 Excel 或 PowerPoint 文件），无法读取。",
                                 str(exc)) from None
        raise UnreadableFile("Word 文档已损坏，无法打开。", f"ValueError: {exc}") from None
    except Exception as exc:
        # BadZipFile, a missing document part (KeyError), malformed XML: all mean "damaged".
        raise UnreadableFile("Word 文档已损坏，无法打开。",
                             f"{type(exc).__name__}: {exc}") from None
    return document.element.body, document.part


def _iter_blocks(elements) -> Iterator:
    """w:p, w:tbl and w:altChunk elements in order, looking through content controls and
    custom XML."""
    for el in elements:
        if el.tag in (W + "p", W + "tbl", W + "altChunk"):
            yield el
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                yield from _iter_blocks(content)
        elif el.tag == W + "customXml":
            yield from _iter_blocks(el)


def _iter_wrapped(parent, tag: str) -> Iterator:
    """Direct children with `tag` (w:tr of a table, w:tc of a row), through sdt/customXml."""
    for el in parent:
        if el.tag == tag:
            yield el
        elif el.tag in _WRAPPERS:
            inner = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if inner is not None:
                yield from _iter_wrapped(inner, tag)


def _emit_block(block, out: "_TextBuilder") -> None:
    if block.tag == W + "p":
        out.paragraph(_paragraph_text(block))
        # a text box anchored in the paragraph: its content follows it (some offices draw
        # the whole table 三 in one)
        for box in _text_boxes(block):
            for inner in _iter_blocks(box):
                _emit_block(inner, out)
        for grid in docx_embedded.excel_objects(out.part, block):
            out.table(grid, "excel")
        if out.pictures_read < docx_pictures.MAX_PICTURES:
            for data, inches in docx_pictures.pictures(out.part, block):
                out.picture(docx_pictures.read_picture(data, inches))
        return
    if block.tag == W + "altChunk":
        for item in docx_embedded.alt_chunk_items(out.part, block):
            if isinstance(item, str):
                out.paragraph(item)
            else:
                out.table(item, "altChunk")
        return
    if _is_layout(block):
        # a table that holds tables lays out the page: its cells' content is the document
        for tr in _iter_wrapped(block, W + "tr"):
            for tc in _iter_wrapped(tr, W + "tc"):
                for inner in _iter_blocks(tc):
                    _emit_block(inner, out)
        return
    frame = _frame_cell(block)
    if frame is not None:
        # A 1x1 table is a frame drawn around content (often around the real table):
        # its content is body text, not a one-cell statistics table.
        for inner in _iter_blocks(frame):
            _emit_block(inner, out)
        return
    out.table(_grid(block), block)


def _text_boxes(p) -> list:
    """The w:txbxContent elements drawn in a paragraph, each once (not the mc:Fallback copy)."""
    out = []
    for box in p.iter(W + "txbxContent"):
        parent = box.getparent()
        while parent is not None and parent.tag != MC + "Fallback":
            parent = parent.getparent()
        if parent is None:
            out.append(box)
    return out


def _is_layout(tbl) -> bool:
    """Tables inside its cells, and too few rows of its own to be a statistics table."""
    if tbl.find(f".//{W}tc//{W}tbl") is None:
        return False
    rows = list(_iter_wrapped(tbl, W + "tr"))
    return sum(len(list(_iter_wrapped(tr, W + "tc"))) >= 3 for tr in rows) < 3


def _frame_cell(tbl):
    rows = list(_iter_wrapped(tbl, W + "tr"))
    if len(rows) != 1:
        return None
    cells = list(_iter_wrapped(rows[0], W + "tc"))
    return cells[0] if len(cells) == 1 else None


def _paragraph_text(p) -> str:
    parts: list[str] = []
    _collect_runs(p, parts)
    return "".join(parts).replace("\xa0", " ").strip()


def _hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish): Word does not show or print it."""
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _collect_runs(el, parts: list[str]) -> None:
    parts.extend(text for _node, text in visible_pieces(el))


_MARKS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def visible_pieces(el) -> Iterator[tuple]:
    """(node, text) of each piece of visible text under `el`, in reading order: w:t elements,
    and the tabs, breaks and hyphens between them (core.docx_out rewrites the w:t ones)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP or (tag == W + "r" and _hidden(child)):
            continue
        if tag == W + "t":
            yield child, child.text or ""
        elif tag in _MARKS:
            yield child, _MARKS[tag]
        else:  # runs, hyperlinks, fields, inline content controls, insertions, smart tags
            yield from visible_pieces(child)


def _cell_text(tc) -> str:
    """The cell's paragraphs joined by newlines; nested tables flattened to one line per row."""
    lines: list[str] = []
    for block in _iter_blocks(tc):
        if block.tag == W + "p":
            lines.extend(_paragraph_text(block).split("\n"))
        else:
            lines.extend(_flatten_table(block))
    # A tab inside a cell would read as a cell boundary in the display text.
    lines = [" ".join(line.replace("\t", " ").split()) for line in lines]
    return "\n".join(line for line in lines if line)


def _flatten_table(tbl) -> list[str]:
    lines = []
    for tr in _iter_wrapped(tbl, W + "tr"):
        texts = [_cell_text(tc).replace("\n", " ") for tc in _iter_wrapped(tr, W + "tc")]
        lines.append(" ".join(t for t in texts if t))
    return lines


def _int_prop(parent, path: str, default: int) -> int:
    el = parent.find(path)
    if el is None:
        return default
    try:   # a span wider than any table is clamped (a hostile gridSpan="99999999")
        return min(int(el.get(W + "val", default)), limits.MAX_TABLE_COLUMNS)
    except ValueError:   # not a number, or thousands of digits
        return default


def _merge_kind(tc, name: str) -> Optional[str]:
    """'restart', 'continue' or None for a cell's w:vMerge / w:hMerge (no val means continue)."""
    el = tc.find(f"{W}tcPr/{W}{name}")
    if el is None:
        return None
    return "restart" if el.get(W + "val") == "restart" else "continue"


def _grid(tbl, elements: Optional[dict] = None) -> list[list[_Cell]]:
    """Rows of origin cells with grid coordinates; merge continuations are folded into origins.
    `elements`, when given, receives each origin cell's w:tc by its (row, col)."""
    rows: list[list[_Cell]] = []
    open_v: dict[int, _Cell] = {}   # grid column -> origin of a vertical merge still open
    for r, tr in enumerate(_iter_wrapped(tbl, W + "tr")):
        col = max(0, _int_prop(tr, f"{W}trPr/{W}gridBefore", 0))
        row: list[_Cell] = []
        next_open: dict[int, _Cell] = {}
        for tc in _iter_wrapped(tr, W + "tc"):
            span = max(1, _int_prop(tc, f"{W}tcPr/{W}gridSpan", 1))
            vmerge, hmerge = _merge_kind(tc, "vMerge"), _merge_kind(tc, "hMerge")
            if vmerge == "continue" and col in open_v:
                origin = open_v[col]
                origin.rowspan = r - origin.row + 1
                next_open[col] = origin
            elif hmerge == "continue" and row and row[-1].col + row[-1].colspan == col:
                row[-1].colspan += span   # legacy horizontal merge (old Word / WPS files)
            else:
                cell = _Cell(_cell_text(tc), r, col, colspan=span)
                row.append(cell)
                if elements is not None:
                    elements[(r, col)] = tc
                if vmerge is not None:    # restart, or a continuation with no origin above
                    next_open[col] = cell
            col += span
        # A vertical merge ends at the first row that does not continue it.
        open_v = next_open
        rows.append(row)
    return rows


class _TextBuilder:
    """Lays blocks out as display text and records each block's character span in it."""

    def __init__(self, part=None) -> None:
        self.part = part   # the document part: embedded HTML chunks and sheets hang off it
        self._parts: list[str] = []
        self._pos = 0
        self._last: Optional[str] = None
        self._tables = 0
        self._cells = 0
        self.blocks: list = []
        self.origins: list = []   # per table index: its w:tbl, or "altChunk" / "excel" / "picture"
        self.ocr_cells: dict = {}
        self.pictures_read = 0

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

    def table(self, grid: list[list[_Cell]], origin=None) -> None:
        if not any(cell.text for row in grid for cell in row):
            return   # an empty grid (spacer table) carries nothing to show or recognise
        self.origins.append(origin)
        self._cells += sum(len(row) for row in grid)
        limits.check("文档中表格的单元格总数", self._cells, limits.MAX_DOC_CELLS)
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

    def picture(self, found) -> None:
        """A picture's lines and tables (docx_pictures.PictureTable), or None: nothing in it."""
        self.pictures_read += 1
        if found is None:
            return
        tables = iter(found.scores)
        for item in found.items:
            if isinstance(item, str):
                self.paragraph(item)
                continue
            index, scores = self._tables, next(tables)
            self.table(item, "picture")
            if self._tables > index:
                self.ocr_cells.update({(index, r, c): w for (r, c), w in scores.items()})

    def _cell(self, cell: _Cell, table: int, position: int) -> TextCell:
        if position:
            self._write("\t")
        start = self._pos
        self._write(cell.text)
        ref = SourceRef(start, self._pos, table=table, row=cell.row, col=cell.col)
        return TextCell(cell.text, ref, cell.rowspan, cell.colspan)
