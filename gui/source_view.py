"""The source beside the tables: PDF pages (pypdfium2) or the document text, with the cell's place lit."""
from __future__ import annotations

import bisect
from collections import OrderedDict
from typing import Optional

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPen, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene,
                               QGraphicsView, QLabel, QPlainTextEdit, QStackedWidget, QTextEdit)

from core.model import Report, SourceDocument

PAGE_GAP = 12.0          # points between pages
CACHE_PAGES = 24         # rendered pages kept (a 100-page report would not fit in memory at once)
LIT_FILL = QColor(255, 214, 0, 110)
LIT_PEN = QColor("#e65100")
CELL_FILL = QColor(60, 120, 255, 28)   # every recognised cell, faintly: shows what can be clicked


class TextSource(QPlainTextEdit):
    """DOCX/TXT/HTML: the document text; cell spans faintly marked, the selected one lit."""

    cell_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.report: Optional[Report] = None
        self._starts: list[int] = []
        self._spans: list[tuple[int, int, str]] = []
        self._base: list = []
        self.lit: Optional[tuple[int, int]] = None

    def load(self, doc: SourceDocument, report: Report) -> None:
        self.report = report
        self.setPlainText(doc.text)
        self._spans = sorted((r.start, r.end, k) for k, r in report.provenance.items() if r.end > r.start)
        self._starts = [s for s, _, _ in self._spans]
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(60, 120, 255, 48))
        self._base = [self._selection(s, e, fmt) for s, e, _ in self._spans]
        self.lit = None
        self.setExtraSelections(self._base)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat):
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.document())
        cur.setPosition(start)
        cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor, sel.format = cur, fmt
        return sel

    def show_key(self, key: str) -> bool:
        ref = self.report.provenance.get(key) if self.report else None
        if ref is None:
            self.lit = None
            self.setExtraSelections(self._base)
            return False
        fmt = QTextCharFormat()
        fmt.setBackground(LIT_FILL)
        fmt.setForeground(QColor("#000000"))
        fmt.setFontWeight(700)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(LIT_PEN)
        self.lit = (ref.start, ref.end)
        self.setExtraSelections(self._base + [self._selection(ref.start, ref.end, fmt)])
        cur = QTextCursor(self.document())
        cur.setPosition(ref.start)
        self.setTextCursor(cur)
        self.centerCursor()
        return True

    def key_at(self, pos: int) -> Optional[str]:
        """The cell whose span holds character position `pos` (its end counts: a click after it)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            start, end, key = self._spans[i]
            if start <= pos <= end:
                return key
        return None

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            key = self.key_at(self.cursorForPosition(event.position().toPoint()).position())
            if key:
                self.cell_clicked.emit(key)


class PdfSource(QGraphicsView):
    """PDF: pages rendered lazily (visible ones, cached) at the view's zoom; boxes in PDF points."""

    cell_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#7b8088"))
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setRenderHint(self.renderHints().SmoothPixmapTransform, True)
        self.pdf = None
        self.report: Optional[Report] = None
        self.tops: list[float] = []
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 1.0
        self.fit_width = True
        self._pages: list[QGraphicsRectItem] = []
        self._cache: OrderedDict[int, tuple[float, QGraphicsPixmapItem]] = OrderedDict()
        self._queue: list[int] = []
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._render_next)
        self.lit: Optional[QGraphicsRectItem] = None
        self.lit_key: Optional[str] = None
        self.verticalScrollBar().valueChanged.connect(self.schedule)

    def load(self, path: str, doc: SourceDocument, report: Report) -> None:
        import pypdfium2   # the renderer pdfplumber already brings; imported only when needed
        self.close_pdf()
        # Bytes, not the path: pdfium's own file opening mishandles non-ASCII paths on Windows,
        # and every report here has a Chinese name.
        with open(path, "rb") as fh:
            self.pdf = pypdfium2.PdfDocument(fh.read())
        self.report = report
        scene = self.scene()
        y = 0.0
        for i in range(len(self.pdf)):
            w, h = doc.page_sizes[i] if i < len(doc.page_sizes) else self.pdf.get_page_size(i)
            page = scene.addRect(QRectF(0, y, w, h), QPen(QColor("#555555"), 0), QBrush(Qt.GlobalColor.white))
            self._pages.append(page)
            self.tops.append(y)
            self.sizes.append((w, h))
            y += h + PAGE_GAP
        for key, ref in report.provenance.items():
            if ref.page is not None and ref.bbox and ref.page < len(self.tops):
                item = scene.addRect(self._scene_rect(ref.page, ref.bbox), QPen(Qt.PenStyle.NoPen),
                                     QBrush(CELL_FILL))
                item.setZValue(2)
        scene.setSceneRect(QRectF(-PAGE_GAP, -PAGE_GAP, max((s[0] for s in self.sizes), default=600)
                                  + 2 * PAGE_GAP, y + PAGE_GAP))
        self.fit_width = True
        self._apply_zoom()

    def close_pdf(self) -> None:
        """Forget the document: its pages, cache and highlight (the scene owns those items)."""
        self._timer.stop()
        self._queue = []
        self.scene().clear()
        self._pages, self._cache, self.tops, self.sizes = [], OrderedDict(), [], []
        self.lit, self.lit_key, self.report = None, None, None
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    def _scene_rect(self, page: int, bbox) -> QRectF:
        x0, top, x1, bottom = bbox
        return QRectF(x0, self.tops[page] + top, x1 - x0, bottom - top)

    # ---- zoom and lazy rendering
    def _apply_zoom(self) -> None:
        if self.fit_width and self.sizes:
            widest = max(s[0] for s in self.sizes) + 2 * PAGE_GAP
            self.zoom = max(0.2, (self.viewport().width() - 4) / widest)
        self.resetTransform()
        self.scale(self.zoom, self.zoom)
        self.schedule()

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = min(6.0, max(0.2, zoom))
        self._apply_zoom()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_width:
            self._apply_zoom()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom * (1.15 if event.angleDelta().y() > 0 else 1 / 1.15))
            return
        super().wheelEvent(event)

    def visible_pages(self) -> list[int]:
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        return [i for i, page in enumerate(self._pages) if page.rect().intersects(area)]

    def schedule(self, *_args) -> None:
        if self.pdf is None:
            return
        visible = self.visible_pages()
        if visible:   # one page beyond each edge, so scrolling shows pages already drawn
            visible = sorted(set(visible) | {max(0, visible[0] - 1), min(len(self._pages) - 1, visible[-1] + 1)})
        self._queue = [i for i in visible if not self._fresh(i)]
        if self._queue:
            self._timer.start()

    def _ratio(self) -> float:
        return self.zoom * self.devicePixelRatioF()

    def _fresh(self, i: int) -> bool:
        hit = self._cache.get(i)
        return hit is not None and abs(hit[0] - self._ratio()) < 1e-3

    def _render_next(self) -> None:
        # One page per event-loop turn (10–30 ms each): scrolling and typing stay responsive.
        while self._queue:
            i = self._queue.pop(0)
            if not self._fresh(i):
                self.render_page(i)
                break
        if self._queue:
            self._timer.start()

    def render_pending(self) -> None:
        """Render every scheduled page now (screenshots and tests)."""
        self.schedule()
        while self._queue:
            self._render_next()

    def render_page(self, i: int) -> None:
        ratio = self._ratio()
        bitmap = self.pdf[i].render(scale=ratio, rev_byteorder=True, prefer_bgrx=True)
        w, h = bitmap.width, bitmap.height
        image = QImage(bitmap.buffer, w, h, bitmap.stride, QImage.Format.Format_RGBX8888).copy()
        old = self._cache.pop(i, None)
        if old is not None:
            self.scene().removeItem(old[1])
        item = QGraphicsPixmapItem(QPixmap.fromImage(image), self._pages[i])
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setScale(1.0 / ratio)
        item.setPos(0, self.tops[i])
        item.setZValue(1)
        self._cache[i] = (ratio, item)
        while len(self._cache) > CACHE_PAGES:
            _, (_, gone) = self._cache.popitem(last=False)
            self.scene().removeItem(gone)

    # ---- highlight and clicks
    def show_key(self, key: str) -> bool:
        ref = self.report.provenance.get(key) if self.report else None
        if self.lit is not None:
            self.scene().removeItem(self.lit)
            self.lit = None
        self.lit_key = None
        if ref is None or ref.page is None or not ref.bbox or ref.page >= len(self.tops):
            return False
        rect = self._scene_rect(ref.page, ref.bbox).adjusted(-1.5, -1.5, 1.5, 1.5)
        pen = QPen(LIT_PEN, 2.5)
        pen.setCosmetic(True)
        self.lit = self.scene().addRect(rect, pen, QBrush(LIT_FILL))
        self.lit.setZValue(5)
        self.lit_key = key
        self.ensureVisible(rect, 40, 120)
        self.schedule()
        return True

    def key_at_scene(self, x: float, y: float) -> Optional[str]:
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


class SourceView(QStackedWidget):
    """Chooses the PDF or the text view for a document; an empty page invites a dropped file."""

    cell_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.empty = QLabel("把报告文件（PDF、DOCX、TXT、HTML）拖到这里，\n或用「文件 → 打开」。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #667; font-size: 15px;")
        self.text = TextSource()
        self.pdf = PdfSource()
        for w in (self.empty, self.text, self.pdf):
            self.addWidget(w)
        self.text.cell_clicked.connect(self.cell_clicked)
        self.pdf.cell_clicked.connect(self.cell_clicked)

    def load(self, path: str, doc: SourceDocument, report: Report) -> None:
        if doc.format == "pdf":
            self.pdf.load(path, doc, report)
            self.setCurrentWidget(self.pdf)
            self.text.clear()
        else:
            self.pdf.close_pdf()
            self.text.load(doc, report)
            self.setCurrentWidget(self.text)

    def clear(self) -> None:
        self.pdf.close_pdf()
        self.text.clear()
        self.setCurrentWidget(self.empty)

    def show_key(self, key: str) -> bool:
        current = self.currentWidget()
        return current.show_key(key) if current is not self.empty else False
