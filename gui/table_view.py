"""An official table on screen: printed spans and widths, Excel-like typing, Delete and paste."""
from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from core.table_grid import VALUE

from .cell_delegate import CellDelegate
from .commands import SetCellsCommand, changes
from .frozen_header import FrozenHeader
from .table_model import OfficialTableModel, parse_input

GRID_STYLE = "QTableView { gridline-color: #9aa3ad; }"
WHEEL_ZOOM = 1.1   # one Ctrl+wheel notch


class CellTableView(QTableView):
    """Type to replace, Enter moves down, Delete empties the selection, Ctrl+V pastes a block."""

    key_selected = Signal(str)   # the current value cell changed (drives the source highlight)
    message = Signal(str)        # a short word for the status bar
    zoom_step = Signal(float)    # Ctrl+wheel: larger (> 1) or smaller (gui/table_zoom.py)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.typing_over = False
        self.setItemDelegate(CellDelegate(self))
        self.frozen = FrozenHeader(self)   # the printed header rows, kept in sight
        self.setHorizontalHeader(self.frozen)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setStyleSheet(GRID_STYLE)

    def model(self) -> OfficialTableModel:
        return super().model()

    def setModel(self, model: OfficialTableModel) -> None:
        super().setModel(model)
        # Its own delegate: a delegate's commitData reaches every view it serves, and Qt warns
        # when one hears of an editor that is not its own.
        self.frozen.attach(model, CellDelegate(self), GRID_STYLE)
        model.modelReset.connect(self.apply_grid)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.apply_grid()

    # ---- the printed shape
    def apply_grid(self) -> None:
        grid = self.model().grid
        self.clearSpans()
        for b in grid.blocks:
            if b.row >= grid.header_rows and (b.rowspan > 1 or b.colspan > 1):
                self.setSpan(b.row, b.col, b.rowspan, b.colspan)
        for r in range(grid.rows):   # the header rows are drawn by self.frozen instead
            self.setRowHidden(r, r < grid.header_rows)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.fit_width()

    def fit_width(self) -> None:
        """Widths in characters, the label column (`flex`) taking what the panel has spare."""
        grid = self.model().grid
        fm = QFontMetrics(self.font())
        em = fm.horizontalAdvance("中")
        widths = [int(w * em + 10) for w in grid.widths]
        avail = self.viewport().width() - 2
        if grid.flex is not None:
            rest = sum(widths) - widths[grid.flex]
            natural = widths[grid.flex]
            widths[grid.flex] = max(int(6 * em), min(int(natural * 1.6), avail - rest))
        else:
            # 表四's fifteen equal columns share the panel; labels wrap before numbers get cramped.
            widths = [max(int(2.8 * em), avail // len(widths))] * len(widths)
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
        # Row heights from the single-row labels only: a label spanning rows has room already,
        # and Qt's own sizeHintForRow would measure it as if it had one row.
        line = fm.height() + 6
        heights = [line] * grid.rows
        for b in grid.blocks:
            if b.kind != VALUE and b.rowspan == 1 and b.text:
                width = sum(widths[b.col:b.col + b.colspan]) - 10
                rect = fm.boundingRect(QRect(0, 0, max(width, 10), 10000),
                                       int(Qt.TextFlag.TextWordWrap), b.text)
                heights[b.row] = max(heights[b.row], rect.height() + 6)
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)
        self.frozen.apply(grid, widths, heights)
        self.updateGeometries()   # the header slot's height follows the header rows

    def set_table_font(self, font) -> None:
        """The zoom: cells and frozen header rows in this font, columns and rows sized from it
        (the header view has a font of its own, so its rows would not inherit the table's)."""
        self.setFont(font)
        self.frozen.rows.setFont(font)
        if self.model() is not None:
            self.fit_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width() and self.model() is not None:
            self.fit_width()

    # ---- selection
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.model().key_at(current)
        if key:
            self.key_selected.emit(key)

    def select_keys(self, keys, current: str | None = None) -> None:
        """Select these cells (those of this table), make `current` (or the first) current."""
        model = self.model()
        indexes = [model.index_of(k) for k in keys if k in model.grid.where]
        if not indexes:
            return
        sel = QItemSelection()
        for idx in indexes:
            sel.select(idx, idx)
        first = model.index_of(current) if current in model.grid.where else indexes[0]
        sm = self.selectionModel()
        sm.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(first)
        self._current_changed(first, QModelIndex())

    def selected_keys(self) -> list[str]:
        model = self.model()
        keys = {model.key_at(i) for i in self.selectionModel().selectedIndexes()}
        keys.discard(None)
        return sorted(keys, key=lambda k: model.grid.where[k])

    # ---- right-click: the same edits as the keys, for a clerk who looks for them with the mouse
    def contextMenuEvent(self, event) -> None:
        index = self.indexAt(event.pos())
        if self.model().key_at(index) and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        self.context_menu().exec(event.globalPos())

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        editable = self.model().session is not None and bool(self.selected_keys())
        for text, keys, slot, enabled in (
                ("复制", QKeySequence.StandardKey.Copy, self.copy_to_clipboard, editable),
                ("粘贴", QKeySequence.StandardKey.Paste, self.paste_clipboard, editable),
                ("清空所选单元格", QKeySequence(Qt.Key.Key_Delete), self.clear_cells, editable),
                ("在原文中显示", None, self.show_in_source, editable)):
            action = menu.addAction(text)
            if keys is not None:
                action.setShortcut(QKeySequence(keys))   # shown beside the words, as a reminder
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        return menu

    # Slots return nothing: a value returned to Qt loses a reference on PySide6 6.12.0.
    def clear_cells(self) -> None:
        self.clear_selection()

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.copy_text())

    def paste_clipboard(self) -> None:
        self.paste(QGuiApplication.clipboard().text())   # (its count is for tests; not returned)

    def show_in_source(self) -> None:
        key = self.model().key_at(self.currentIndex())
        if key:
            self.key_selected.emit(key)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = WHEEL_ZOOM if event.angleDelta().y() > 0 else 1 / WHEEL_ZOOM
            self.zoom_step.emit(step)
            return
        super().wheelEvent(event)

    # ---- keys
    def keyPressEvent(self, event) -> None:
        key, state = event.key(), self.state()
        editing = state == QAbstractItemView.State.EditingState
        if not editing and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_vertical(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        if not editing and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_to_clipboard()
            return
        printable = event.text() and event.text().isprintable() and not (
            event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        self.typing_over = bool(printable and not editing)
        try:
            super().keyPressEvent(event)
        finally:
            self.typing_over = False

    def move_vertical(self, step: int) -> None:
        """Go to the next value cell below (or above) in this column, skipping header rows."""
        self.move_by(step, 0)

    def move_by(self, drow: int, dcol: int) -> None:
        """Go to the next value cell in that direction (over labels and merged cells)."""
        model, cur = self.model(), self.currentIndex()
        if not cur.isValid():
            return
        grid, r, c = model.grid, cur.row() + drow, cur.column() + dcol
        while 0 <= r < grid.rows and 0 <= c < grid.cols:
            b = grid.covering(r, c)
            if b is not None and b.kind == VALUE and (b.row, b.col) != (cur.row(), cur.column()):
                self.setCurrentIndex(model.index(b.row, b.col))
                return
            r, c = r + drow, c + dcol

    # ---- edits as one command each
    def _push(self, values: dict, text: str = "") -> int:
        session = self.model().session
        if session is None:
            return 0
        corrs = changes(session, values)
        if corrs:
            session.stack.push(SetCellsCommand(session, corrs, text))
        return len(corrs)

    def clear_selection(self) -> int:
        keys = self.selected_keys()
        return self._push({k: None for k in keys})

    def paste(self, text: str) -> int:
        """Paste a tab/newline block (from Excel/WPS) at the selection's top-left, as one step."""
        model = self.model()
        if model.session is None or not text:
            return 0
        rows = [line.split("\t") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        if len(rows) > 1 and rows[-1] == [""]:
            rows.pop()   # Excel ends a copied block with a newline
        keys = self.selected_keys()
        values, bad = {}, 0
        if len(rows) == 1 and len(rows[0]) == 1 and len(keys) > 1:
            value = parse_input(rows[0][0].strip())   # one value onto many cells: fill them all
            if value is ValueError:
                bad = len(keys)
            else:
                values = {k: value for k in keys}
        else:
            start = model.grid.where[keys[0]] if keys else None
            cur = self.currentIndex()
            if start is None and cur.isValid():
                start = (cur.row(), cur.column())
            if start is None:
                return 0
            for i, line in enumerate(rows):
                for j, text_ in enumerate(line):
                    b = model.grid.covering(start[0] + i, start[1] + j)
                    if b is None or b.kind != VALUE or b.key in values:
                        continue   # a header or label under the block: Excel's copy has text there
                    value = parse_input(text_.strip())
                    if value is ValueError:
                        bad += 1
                    else:
                        values[b.key] = value
        n = self._push(values, f"粘贴 {len(values)} 格") if values else 0
        if bad:
            self.message.emit(f"粘贴时有 {bad} 个值不是数字，已跳过。")
        return n

    def copy_text(self) -> str:
        """The selected value cells as a tab/newline block, laid out as they are on screen."""
        model = self.model()
        keys = self.selected_keys()
        if not keys:
            return ""
        pos = [model.grid.where[k] for k in keys]
        r0, r1 = min(p[0] for p in pos), max(p[0] for p in pos)
        c0, c1 = min(p[1] for p in pos), max(p[1] for p in pos)
        grid = [[""] * (c1 - c0 + 1) for _ in range(r1 - r0 + 1)]
        for k, (r, c) in zip(keys, pos):
            grid[r - r0][c - c0] = model.data(model.index(r, c)) or ""
        return "\n".join("\t".join(line) for line in grid)
