"""PDF reader: pdfium characters and ruling lines, pdfplumber's table finder → SourceDocument.

Every cell and line keeps its page and bounding box. The display text holds each page's
lines top to bottom, a table row per line with its cells separated by a tab (a cell covered
by a merged cell writes nothing), and between two pages a line "—— 第 N 页 ——" framed by
blank lines. Blocks follow the text, except that a table continued on the next page is one
Table (a header row repeated there is left out of it, not out of the text): the page-number
lines printed between its two halves come right after it. A row broken by the page is one row:
its cells hold the whole values and are written where the row starts; the rest of it, printed
at the top of the next page, goes to the text only.
"""
from __future__ import annotations

import bisect
import io
import re
from typing import Optional

from ..errors import Cancelled, NianbaoError, ScannedDocument, UnreadableFile
from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell
from . import Cancelled as CancelledFn, Progress, pdfium_page
from .pdf_layout import (BBox, Grid, GridCell, Item, Line, build_lines, find_borderless,
                         is_number, join_pieces)

ENCRYPTED = "PDF 文件已加密，需要密码才能打开。请先在 PDF 阅读器中去除密码后再试。"
CORRUPT = "PDF 文件已损坏，无法读取。"
NO_PAGES = "PDF 文件中没有任何页面。"
EMPTY = "PDF 文件中没有任何文字。"
SCANNED = ("这是扫描件（图片形式的 PDF），没有文字层。本程序不做文字识别（OCR），"
           "请使用含文字的 PDF 或原始 Word 文档。")
NO_UNICODE = ("PDF 中的文字使用了无法解码的字体，提取不出文字。"
              "请使用原始 Word 文档，或在 PDF 阅读器中另存后再试。")

MIN_CHARS_PER_PAGE = 10   # below this on average the PDF has no real text layer
FURNITURE_ZONE = 0.12     # page numbers sit in the top/bottom 12% of the page
FURNITURE_LEN = 30        # … and are short
SNAP = 2.0                # cell edges closer than this (points) are one grid line
SAME_X = 3.0              # column lines this close on two pages are the same column
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_NUMBER_PIECE = re.compile(r"^[-+−]?[\d.,，]*\d[\d.,，]*%?$")   # a number or the digits of one


def read(path: str, data: bytes, progress: Progress = None,
         cancelled: CancelledFn = None) -> SourceDocument:
    """Read a PDF's text and tables; raise UnreadableFile/ScannedDocument/Cancelled."""
    try:
        pages, sizes, stats = _extract(data, progress, cancelled)
    except (NianbaoError, MemoryError):
        raise
    except Exception as exc:   # a damaged file can fail anywhere in pdfium
        raise _open_error(exc, data) from None
    _check_text_layer(stats, len(pages), data)
    doc = SourceDocument(path=path, format="pdf", text="", pages=len(pages), page_sizes=sizes)
    _Assembler(doc, sizes).run(pages)
    return doc


def _extract(data: bytes, progress: Progress, cancelled: CancelledFn):
    """Lay out every page; returns the items per page, the page sizes and char statistics."""
    try:
        pdf = pdfium_page.open_document(data)
    except Exception as exc:
        raise _open_error(exc, data) from None
    pages: list[list[Item]] = []
    sizes: list[tuple[float, float]] = []
    stats = {"chars": 0, "cid": 0, "graphics": 0}
    try:
        total = len(pdf)
        if total == 0:
            raise UnreadableFile(NO_PAGES, "no pages")
        for number in range(total):
            if cancelled and cancelled():
                raise Cancelled()
            content = pdfium_page.read_page(pdf, number)
            sizes.append((content.width, content.height))
            pages.append(_layout(content, stats))
            if progress:
                progress(number + 1, total)
    finally:
        with pdfium_page.PDFIUM_LOCK:
            pdf.close()
    return pages, sizes, stats


