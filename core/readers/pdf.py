"""PDF reader: pdfium characters and ruling lines, ruled tables (pdf_ruled) → SourceDocument.

Every cell and line keeps its page and bounding box. A page is laid out here (ruled tables
from the lines, the rest as lines and borderless tables, pdf_borderless); pdf_assemble writes
the display text and the blocks, joining tables continued across pages.
"""
from __future__ import annotations

import bisect
import io
from typing import Optional

from .. import limits
from ..errors import Cancelled, NianbaoError, ScannedDocument, UnreadableFile
from ..model import SourceDocument
from ..progress import Cancelled as CancelledFn, Progress
from . import pdf_forms, pdfium_page
from .pdf_assemble import Assembler
from .pdf_borderless import HEADING, MARGIN_LEN, find_borderless
from .pdf_layout import BBox, Grid, GridCell, Item, build_lines, join_pieces, nearest, tight_run
from .pdf_ruled import find_tables
from .pdfium_page import TEXT, Char

ENCRYPTED = "PDF 文件已加密，需要密码才能打开。请先在 PDF 阅读器中去除密码后再试。"
CORRUPT = "PDF 文件已损坏，无法读取。"
NO_PAGES = "PDF 文件中没有任何页面。"
EMPTY = "PDF 文件中没有任何文字。"
SCANNED = ("这是扫描件（图片形式的 PDF），没有文字层，也未能识别出文字（OCR）。"
           "可在右侧表格中对照原页手工录入，或使用含文字的 PDF、原始 Word 文档。")
NO_UNICODE = ("PDF 中的文字使用了无法解码的字体，提取不出文字。"
              "请使用原始 Word 文档，或在 PDF 阅读器中另存后再试。")

MIN_CHARS_PER_PAGE = 10   # below this on average the PDF has no real text layer
SNAP = 2.0                # cell edges closer than this (points) are one grid line


def read(path: str, data: bytes, progress: Progress = None,
         cancelled: CancelledFn = None) -> SourceDocument:
    """Read a PDF's text and tables; raise UnreadableFile/ScannedDocument/Cancelled.

    A page with no text but a picture (a scan) is read by OCR when the engine is there."""
    try:
        pages, sizes, stats = _extract(data, progress, cancelled)
    except (NianbaoError, MemoryError):
        raise
    except Exception as exc:   # a damaged file can fail anywhere in pdfium
        raise _open_error(exc, data) from None
    _check_text_layer(stats, len(pages), data)
    return build_document(path, "pdf", pages, sizes, stats)


def new_stats() -> dict:
    return {"chars": 0, "cid": 0, "graphics": 0, "images": 0, "turns": [], "ocr": {}, "pictures": []}


def lay_out(content: pdfium_page.PageContent, stats: dict, pages: list[list[Item]]) -> None:
    """Lay out one more page after `pages` (a borderless table may continue from the last)."""
    pages.append(_layout(content, stats, _open_bands(pages[-1]) if pages else None))
    stats["turns"].append(content.turn)


def build_document(path: str, fmt: str, pages: list[list[Item]],
                   sizes: list[tuple[float, float]], stats: dict) -> SourceDocument:
    """The laid-out pages written as one document (text, blocks, tables joined across pages)."""
    doc = SourceDocument(path=path, format=fmt, text="", pages=len(pages), page_sizes=sizes,
                         images=stats["images"],
                         page_turns=stats["turns"] if any(stats["turns"]) else [])
    Assembler(doc, sizes).run(pages)
    if stats["ocr"] or stats["pictures"]:
        from ..ocr.provenance import finish   # OCR (numpy, cv2) loads only for scanned pages
        finish(doc, stats["ocr"], stats["pictures"])
    return doc


def _extract(data: bytes, progress: Progress, cancelled: CancelledFn):
    """Lay out every page; returns the items per page, the page sizes and char statistics."""
    pdf_forms.check_page_objects(data)
    try:
        pdf = pdfium_page.open_document(data)
    except Exception as exc:
        raise _open_error(exc, data) from None
    pages: list[list[Item]] = []
    sizes: list[tuple[float, float]] = []
    stats = new_stats()
    rendering = _Rendering(data)
    try:
        total = len(pdf)
        if total == 0:
            raise UnreadableFile(NO_PAGES, "no pages")
        limits.check("PDF 页数", total, limits.MAX_PDF_PAGES)
        for number in range(total):
            if cancelled and cancelled():
                raise Cancelled()
            content = pdfium_page.read_page(pdf, number)
            if _scanned_page(content):
                content = _ocr_page(rendering, number, content, stats)
            elif content.images:
                _pictured_tables(rendering, number, content, stats)
            sizes.append((content.width, content.height))
            lay_out(content, stats, pages)
            if progress:
                progress(number + 1, total)
    finally:
        with pdfium_page.PDFIUM_LOCK:
            pdf.close()
            rendering.close()
    return pages, sizes, stats


