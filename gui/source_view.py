"""The source beside the tables: the document text (DOCX/TXT/HTML) or PDF pages, the cell's place lit."""
from __future__ import annotations

import bisect
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QStackedWidget, QTextEdit

from core.model import Report, SourceDocument

from .pdf_view import LIT_FILL, LIT_PEN, PdfSource
from .sheet_view import SheetSource


class TextSource(QPlainTextEdit):
    """DOCX/TXT/HTML: the document text; cell spans faintly marked, the selected one lit."""

    cell_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        # Files dropped here must reach the window (it opens them), not this text.
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Table rows come as tab-separated lines: stops of three characters keep a row of
        # numbers on one line in a half-screen panel (Qt's default of 80 px wraps them).
        self.setTabStopDistance(3 * self.fontMetrics().horizontalAdvance("中"))
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

    def set_wrap(self, wrap: bool) -> None:
        """视图 → 原文自动换行: off, a table row stays one line (scroll sideways to read it)."""
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth if wrap
                             else QPlainTextEdit.LineWrapMode.NoWrap)
        if self.lit is not None:
            cur = QTextCursor(self.document())
            cur.setPosition(self.lit[0])
            self.setTextCursor(cur)
            self.ensureCursorVisible()

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
        if not self.viewport().rect().adjusted(0, 20, 0, -20).contains(self.cursorRect(cur)):
            self.centerCursor()   # off screen: bring it to the middle, with its context
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


class SourceView(QStackedWidget):
    """Chooses the PDF or the text view for a document; an empty page invites a dropped file."""

    cell_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.empty = QLabel("把报告文件（PDF、OFD、Word、WPS、Excel、TXT、HTML）拖到这里，\n"
                            "或用「文件 → 打开」。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #667; font-size: 15px;")
        self.text = TextSource()
        self.pdf = PdfSource()
        self.sheet = SheetSource()
        for w in (self.empty, self.text, self.pdf, self.sheet):
            self.addWidget(w)
        self.text.cell_clicked.connect(self.cell_clicked)
        self.pdf.cell_clicked.connect(self.cell_clicked)
        self.sheet.cell_clicked.connect(self.cell_clicked)

    def load(self, path: str, doc: SourceDocument, report: Report) -> None:
        self.sheet.clear_sheets()
        if doc.format in ("pdf", "ofd", "image"):   # pages: PDF rendered, OFD drawn, pictures
            self.pdf.load(path, doc, report)
            self.setCurrentWidget(self.pdf)
            self.text.clear()
        elif doc.format in ("xls", "xlsx"):
            self.pdf.close_pdf()
            self.text.clear()
            self.sheet.load(doc, report)
            self.setCurrentWidget(self.sheet)
        else:
            self.pdf.close_pdf()
            self.text.load(doc, report)
            self.setCurrentWidget(self.text)

    def clear(self) -> None:
        self.pdf.close_pdf()
        self.text.clear()
        self.sheet.clear_sheets()
        self.setCurrentWidget(self.empty)

    def show_key(self, key: str) -> bool:
        current = self.currentWidget()
        return current.show_key(key) if current is not self.empty else False