def _layout(content: pdfium_page.PageContent, stats: dict) -> list[Item]:
    width, height = content.width, content.height
    # Text placed off the page is invisible in every viewer (left-overs, tricks): not content.
    chars = [ch for ch in content.chars if 0 <= (ch["x0"] + ch["x1"]) / 2 <= width
             and 0 <= (ch["top"] + ch["bottom"]) / 2 <= height]
    visible = sum(not ch["text"].isspace() for ch in chars)
    stats["chars"] += visible
    stats["cid"] += content.unmapped
    stats["graphics"] += content.images + content.curves
    tables = []
    if visible and content.edges:   # only pages that draw lines can have a ruled table
        try:
            tables = [(t.cells, t.bbox) for t in _ruled_tables(content)]
        except Exception:   # odd vector art; the text still reads, tables by alignment
            tables = []
    return layout_page(chars, tables)


class _Lines:
    """What pdfplumber's TableFinder reads of a page: its edges and its box."""

    def __init__(self, content: pdfium_page.PageContent):
        self.edges = content.edges
        self.bbox = (0, 0, content.width, content.height)


def _ruled_tables(content: pdfium_page.PageContent):
    """pdfplumber's tables on the page's lines, its cell search made fast (same cells)."""
    from pdfplumber.table import (Table as PlumberTable, TableFinder, TableSettings,
                                  cells_to_tables, edges_to_intersections)
    finder = TableFinder.__new__(TableFinder)   # its steps, one of them ours
    finder.page = _Lines(content)
    finder.settings = TableSettings.resolve(TABLE_SETTINGS)
    edges = finder.get_edges()
    points = edges_to_intersections(edges, finder.settings.intersection_x_tolerance,
                                    finder.settings.intersection_y_tolerance)
    return [PlumberTable(finder.page, group) for group in cells_to_tables(_cells(points))]


def _cells(intersections: dict) -> list[BBox]:
    """pdfplumber's intersections_to_cells, result for result: from each crossing (in sorted
    order) the smallest cell whose four corners the same edges join. pdfplumber rebuilds
    the sets of edges at a crossing for every pair it tries: a 600-row table spent 0.4 s."""
    def boxes(edges):
        return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}
    v = {p: boxes(i["v"]) for p, i in intersections.items()}
    h = {p: boxes(i["h"]) for p, i in intersections.items()}
    below: dict[float, list] = {}   # crossings on a vertical line, top to bottom
    right: dict[float, list] = {}   # crossings on a horizontal line, left to right
    points = sorted(intersections)
    for p in points:
        below.setdefault(p[0], []).append(p)
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        right.setdefault(p[1], []).append(p)
    at_x = {p: i for line in below.values() for i, p in enumerate(line)}
    at_y = {p: i for line in right.values() for i, p in enumerate(line)}
    cells = []
    for pt in points:
        column = below[pt[0]][at_x[pt] + 1:]
        row = right[pt[1]][at_y[pt] + 1:]
        cell = next(((pt[0], pt[1], r[0], b[1]) for b in column if not v[pt].isdisjoint(v[b])
                     for r in row if not h[pt].isdisjoint(h[r])
                     and (r[0], b[1]) in intersections
                     and not v[(r[0], b[1])].isdisjoint(v[r])
                     and not h[(r[0], b[1])].isdisjoint(h[b])), None)
        if cell:
            cells.append(cell)
    return cells


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


def layout_page(chars: list[dict], tables: list[tuple[list[BBox], BBox]]) -> list[Item]:
    """A page's lines and tables in reading order (top to bottom).

    `tables` are (cells, bbox) of ruled tables from pdfplumber's find_tables.
    """
    ruled = [RuledTable(cells, bbox) for cells, bbox in tables if len(cells) > 1]
    free = [ch for ch in chars if not _taken(ruled, ch)] if ruled else chars
    # An empty grid (a frame, a decoration) carries nothing: its lines are not a table.
    grids = [g for g in (t.grid() for t in ruled) if any(c.text for row in g.rows for c in row)]
    items: list[Item] = find_borderless(build_lines(free), [g.top for g in grids])
    items.extend(grids)
    items.sort(key=lambda it: it.top)
    return items


def _taken(tables: list["RuledTable"], ch: dict) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    for table in tables:
        if table.take(ch, x, y):
            return True
    return False


