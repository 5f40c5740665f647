"""The printed header rows of 表三/表四 kept in sight while the table scrolls, as Excel's frozen panes.

表三 is taller than the panel: scrolled down to （七）总计 the clerk would no longer see which
column is 自然人 and which 商业企业. The header rows (merged cells and all) are drawn by a second
table view over the same model, sitting in the table's own horizontal-header slot: QTableView
then reserves their height above its viewport and scrolls only the rows below.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView


class FrozenHeader(QHeaderView):
    """Takes the place of the horizontal header; shows rows 0…header_rows-1 of the grid."""

    def __init__(self, table: QTableView):
        super().__init__(Qt.Orientation.Horizontal, table)
        self.table = table
        self.rows_height = 0
        rows = QTableView(self)
        rows.horizontalHeader().hide()
        rows.verticalHeader().hide()
        rows.setFrameShape(QFrame.Shape.NoFrame)
        rows.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        rows.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows.setWordWrap(True)
        self.rows = rows
        # Scrolled sideways together (表四's fifteen columns may not fit a narrow panel).
        table.horizontalScrollBar().valueChanged.connect(rows.horizontalScrollBar().setValue)

    def attach(self, model, delegate, style_sheet: str) -> None:
        self.rows.setModel(model)
        self.rows.setItemDelegate(delegate)
        self.rows.setStyleSheet(style_sheet)

    def apply(self, grid, widths: list[int], heights: list[int]) -> None:
        """Spans, widths and heights of the header rows; the rows below are hidden here."""
        rows = self.rows
        rows.clearSpans()
        n = grid.header_rows
        for b in grid.blocks:
            if b.row < n and (b.rowspan > 1 or b.colspan > 1):
                rows.setSpan(b.row, b.col, b.rowspan, b.colspan)
        for c, w in enumerate(widths):
            rows.setColumnWidth(c, w)
        for r in range(grid.rows):
            rows.setRowHidden(r, r >= n)
            if r < n:
                rows.setRowHeight(r, heights[r])
        self.rows_height = sum(heights[:n])
        self.setVisible(n > 0)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.rows_height)

    def paintEvent(self, _event) -> None:
        pass   # the header rows view covers the whole slot

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.rows.setGeometry(0, 0, self.width(), self.height())
