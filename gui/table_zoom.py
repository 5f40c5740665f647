"""The tables' zoom: one font size for 表二/三/四 (widths and row heights follow it), remembered."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont

MIN_ZOOM, MAX_ZOOM = 0.7, 2.5


class TableZoom(QObject):
    """Drives the three table views as the ZoomBar drives a page: set_zoom, step_zoom, fit (back
    to 100 %), zoom_changed. The views' font scales from the size they were built with; each view
    then lays out its columns and rows again from that font (CellTableView.fit_width)."""

    zoom_changed = Signal(float)

    def __init__(self, views, settings, parent=None):
        super().__init__(parent)
        self.views = list(views)
        self.settings = settings
        self.base = self.views[0].font().pointSizeF()
        self.zoom = 1.0
        for view in self.views:
            view.zoom_step.connect(self.step_zoom)   # Ctrl+wheel over a table
        self.set_zoom(settings.table_zoom, remember=False)

    @property
    def fit_width(self) -> bool:
        """At 100 % (the zoom bar's reset button is then off)."""
        return abs(self.zoom - 1.0) < 1e-6

    def set_zoom(self, zoom: float, remember: bool = True) -> None:
        zoom = round(min(MAX_ZOOM, max(MIN_ZOOM, zoom)), 3)
        changed = zoom != self.zoom
        self.zoom = zoom
        if changed:
            for view in self.views:
                font = QFont(view.font())
                font.setPointSizeF(self.base * zoom)
                view.set_table_font(font)
        if remember:
            self.settings.table_zoom = zoom
        self.zoom_changed.emit(zoom)

    def step_zoom(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def fit(self) -> None:
        self.set_zoom(1.0)
