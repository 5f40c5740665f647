"""Content a DOCX holds outside its own XML: HTML chunks, Excel sheets, Strict namespaces.

OA systems build the annual report by importing an HTML form into Word (w:altChunk), and
clerks paste table 三 from Excel as an embedded worksheet (w:object + o:OLEObject, whose
preview is only a picture). Both carry the real numbers in a part of their own.
"""
from __future__ import annotations

import io
import re
import zipfile

from .. import limits
from .html_decode import decoding, html_of, utf8_pieces
from .html_walk import GridCell, walk_page   # GridCell: the cell at its grid origin, for every table reader

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
O = "{urn:schemas-microsoft-com:office:office}"


def _related_blob(part, rid: str):
    try:
        target = part.related_parts[rid]
    except (KeyError, AttributeError):
        return None, ""
    return target.blob, getattr(target, "content_type", "") or ""


def alt_chunk_items(part, element) -> list:
    """An imported HTML chunk as items: str paragraphs, and grids of the HTML reader's cells
    (text, row, col, rowspan, colspan: what docx._TextBuilder.table reads)."""
    blob, content_type = _related_blob(part, element.get(R + "id", ""))
    if blob is None or not ("html" in content_type or blob.lstrip()[:1] == b"<"):
        return []   # RTF or plain-text chunks: rare, and nothing of the tables' shape
    blob, hint = html_of(blob)
    how = decoding(blob, hint)
    out: list = []
    if not how.blank:   # items are lines, or (caption, grid): only the grid is taken, as ever
        walk_page(utf8_pieces(blob, how),
                  lambda item: out.append(item if isinstance(item, str) else item[1]))
    return out


def excel_objects(part, paragraph) -> list[list[list[GridCell]]]:
    """Grids of the Excel worksheets embedded (as OLE objects) in a paragraph."""
    grids = []
    for ole in paragraph.iter(O + "OLEObject"):
        if not (ole.get("ProgID") or "").startswith("Excel.Sheet"):
            continue
        blob, _ = _related_blob(part, ole.get(R + "id", ""))
        if blob is None or not blob.startswith(b"PK"):
            continue   # Excel 97-2003 objects are OLE storage: not readable here
        grid = _sheet_grid(blob)
        if grid:
            grids.append(grid)
    return grids


def _sheet_grid(blob: bytes) -> list[list[GridCell]]:
    import openpyxl
    limits.check_zip(blob, limits.MAX_SHEET_BYTES, limits.MAX_SHEET_BYTES, "嵌入的 Excel 表格")
    try:
        book = openpyxl.load_workbook(io.BytesIO(blob), data_only=True)
    except Exception:   # a damaged embedding: the rest of the document still reads
        return []
    sheet = book.active
    if sheet is None:
        return []
    limits.check("嵌入的 Excel 表格的单元格数", sheet.max_row * sheet.max_column, limits.MAX_SHEET_CELLS)
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (merged.max_row - merged.min_row + 1,
                                                  merged.max_col - merged.min_col + 1)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != (merged.min_row, merged.min_col):
                    covered[(r, c)] = (merged.min_row, merged.min_col)
    rows = []
    for r in range(1, sheet.max_row + 1):
        row = []
        for c in range(1, sheet.max_column + 1):
            if (r, c) in covered:
                continue
            value = sheet.cell(r, c).value
            rowspan, colspan = spans.get((r, c), (1, 1))
            row.append(GridCell(_cell_text(value), r - 1, c - 1, rowspan, colspan))
        rows.append(row)
    book.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


# ISO 29500 Strict names the same parts with other namespaces; python-docx knows only
# Transitional. Renaming them is what Word itself does when it saves as a normal .docx.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/main",
     b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)
_STRICT_MARK = re.compile(rb"purl\.oclc\.org/ooxml/")


def is_strict(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return bool(_STRICT_MARK.search(z.read("_rels/.rels")))
    except Exception:
        return False


def strict_to_transitional(data: bytes) -> bytes:
    """The same package with Strict namespaces renamed to Transitional ones (in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                for strict, transitional in _STRICT:
                    blob = blob.replace(strict, transitional)
            dst.writestr(info, blob)
    return out.getvalue()
