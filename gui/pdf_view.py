"""PDF pages beside the tables: rendered by pypdfium2 on a thread, the selected cell's box lit."""
from __future__ import annotations

import bisect
from collections import OrderedDict
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (QApplication, QGraphicsPixmapItem, QGraphicsPolygonItem, QGraphicsRectItem,
                               QGraphicsScene, QGraphicsView, QStyle)

from core.model import Report, SourceDocument

from .ofd_render import OfdPageRenderer
from .page_renderer import PageRenderer
from .zoom_bar import ZoomBar

PAGE_GAP = 12.0          # points between pages
MIN_ZOOM, MAX_ZOOM = 0.2, 6.0
CACHE_PAGES = 24         # rendered pages kept (a 100-page report would not fit in memory at once)
LIT_FILL = QColor(255, 214, 0, 140)
LIT_PEN = QColor("#d84315")   # deep orange: stands out on white pages, black print and the blue cell tint
CELL_FILL = QColor(60, 120, 255, 28)   # every recognised cell, faintly: shows what can be clicked


def cosmetic_pen(color: QColor, width: float) -> QPen:
    """A pen as wide on screen at every zoom."""
    pen = QPen(color, width)
    pen.setCosmetic(True)
    return pen


class PdfSource(QGraphicsView):
    """Pages laid out in PDF points (the provenance boxes' unit); the view's zoom scales them."""

    cell_clicked = Signal(str)
    zoom_changed = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#7b8088"))
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setRenderHint(self.renderHints().SmoothPixmapTransform, True)
        self.renderer: Optional[PageRenderer] = None
        self.report: Optional[Report] = None
        self.tops: list[float] = []
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 1.0
        self.zoom_applications = 0   # times the view's scale changed (the freeze test counts them)
        self.fit_width = True
        self._pages: list[QGraphicsRectItem] = []
        self._cache: OrderedDict[int, tuple[float, QGraphicsPixmapItem]] = OrderedDict()
        self._pending: set[tuple[int, float]] = set()
        self.lit: Optional[QGraphicsRectItem] = None
        self.lit_key: Optional[str] = None
        self.marker: Optional[QGraphicsPolygonItem] = None
        self.verticalScrollBar().valueChanged.connect(self.schedule)
        self.setMouseTracking(True)
        self.zoom_bar = ZoomBar(self)
        self.zoom_bar.hide()

    def load(self, path: str, doc: SourceDocument, report: Report) -> None:
        self.close_pdf()
        self.report = report
        scene = self.scene()
        y = 0.0
        for w, h in doc.page_sizes or [(595.3, 841.9)] * doc.pages:
            self._pages.append(scene.addRect(QRectF(0, y, w, h), QPen(QColor("#555555"), 0),
                                             QBrush(Qt.GlobalColor.white)))
            self.tops.append(y)
            self.sizes.append((w, h))
            y += h + PAGE_GAP
        for ref in report.provenance.values():
            if ref.page is not None and ref.bbox and ref.page < len(self.tops):
                item = scene.addRect(self._scene_rect(ref.page, ref.bbox), QPen(Qt.PenStyle.NoPen),
                                     QBrush(CELL_FILL))
                item.setZValue(2)
        widest = max((s[0] for s in self.sizes), default=600)
        scene.setSceneRect(QRectF(-PAGE_GAP, -PAGE_GAP, widest + 2 * PAGE_GAP, y + PAGE_GAP))
        if doc.format == "ofd":   # no PDF to render: the pages are drawn from the OFD's content
            self.renderer = OfdPageRenderer(path, self)
        elif doc.format == "image":   # a picture file of scanned pages
            from .image_pages import ImageRenderer
            self.renderer = ImageRenderer(path, self, doc.page_turns, self.sizes)
        else:
            self.renderer = PageRenderer(path, self, doc.page_turns)
        self.renderer.rendered.connect(self._rendered)
        self.renderer.start()
        self.fit_width = True
        self._apply_zoom()
        self.zoom_bar.show()
        self.zoom_bar.show_zoom(self.zoom)

    def close_pdf(self) -> None:
        """Forget the document: its renderer, pages, cache and highlight."""
        if self.renderer is not None:
            self.renderer.rendered.disconnect(self._rendered)
            self.renderer.stop()
            self.renderer.deleteLater()
            self.renderer = None
        self.scene().clear()   # the scene owns the page, pixmap and highlight items
        self._pages, self._cache, self.tops, self.sizes = [], OrderedDict(), [], []
        self._pending = set()
        self.lit, self.marker, self.lit_key, self.report = None, None, None, None
        self.zoom_bar.hide()

    def _scene_rect(self, page: int, bbox) -> QRectF:
        x0, top, x1, bottom = bbox
        return QRectF(x0, self.tops[page] + top, x1 - x0, bottom - top)

    # ---- zoom and lazy rendering
    def fit_zoom(self) -> float:
        """The zoom at which the widest page fills the width, the vertical scrollbar's room always
        kept. Measured on the viewport as it would be without scrollbars, so the answer does not
        change when the scrollbar comes or goes: a zoom taken from the current viewport made the
        scrollbar flip on and off for ever (viewport 614 ↔ 598 px under the Windows style)."""
        widest = max((s[0] for s in self.sizes), default=600) + 2 * PAGE_GAP
        bar = self.verticalScrollBar()
        room = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        width = self.maximumViewportSize().width() - room - 4
        return max(MIN_ZOOM, width / widest)

    def _apply_zoom(self) -> None:
        if self.fit_width and self.sizes:
            self.zoom = self.fit_zoom()
        if abs(self.transform().m11() - self.zoom) > 1e-9:   # unchanged: leave the layout settled
            self.zoom_applications += 1
            self.resetTransform()
            self.scale(self.zoom, self.zoom)
            self.zoom_changed.emit(self.zoom)
        self.schedule()

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._apply_zoom()
        self.zoom_changed.emit(self.zoom)

    def step_zoom(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def fit(self) -> None:
        self.fit_width = True
        self._apply_zoom()
        self.zoom_changed.emit(self.zoom)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_width:
            self._apply_zoom()
        self.zoom_bar.place()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.step_zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            return
        super().wheelEvent(event)

    def visible_pages(self) -> list[int]:
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        return [i for i, page in enumerate(self._pages) if page.rect().intersects(area)]

    def ratio(self) -> float:
        return round(self.zoom * self.devicePixelRatioF(), 4)

    def schedule(self, *_args) -> None:
        """Ask the renderer for the visible pages (and one beyond each edge) not drawn at this zoom."""
        if self.renderer is None:
            return
        visible = self.visible_pages()
        if visible:
            visible = sorted(set(visible) | {max(0, visible[0] - 1), min(len(self._pages) - 1, visible[-1] + 1)})
        ratio = self.ratio()
        for i in visible:
            hit = self._cache.get(i)
            if (hit is None or hit[0] != ratio) and (i, ratio) not in self._pending:
                self._pending.add((i, ratio))
                self.renderer.request(i, ratio)

    def _rendered(self, page: int, ratio: float, image: QImage) -> None:
        self._pending.discard((page, ratio))
        if self.renderer is None or page >= len(self._pages) or ratio != self.ratio():
            return   # zoomed since: a fresh request is on its way
        old = self._cache.pop(page, None)
        if old is not None:
            self.scene().removeItem(old[1])
        item = QGraphicsPixmapItem(QPixmap.fromImage(image), self._pages[page])
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setScale(1.0 / ratio)
        item.setPos(0, self.tops[page])
        item.setZValue(1)
        self._cache[page] = (ratio, item)
        while len(self._cache) > CACHE_PAGES:
            _, (_, gone) = self._cache.popitem(last=False)
            self.scene().removeItem(gone)

    def busy(self) -> bool:
        return bool(self._pending)

    def render_pending(self, timeout: float = 20.0) -> None:
        """Wait until the visible pages are drawn (screenshots, tests, the benchmark)."""
        import time
        self.schedule()
        end = time.monotonic() + timeout
        while self._pending and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.002)

    # ---- highlight and clicks
    def show_key(self, key: str) -> bool:
        ref = self.report.provenance.get(key) if self.report else None
        for item in (self.lit, self.marker):
            if item is not None:
                self.scene().removeItem(item)
        self.lit, self.marker, self.lit_key = None, None, None
        if ref is None or ref.page is None or not ref.bbox or ref.page >= len(self.tops):
            return False
        rect = self._scene_rect(ref.page, ref.bbox).adjusted(-1.5, -1.5, 1.5, 1.5)
        self.lit = self.scene().addRect(rect, cosmetic_pen(LIT_PEN, 3), QBrush(LIT_FILL))
        self.lit.setZValue(5)
        # A pointer in the grey margin at the box's height: found at a glance even when the
        # page is small and the box a few pixels tall.
        y, h = rect.center().y(), max(6.0, min(14.0, rect.height()))
        arrow = QPolygonF([QPointF(-PAGE_GAP + 1, y - h / 2), QPointF(-1, y), QPointF(-PAGE_GAP + 1, y + h / 2)])
        self.marker = self.scene().addPolygon(arrow, cosmetic_pen(LIT_PEN, 1), QBrush(LIT_PEN))
        self.marker.setZValue(5)
        self.lit_key = key
        # Centre the box when it is off screen (the clerk sees the rows around it); leave the
        # view alone when it is already in sight, e.g. after a click on it.
        seen = self.mapToScene(self.viewport().rect()).boundingRect().adjusted(10, 30, -10, -30)
        if not seen.contains(rect):
            self.centerOn(rect.center())
        self.schedule()
        return True

    def key_at_scene(self, x: float, y: float) -> Optional[str]:
        """The cell whose box holds this scene point (the smallest, should boxes nest)."""
        page = bisect.bisect_right(self.tops, y) - 1
        if page < 0 or self.report is None:
            return None
        px, py = x, y - self.tops[page]
        best = None
        for key, ref in self.report.provenance.items():
            if ref.page == page and ref.bbox:
                x0, top, x1, bottom = ref.bbox
                if x0 - 1 <= px <= x1 + 1 and top - 1 <= py <= bottom + 1:
                    area = (x1 - x0) * (bottom - top)
                    if best is None or area < best[0]:
                        best = (area, key)
        return best[1] if best else None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            p = self.mapToScene(event.position().toPoint())
            key = self.key_at_scene(p.x(), p.y())
            if key:
                self.cell_clicked.emit(key)
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        # A hand over a recognised cell: the clerk sees the number can be clicked.
        p = self.mapToScene(event.position().toPoint())
        over = self.key_at_scene(p.x(), p.y()) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)
