"""Pages of a picture file (.png/.jpg/.tif) drawn off the UI thread, like a PDF's pages."""
from __future__ import annotations

from typing import Optional

from PySide6.QtGui import QImage

from .page_renderer import PageRenderer


class ImageRenderer(PageRenderer):
    """PageRenderer's queue and signal for a picture: each frame scaled to the page size ×
    ratio, turned as the reader turned it, so the boxes of the recognised cells sit on their
    numbers."""

    def __init__(self, path: str, parent=None, turns: Optional[list[int]] = None,
                 sizes: Optional[list[tuple[float, float]]] = None):
        super().__init__(path, parent, turns)
        self.sizes = sizes or []

    def run(self) -> None:
        try:
            from PIL import Image, ImageSequence
            with open(self.path, "rb") as fh:   # bytes: a Chinese path is no problem then
                picture = Image.open(fh)
                frames = [f.convert("RGB") for f in ImageSequence.Iterator(picture)]
        except Exception:   # the reader already opened it; a vanished file just shows no pages
            return
        self.serve(min(len(frames), len(self.sizes)),
                   lambda page, ratio: self._draw(frames[page], page, ratio))

    def _draw(self, frame, page: int, ratio: float) -> QImage:
        turn = self.turns[page] if page < len(self.turns) else 0
        if turn:
            frame = frame.rotate(-turn, expand=True)   # PIL turns counter-clockwise
        width, height = self.sizes[page]
        frame = frame.resize((max(1, round(width * ratio)), max(1, round(height * ratio))))
        return QImage(frame.tobytes(), frame.width, frame.height, 3 * frame.width,
                      QImage.Format.Format_RGB888).copy()
