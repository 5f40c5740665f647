"""The page zoom control that floats in the PDF view's corner: −, the zoom in per cent, +, 适合宽度."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

ZOOM_STEP = 1.2


class ZoomBar(QFrame):
    """Drives a PdfSource (set_zoom, fit, zoom_changed); sits over the viewport's top-right corner."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.setObjectName("zoom-bar")
        self.setStyleSheet("#zoom-bar { background: rgba(255,255,255,230); border: 1px solid #8a8f98;"
                           " border-radius: 4px; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(2)
        self.smaller = self._button("−", "缩小原文（Ctrl+-，或 Ctrl+滚轮）", lambda: view.step_zoom(1 / ZOOM_STEP))
        self.percent = QLabel("100%")
        self.percent.setMinimumWidth(self.percent.fontMetrics().horizontalAdvance("000%") + 6)
        self.percent.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.larger = self._button("+", "放大原文（Ctrl++，或 Ctrl+滚轮）", lambda: view.step_zoom(ZOOM_STEP))
        self.fit = self._button("适合宽度", "原文适应宽度（Ctrl+0）", view.fit)
        for w in (self.smaller, self.percent, self.larger, self.fit):
            row.addWidget(w)
        view.zoom_changed.connect(self.show_zoom)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # a click must not take the keys from the table
        def run(_checked: bool = False) -> None:
            slot()
        button.clicked.connect(run)
        return button

    def show_zoom(self, zoom: float) -> None:
        self.percent.setText(f"{round(zoom * 100)}%")
        self.fit.setEnabled(not self.view.fit_width)
        self.place()

    def place(self) -> None:
        """Top right of the viewport, clear of the vertical scrollbar."""
        self.adjustSize()
        port = self.view.viewport().geometry()
        self.move(port.right() - self.width() - 8, port.top() + 8)
        self.raise_()