class _Rendering:
    """The same PDF as a pypdfium2 document, opened on first use: OCR renders pages with
    pypdfium2's helpers, which a text PDF's read never loads."""

    def __init__(self, data: bytes):
        self._data, self._pdf = data, None

    def document(self):
        if self._pdf is None:
            import pypdfium2
            with pdfium_page.PDFIUM_LOCK:
                self._pdf = pypdfium2.PdfDocument(self._data)
        return self._pdf

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def _layout(content: pdfium_page.PageContent, stats: dict,
            carried: Optional[list[list[float]]] = None) -> list[Item]:
    width, height = content.width, content.height
    # Text placed off the page is invisible in every viewer (left-overs, tricks): not content.
    # comprehensions, not a loop with append: a tenth of the layout was this filter
    chars = [ch for ch in content.chars   # (x0, top, x1, bottom, …): centres on the page
             if 0 <= (ch[0] + ch[2]) / 2 <= width and 0 <= (ch[1] + ch[3]) / 2 <= height]
    visible = len(chars) - len([1 for ch in chars if ch[TEXT].isspace()])
    stats["chars"] += visible
    stats["cid"] += content.unmapped
    stats["graphics"] += content.images + content.curves
    stats["images"] += content.images
    tables = []
    if visible and content.edges:   # only pages that draw lines can have a ruled table
        try:
            tables = find_tables(content.edges)
        except Exception:   # odd vector art; the text still reads, tables by alignment
            tables = []
    return layout_page(chars, tables, carried)


def _scanned_page(content: pdfium_page.PageContent) -> bool:
    """A page with a picture and (almost) no text: a scan, or a table pasted as an image."""
    if not content.images:
        return False   # most pages: no need to count the chars
    visible = sum(not ch[TEXT].isspace() for ch in content.chars)
    return visible < MIN_CHARS_PER_PAGE


def _ocr_page(rendering: _Rendering, number: int, content: pdfium_page.PageContent,
              stats: dict) -> pdfium_page.PageContent:
    """The page read by OCR, or as it is when no OCR engine is installed (then a scanned PDF
    is refused as before, and the app offers manual entry)."""
    # the OCR modules (numpy, cv2, the engine) load only when a scanned page is met
    from .. import ocr
    if not ocr.available():
        return content
    from ..ocr.pdf_pages import read_pdf_page
    page = read_pdf_page(rendering.document(), number)
    stats["ocr"][number] = page
    return page.content


def _pictured_tables(rendering: _Rendering, number: int, content: pdfium_page.PageContent,
                     stats: dict) -> None:
    """Tables pasted as pictures into a text page, read by OCR and laid out with its text."""
    # the OCR modules load only when a text page holds a picture
    from .. import ocr
    if not ocr.available():
        return
    from ..ocr.pdf_pages import read_pictured_tables, shifted
    for left, top, page in read_pictured_tables(rendering.document(), number):
        chars, edges, words = shifted(page, left, top)
        content.chars.extend(chars)
        content.edges.extend(edges)
        stats["pictures"].extend((number, box, text, score) for box, text, score in words)


def _open_bands(items: list[Item]) -> Optional[list[list[float]]]:
    """The columns of a borderless table that ends the page, which the next page may
    continue. Short lines after it at most: a page number, a label's last wrapped line;
    not a heading (corpus 双河镇-2021: "四、…" under table 三 opens table 四 overleaf)."""
    after = []
    for item in reversed(items):
        if isinstance(item, Grid):
            return item.bands if all(ln.size <= HEADING * item.size for ln in after) else None
        if len(item.chunks) > 1 or len(item.text) > MARGIN_LEN:
            return None
        after.append(item)
    return None


def _open_error(exc: Exception, data: bytes) -> UnreadableFile:
    """Why pdfium refused the file. pdfium's error code is process-global and can be left over
    from an earlier document, so pdfminer (pdfplumber's parser) tells the cases apart."""
    detail = f"{type(exc).__name__}: {exc}"
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                if not pdf.pages:
                    return UnreadableFile(NO_PAGES, detail)
        except Exception as err:
            cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
            if isinstance(cause, (PDFEncryptionError, PDFPasswordIncorrect)):
                return UnreadableFile(ENCRYPTED, f"{detail}; {type(cause).__name__}")
    except Exception:   # the diagnosis must never be what fails
        pass
    if getattr(exc, "err_code", None) == 4:   # FPDF_ERR_PASSWORD
        return UnreadableFile(ENCRYPTED, detail)
    return UnreadableFile(CORRUPT, detail)


def _check_text_layer(stats: dict, pages: int, data: bytes) -> None:
    if stats["chars"] >= MIN_CHARS_PER_PAGE * pages:
        if stats["cid"] > stats["chars"] // 2:
            raise UnreadableFile(NO_UNICODE, f"{stats['cid']} of {stats['chars']} chars unmapped")
        return
    detail = f"{stats['chars']} chars on {pages} pages"
    if stats["graphics"]:
        raise ScannedDocument(SCANNED, detail)
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableFile(CORRUPT, detail + ", no %%EOF: truncated")
    raise UnreadableFile(EMPTY, detail)


