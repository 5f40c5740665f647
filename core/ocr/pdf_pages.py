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
            left, _bottom, right, _top = obj.get_pos()
        except Exception:   # an odd image object: it tells nothing about the scan
            continue
        width_pt = right - left
        if width_pt > 0 and (best is None or width_pt > best[0]):
            best = (width_pt, width_px * 72.0 / width_pt)
    return best[1] if best else None
