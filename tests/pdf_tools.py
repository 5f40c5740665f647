"""PDFs the core and GUI tests make on the fly (pypdfium2, under the app's pdfium lock)."""
from __future__ import annotations

import pathlib


def sideways(source: pathlib.Path, out: pathlib.Path, ccw: bool) -> None:
    """Each page's content turned a quarter onto a page of the other orientation (a landscape
    table printed onto portrait paper): the text runs up or down the page."""
    import pypdfium2 as pdfium

    from core.readers.pdfium_page import PDFIUM_LOCK
    with PDFIUM_LOCK:
        _turn_pages(pdfium, source, out, ccw)


def _turn_pages(pdfium, source: pathlib.Path, out: pathlib.Path, ccw: bool) -> None:
    src = pdfium.PdfDocument(str(source))
    dst = pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        obj = src.page_as_xobject(i, dst).as_pageobject()
        turn = pdfium.PdfMatrix().rotate(90, ccw=ccw)
        obj.transform(turn.translate(h, 0) if ccw else turn.translate(0, w))
        page = dst.new_page(h, w)
        page.insert_obj(obj)
        page.gen_content()
    dst.save(str(out))
    dst.close()
    src.close()