class RuledTable:
    """Row/column boundaries of a pdfplumber table and which cell owns each grid slot."""

    def __init__(self, cells: list[BBox], bbox: BBox):
        self.bbox = bbox
        self.xs = _bounds([c[0] for c in cells], max(c[2] for c in cells))
        self.ys = _bounds([c[1] for c in cells], max(c[3] for c in cells))
        self.specs: list[tuple[int, int, int, int, BBox]] = []   # row, col, rowspan, colspan, bbox
        self.owner = [[-1] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)]
        for cell in sorted(cells, key=lambda c: (c[1], c[0])):
            self._place(cell)
        self.chars: list[list[dict]] = [[] for _ in self.specs]

    def _place(self, cell: BBox) -> None:
        r, c = _nearest(self.ys, cell[1]), _nearest(self.xs, cell[0])
        r_end = max(_nearest(self.ys, cell[3]), r + 1)
        c_end = max(_nearest(self.xs, cell[2]), c + 1)
        if self.owner[r][c] >= 0:
            return   # pdfplumber reported an overlapping cell: the first one wins
        index = len(self.specs)
        self.specs.append((r, c, r_end - r, c_end - c, cell))
        for rr in range(r, r_end):
            for cc in range(c, c_end):
                if self.owner[rr][cc] < 0:
                    self.owner[rr][cc] = index

    def take(self, ch: dict, x: float, y: float) -> bool:
        """Keep the char (centre x, y) if it falls in one of the cells; False leaves it."""
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return False
        r, c = bisect.bisect_right(self.ys, y) - 1, bisect.bisect_right(self.xs, x) - 1
        if not (0 <= r < len(self.owner) and 0 <= c < len(self.owner[0])) or self.owner[r][c] < 0:
            return False
        self.chars[self.owner[r][c]].append(ch)
        return True

    def grid(self) -> Grid:
        rows: list[list[GridCell]] = [[] for _ in self.owner]
        for (r, _, rowspan, colspan, box), chars in zip(self.specs, self.chars):
            # A wrapped cell: its lines join (CJK tight), wide gaps inside a line too.
            lines = [join_pieces([k.text for k in ln.chunks]) for ln in build_lines(chars)]
            rows[r].append(GridCell(join_pieces(lines), box, rowspan, colspan))
        rows = [sorted(row, key=lambda g: g.bbox[0]) for row in rows if row]
        return Grid(rows, self.bbox, self.xs, ruled=True)


def _bounds(starts: list[float], end: float) -> list[float]:
    """Sorted distinct boundaries: the cell starts (snapped together) and the far edge."""
    out: list[float] = []
    for v in sorted(starts):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    if end - out[-1] > SNAP:
        out.append(end)
    return out


def _nearest(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v)
    if i == len(bounds) or (i > 0 and v - bounds[i - 1] < bounds[i] - v):
        i -= 1
    return i


class _Assembler:
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
        self.doc.blocks.append(Paragraph(line.text, SourceRef(start, end, page, line.bbox)))

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
        out = []
        for row in rows:
            cells = []
            for col, cell in enumerate(row):
                if col:
                    self._write("\t")
                start, end = self._write(cell.text)
                cells.append(TextCell(cell.text, SourceRef(start, end, page, cell.bbox),
                                      cell.rowspan, cell.colspan))
            self._write("\n")
            out.append(cells)
            if table is not None:
                table.rows.append(cells)
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
        if cell.rowspan != 1 or not _NUMBER_PIECE.match(cell.text) or top is None \
                or top.colspan != cell.colspan or not _NUMBER_PIECE.match(top.text):
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
        return {_nearest(grid.col_xs, c.bbox[0]): c for c in row}
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
        and all(abs(xs[_nearest(xs, y)] - y) <= SAME_X for y in ys)


def _regrid(grid: Grid, xs: list[float]) -> Grid:
    """The grid with its colspans counted in the columns `xs` of the table it continues."""
    rows = [[GridCell(c.text, c.bbox, c.rowspan,
                      max(1, _nearest(xs, c.bbox[2]) - _nearest(xs, c.bbox[0]))) for c in row]
            for row in grid.rows]
    return Grid(rows, grid.bbox, xs, grid.ruled)
