"""The zoom control: −, the zoom in per cent, +, and a reset (适合宽度 over the page, where it
floats in the view's corner; 100% beside the tables' tabs)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

ZOOM_STEP = 1.2


class ZoomBar(QFrame):
    """Drives a PdfSource or the TableZoom (step_zoom, fit, fit_width, zoom_changed). Over a
    page it floats at the viewport's top-right corner; for the tables it sits in a layout."""

    def __init__(self, view, what: str = "原文", fit: tuple[str, str] = ("适合宽度", "原文适应宽度（Ctrl+0）"),
                 floating: bool = True):
        super().__init__(view if floating else None)
        self.view, self.floating = view, floating
        self.setObjectName("zoom-bar")
        self.setStyleSheet("#zoom-bar { background: rgba(255,255,255,230); border: 1px solid #8a8f98;"
                           " border-radius: 4px; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(2)
        self.smaller = self._button("−", f"缩小{what}（Ctrl+-，或 Ctrl+滚轮）", lambda: view.step_zoom(1 / ZOOM_STEP))
        self.percent = QLabel("100%")
        self.percent.setMinimumWidth(self.percent.fontMetrics().horizontalAdvance("000%") + 6)
        self.percent.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.larger = self._button("+", f"放大{what}（Ctrl++，或 Ctrl+滚轮）", lambda: view.step_zoom(ZOOM_STEP))
        self.fit = self._button(fit[0], fit[1], view.fit)
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
        if self.floating:
            self.place()

    def place(self) -> None:
        """Top right of the viewport, clear of the vertical scrollbar."""
        self.adjustSize()
        port = self.view.viewport().geometry()
        self.move(port.right() - self.width() - 8, port.top() + 8)
        self.raise_()
