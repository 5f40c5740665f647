"""Pictures in a Word document that hold a ruled table (a scan, a screenshot pasted in): read by
OCR into the paragraphs and table grid the DOCX reader writes, with each number's confidence."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from ..model import Table
from .docx_embedded import GridCell

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EMU_PER_INCH = 914400
MIN_PIXELS = 300      # a picture narrower or lower than this is an icon or a logo, not a table
MAX_PICTURES = 20     # pictures read per document at most (OCR takes a second or two each)


@dataclass
class PictureTable:
    """What a picture held: paragraphs (its title lines) and tables, in order, and for each
    table's cells (row, col) the least sure word read there (text, confidence)."""

    items: list = field(default_factory=list)   # str (a line) or list[list[GridCell]]
    scores: list[dict] = field(default_factory=list)   # per table: {(row, col): (text, score)}


def pictures(part, paragraph) -> list[tuple[bytes, float]]:
    """The pictures drawn in a paragraph: their bytes and their width as placed (inches)."""
    out = []
    for frame in paragraph.iter(WP + "inline", WP + "anchor"):
        extent = frame.find(WP + "extent")
        blip = next(frame.iter(A + "blip"), None)
        rid = blip.get(R + "embed") if blip is not None else None
        if extent is None or not rid or rid not in part.related_parts:
            continue
        try:
            inches = int(extent.get("cx", "0")) / EMU_PER_INCH
        except ValueError:
            continue
        out.append((part.related_parts[rid].blob, inches))
    return out


def read_picture(data: bytes, inches: float):
    """The picture's tables and lines, or None: not a picture, too small, no ruled table in it,
    no OCR engine. Never raises for a picture it cannot use: the document reads on without it."""
    from .. import ocr   # OCR (numpy, cv2, the model) loads only for a document with pictures
    if not ocr.available():
        return None
    from PIL import Image, UnidentifiedImageError
    import numpy as np
    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if min(picture.size) < MIN_PIXELS or inches <= 0:
        return None
    dpi = picture.size[0] / inches
    if dpi < ocr.MIN_DPI:
        return None
    if dpi > ocr.RENDER_DPI * 1.6:   # a print-quality picture: no better read, much more work
        factor = ocr.RENDER_DPI / dpi
        picture = picture.resize((max(1, int(picture.width * factor)), max(1, int(picture.height * factor))))
        dpi = ocr.RENDER_DPI
    from ..ocr.page import read_image
    page = read_image(np.asarray(picture.convert("RGB")), dpi, tables_only=True)
    if page is None:
        return None
    from . import pdf as pdf_reader   # the PDF layout reads the picture as it reads a page
    stats = pdf_reader.new_stats()
    stats["ocr"][0] = page   # boxes mapped back onto the picture as placed, as the words are
    pages: list = []
    pdf_reader.lay_out(page.content, stats, pages)
    doc = pdf_reader.build_document("", "image", pages, [(page.content.width, page.content.height)], stats)
    return _items(doc, page.words)


def _items(doc, words) -> PictureTable:
    out = PictureTable()
    for block in doc.blocks:
        if isinstance(block, Table):
            grid, scores = _grid(block, words)
            out.items.append(grid)
            out.scores.append(scores)
        elif block.text.strip():
            out.items.append(block.text)
    return out


def _grid(table: Table, words) -> tuple[list[list[GridCell]], dict]:
    """The table's cells at their grid origins (spans kept), and the least sure word of each."""
    taken: set[tuple[int, int]] = set()
    grid, scores = [], {}
    for r, row in enumerate(table.rows):
        cells, c = [], 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            cells.append(GridCell(cell.text, r, c, cell.rowspan, cell.colspan))
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            inside = [(text, score) for box, text, score in words
                      if cell.ref is not None and cell.ref.bbox and _centre_in(box, cell.ref.bbox)]
            if inside:
                scores[(r, c)] = min(inside, key=lambda w: w[1])
            c += cell.colspan
        grid.append(cells)
    return grid, scores


def _centre_in(box, cell) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]