def layout_page(chars: list[Char], tables: list[tuple[list[BBox], BBox]],
                carried: Optional[list[list[float]]] = None) -> list[Item]:
    """A page's lines and tables in reading order (top to bottom).

    `tables` are (cells, bbox) of ruled tables (pdf_ruled, pdfplumber's finder); `carried` the
    columns of a borderless table open at the bottom of the page before.
    """
    ruled = [RuledTable(cells, bbox) for cells, bbox in tables if len(cells) > 1]
    free = _free_chars(ruled, chars) if ruled else chars
    # An empty grid (a frame, a decoration) carries nothing: its lines are not a table.
    grids = [g for g in (t.grid() for t in ruled) if any(c.text for row in g.rows for c in row)]
    items: list[Item] = find_borderless(build_lines(free), [g.top for g in grids], carried)
    items.extend(grids)
    items.sort(key=lambda it: it.top)
    return items


def _free_chars(tables: list["RuledTable"], chars: list[Char]) -> list[Char]:
    """The chars no ruled table takes; the others go to the cell whose grid slot holds their
    centre. One loop with the tables' figures at hand: a call per char and table was a fifth
    of the layout."""
    free = []
    # each table as (x0, top, x1, bottom, rest): its box tested first, the rest read on a hit
    grids = [(*t.bbox, (t.ys, t.xs, t.owner, len(t.owner), len(t.owner[0]) if t.owner else 0,
                        t.chars)) for t in tables]
    right = bisect.bisect_right
    for ch in chars:
        x0, top, x1, bottom, _, _ = ch
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        for x0, top, x1, bottom, rest in grids:
            if x0 <= x <= x1 and top <= y <= bottom:
                ys, xs, owner, rows, cols, taken = rest
                r, c = right(ys, y) - 1, right(xs, x) - 1
                if 0 <= r < rows and 0 <= c < cols and owner[r][c] >= 0:
                    taken[owner[r][c]].append(ch)
                    break
        else:
            free.append(ch)
    return free


class RuledTable:
    """Row/column boundaries of a pdfplumber table and which cell owns each grid slot."""

    def __init__(self, cells: list[BBox], bbox: BBox):
        self.bbox = bbox
        self.xs = _bounds([c[0] for c in cells], max(c[2] for c in cells))
        self.ys = _bounds([c[1] for c in cells], max(c[3] for c in cells))
        self.specs: list[tuple[int, int, int, int, BBox]] = []   # row, col, rowspan, colspan, bbox
        self.owner = [[-1] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)]
        # cells share their edges (a column's x in every row): each edge is looked up once
        rows = {v: nearest(self.ys, v) for v in {c[1] for c in cells} | {c[3] for c in cells}}
        cols = {v: nearest(self.xs, v) for v in {c[0] for c in cells} | {c[2] for c in cells}}
        for cell in sorted(cells, key=lambda c: (c[1], c[0])):
            self._place(cell, rows, cols)
        self.chars: list[list[Char]] = [[] for _ in self.specs]

    def _place(self, cell: BBox, rows: dict, cols: dict) -> None:
        r, c = rows[cell[1]], cols[cell[0]]
        r_end = max(rows[cell[3]], r + 1)
        c_end = max(cols[cell[2]], c + 1)
        if self.owner[r][c] >= 0:
            return   # pdfplumber reported an overlapping cell: the first one wins
        index = len(self.specs)
        self.specs.append((r, c, r_end - r, c_end - c, cell))
        for rr in range(r, r_end):
            for cc in range(c, c_end):
                if self.owner[rr][cc] < 0:
                    self.owner[rr][cc] = index

    def grid(self) -> Grid:
        rows: list[list[GridCell]] = [[] for _ in self.owner]
        for (r, _, rowspan, colspan, box), chars in zip(self.specs, self.chars):
            rows[r].append(GridCell(_cell_text(chars), box, rowspan, colspan))
        rows = [sorted(row, key=lambda g: g.bbox[0]) for row in rows if row]
        return Grid(rows, self.bbox, self.xs, ruled=True)


def _cell_text(chars: list[Char]) -> str:
    """A ruled cell's text. A wrapped cell: its lines join (CJK tight), wide gaps inside a line
    too. Most cells hold one char (a digit): its text is the char, as build_lines would give,
    without building a line (half the cells of a report, a fifth of its layout time)."""
    if len(chars) == 1:
        text = chars[0][TEXT]
        return "" if not text or text.isspace() else text
    run = tight_run(chars)   # most other cells: one tight run of chars, read without lines
    if run is not None:
        return run
    return join_pieces([join_pieces([k.text for k in ln.chunks]) for ln in build_lines(chars)])


def _bounds(starts: list[float], end: float) -> list[float]:
    """Sorted distinct boundaries: the cell starts (snapped together) and the far edge."""
    out: list[float] = []
    for v in sorted(starts):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    if end - out[-1] > SNAP:
        out.append(end)
    return out
