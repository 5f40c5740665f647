"""Scanned PDF pages for OCR: the page rendered by pdfium, the scan's own resolution checked."""
from __future__ import annotations

from ..readers.pdfium_page import PDFIUM_LOCK
from . import RENDER_DPI, check_resolution
from .page import OcrPage, read_image


def read_pdf_page(pdf, number: int) -> OcrPage:
    """Recognise page `number` of an open pypdfium2 document (its pictures, its vector text)."""
    with PDFIUM_LOCK:
        page = pdf[number]
        try:
            dpi = scan_dpi(page)
            bitmap = page.render(scale=RENDER_DPI / 72, rev_byteorder=True)
            rgb = bitmap.to_numpy().copy()
            bitmap.close()
        finally:
            page.close()
    if dpi is not None:
        check_resolution(dpi)
    return read_image(rgb, RENDER_DPI)


def scan_dpi(page):
    """The resolution of the page's largest picture (pixels per inch as placed), or None."""
    import pypdfium2.raw as raw
    best = None
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            width_px, _height_px = obj.get_px_size()
            left, _bottom, right, _top = _bounds(obj)
        except Exception:   # an odd image object: it tells nothing about the scan
            continue
        width_pt = right - left
        if width_pt > 0 and (best is None or width_pt > best[0]):
            best = (width_pt, width_px * 72.0 / width_pt)
    return best[1] if best else None


PICTURE_SHARE = 0.12     # a picture covering less of the page is a logo, a seal, a photo strip
PICTURE_INCHES = 1.5     # … and one narrower or lower than this holds no report table


def read_pictured_tables(pdf, number: int) -> list[tuple[float, float, OcrPage]]:
    """The ruled tables in the large pictures of a text page (a table pasted as a picture into
    the Word file the PDF was made from): for each, the picture's top-left corner on the page
    (points) and what OCR read in it. Pictures without a ruled table are not read."""
    with PDFIUM_LOCK:
        page = pdf[number]
        try:
            if page.get_rotation():
                return []   # a turned page's pictures: left to manual entry
            boxes = _picture_boxes(page, float(page.get_width()), float(page.get_height()))
            if not boxes:
                return []
            scale = RENDER_DPI / 72
            bitmap = page.render(scale=scale, rev_byteorder=True)
            rgb = bitmap.to_numpy()[..., :3].copy()
            bitmap.close()
        finally:
            page.close()
    out = []
    for left, top, right, bottom in boxes:
        crop = rgb[int(top * scale):int(bottom * scale), int(left * scale):int(right * scale)]
        found = read_image(crop, RENDER_DPI, tables_only=True)
        if found is not None:
            out.append((left, top, found))
    return out


def _bounds(obj) -> tuple[float, float, float, float]:
    """left, bottom, right, top of a page object (pypdfium2 4.x names it get_pos, 5.x get_bounds)."""
    get = getattr(obj, "get_bounds", None) or obj.get_pos
    return tuple(get())


def _picture_boxes(page, width: float, height: float) -> list[tuple[float, float, float, float]]:
    import pypdfium2.raw as raw
    out = []
    least = PICTURE_INCHES * 72
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = _bounds(obj)
        except Exception:   # an odd image object: nothing to read in it
            continue
        left, right = max(0.0, left), min(width, right)
        top, bottom = max(0.0, height - top), min(height, height - bottom)   # top-left origin
        if right - left >= least and bottom - top >= least \
                and (right - left) * (bottom - top) >= PICTURE_SHARE * width * height:
            out.append((left, top, right, bottom))
    return out


def shifted(page: OcrPage, left: float, top: float):
    """A picture's chars, ruling lines and words moved from the picture onto its page."""
    chars = [(x0 + left, y0 + top, x1 + left, y1 + top, text, size)
             for x0, y0, x1, y1, text, size in page.content.chars]
    edges = [{**e, "x0": e["x0"] + left, "x1": e["x1"] + left, "top": e["top"] + top,
              "bottom": e["bottom"] + top} for e in page.content.edges]
    words = [((b[0] + left, b[1] + top, b[2] + left, b[3] + top), text, score)
             for b, text, score in page.words]
    return chars, edges, words
