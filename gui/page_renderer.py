"""Report pages drawn off the UI thread: pypdfium2 renders each page a view asks for."""
from __future__ import annotations

import queue
from typing import Optional

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from core.readers.pdfium_page import PDFIUM_LOCK


class PageRenderer(QThread):
    """Renders pages off the UI thread, so a page (10–30 ms) never holds up typing or
    scrolling. pdfium is not thread-safe and the PDF reader uses it too (while the next
    report loads): every call holds core's PDFIUM_LOCK."""

    rendered = Signal(int, float, QImage)

    def __init__(self, path: str, parent=None, turns: Optional[list[int]] = None):
        super().__init__(parent)
        self.path = path
        # a page whose text runs sideways is shown turned upright, as the reader saw it
        self.turns = turns or []
        self.requests: queue.Queue = queue.Queue()

    def request(self, page: int, ratio: float) -> None:
        self.requests.put((page, ratio))

    def stop(self) -> None:
        self.requests.put(None)
        self.wait(5000)

    def serve(self, pages: int, draw) -> None:
        """Answer page requests until stop(): `draw(page, ratio)` gives each page's image."""
        while True:
            item = self.requests.get()
            if item is None:
                return
            page, ratio = item
            if 0 <= page < pages:
                self.rendered.emit(page, ratio, draw(page, ratio))

    def _draw_pdf(self, pdf, page: int, ratio: float) -> QImage:
        with PDFIUM_LOCK:
            pdf_page = pdf[page]
            turn = self.turns[page] if page < len(self.turns) else 0
            bitmap = pdf_page.render(scale=ratio, rotation=turn, rev_byteorder=True,
                                     prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888).copy()
            bitmap.close()
            pdf_page.close()
        return image

    def run(self) -> None:
        import pypdfium2   # the renderer pdfplumber already brings
        # Bytes, not the path: pdfium's own file opening mishandles non-ASCII paths on Windows,
        # and every report here has a Chinese name.
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
            with PDFIUM_LOCK:
                pdf = pypdfium2.PdfDocument(data)
        except Exception:   # the reader already opened it; a vanished file just shows no pages
            return
        try:
            self.serve(len(pdf), lambda page, ratio: self._draw_pdf(pdf, page, ratio))
        finally:
            with PDFIUM_LOCK:
                pdf.close()
