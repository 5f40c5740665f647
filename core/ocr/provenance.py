"""After the layout of OCR'd pages: boxes mapped back onto the page as scanned, words kept."""
from __future__ import annotations

import dataclasses

from ..model import Paragraph, SourceDocument, SourceRef, Table
from .page import OcrPage, scan_box


def finish(doc: SourceDocument, pages: dict[int, OcrPage], pictured: list = ()) -> None:
    """Mark the document as OCR'd, keep every word (page, box, text, confidence) for the doubt
    marks, and move the layout's boxes from the straightened image back to the scan.
    `pictured`: the words (page, box, text, confidence) of tables pictured on text pages."""
    doc.ocr_pages = sorted(set(pages) | {word[0] for word in pictured})
    doc.ocr_words = [(number, box, text, score) for number, page in sorted(pages.items())
                     for box, text, score in page.words] + list(pictured)
    doc.ocr_seals = [(number, box) for number, page in sorted(pages.items()) for box in page.seals]
    skewed = {n: p for n, p in pages.items() if p.back is not None}
    if not skewed:
        return
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.ref = _moved(block.ref, skewed)
            page = skewed.get(block.ref.page) if block.ref else None
            if page is not None:
                block.boxes = tuple((a, z, scan_box(b, page.back, page.scale)) for a, z, b in block.boxes)
        elif isinstance(block, Table):
            block.ref = _moved(block.ref, skewed)
            for row in block.rows:
                for cell in row:
                    cell.ref = _moved(cell.ref, skewed)


def _moved(ref, skewed: dict[int, OcrPage]):
    if ref is None or ref.bbox is None or ref.page not in skewed:
        return ref
    page = skewed[ref.page]
    return dataclasses.replace(ref, bbox=scan_box(ref.bbox, page.back, page.scale))
