"""OFD pages for the PDF view: drawn off the UI thread from the OFD's own text and ruling lines."""
from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from .page_renderer import PageRenderer


class OfdPageRenderer(PageRenderer):
    """PageRenderer's queue and signal for an OFD: each page painted from the characters and
    lines core's OFD reader took from it, in the same points."""

    def run(self) -> None:
        from core.readers.ofd import page_contents   # on this thread, when an OFD is first shown
        try:
            with open(self.path, "rb") as fh:
                pages = page_contents(fh.read())
        except Exception:   # the reader already opened it; a vanished file just shows no pages
            return
        self.serve(len(pages), lambda page, ratio: paint_page(pages[page], ratio))


def paint_page(content, ratio: float) -> QImage:
    """One page at `ratio` pixels per point: white paper, the rules, the characters."""
    image = QImage(max(1, int(content.width * ratio)), max(1, int(content.height * ratio)),
                   QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.scale(ratio, ratio)
    painter.setPen(QPen(QColor("black"), 0.7))
    for e in content.edges:
        painter.drawLine(QPointF(e["x0"], e["top"]), QPointF(e["x1"], e["bottom"]))
    fonts: dict = {}
    for (x0, top, _, bottom, text, size), name in zip(content.chars, content.fonts):
        size = max(1.0, size or (bottom - top))
        key = (name, round(size, 1))
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = QFont(name, 1)
            font.setPixelSize(max(1, round(size)))
            font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        painter.setFont(font)
        # the baseline sits 0.12 of the size above the box's foot (as the reader placed it)
        painter.drawText(QPointF(x0, bottom - 0.12 * size), text)
    painter.end()
    return image
