"""Workbooks in the source pane: each sheet as a grid (merged cells merged), the cell lit, two-way."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QTabWidget

from core.model import Report, SourceDocument, Table, column_letters

from .pdf_view import CELL_FILL, LIT_FILL


def sheet_cells(doc: SourceDocument) -> dict[str, list]:
    """sheet → [(row, col, rowspan, colspan, text)] of every cell the reader kept."""
    out: dict[str, list] = {}
    for block in doc.blocks:
        rows = block.rows if isinstance(block, Table) else [[block]]
        for row in rows:
            for cell in row:
                ref = cell.ref
                if ref is not None and ref.sheet is not None and ref.row is not None:
                    out.setdefault(ref.sheet, []).append(
                        (ref.row, ref.col, getattr(cell, "rowspan", 1), getattr(cell, "colspan", 1),
                         cell.text))
    return out


class SheetSource(QTabWidget):
    """One tab per sheet, addressed as Excel does (A, B, … over 1, 2, …)."""

    cell_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report: Optional[Report] = None
        self.grids: dict[str, QTableWidget] = {}
        self._keys: dict[tuple[str, int, int], str] = {}
        self.lit: Optional[tuple[str, int, int]] = None

    def load(self, doc: SourceDocument, report: Report) -> None:
        self.clear_sheets()
        self.report = report
        self._keys = {(r.sheet, r.row, r.col): k for k, r in report.provenance.items()
                      if r.sheet is not None}
        for name, cells in sheet_cells(doc).items():
            grid = QTableWidget(max(r + rs for r, _c, rs, _cs, _t in cells),
                                max(c + cs for _r, c, _rs, cs, _t in cells))
            grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            grid.setHorizontalHeaderLabels([column_letters(c) for c in range(grid.columnCount())])
            for r, c, rs, cs, text in cells:
                item = QTableWidgetItem(text)
                if (name, r, c) in self._keys:
                    item.setBackground(QBrush(CELL_FILL))
                grid.setItem(r, c, item)
                if rs > 1 or cs > 1:
                    grid.setSpan(r, c, rs, cs)
            grid.resizeColumnsToContents()
            grid.cellClicked.connect(lambda r, c, n=name: self._clicked(n, r, c))
            self.grids[name] = grid
            self.addTab(grid, name)

    def clear_sheets(self) -> None:
        while self.count():
            widget = self.widget(0)
            self.removeTab(0)
            widget.deleteLater()
        self.grids, self._keys, self.lit, self.report = {}, {}, None, None

    def _clicked(self, sheet: str, row: int, col: int) -> None:
        key = self._keys.get((sheet, row, col))
        if key:
            self.cell_clicked.emit(key)

    def show_key(self, key: str) -> bool:
        ref = self.report.provenance.get(key) if self.report else None
        self._unlight()
        if ref is None or ref.sheet not in self.grids:
            return False
        grid = self.grids[ref.sheet]
        self.setCurrentWidget(grid)
        item = grid.item(ref.row, ref.col)
        if item is not None:
            item.setBackground(QBrush(LIT_FILL))
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            grid.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
            grid.setCurrentCell(ref.row, ref.col)
        self.lit = (ref.sheet, ref.row, ref.col)
        return True

    def _unlight(self) -> None:
        if self.lit is None:
            return
        sheet, row, col = self.lit
        item = self.grids[sheet].item(row, col) if sheet in self.grids else None
        if item is not None:
            item.setBackground(QBrush(CELL_FILL))
            font = QFont(item.font())
            font.setBold(False)
            item.setFont(font)
        self.lit = None
