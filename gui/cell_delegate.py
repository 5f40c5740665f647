"""Paints labels and value cells so that each look reads without colour, and edits cells like Excel."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate

from core.table_grid import HEAD, VALUE

from . import session as S
from .table_model import HEAD_BG, LABEL_BG, PaintRole, look_background, parse_input

ERROR_PEN = QColor("#c62828")
CORRECTED_INK = QColor("#1d4ed8")
WARNING_INK = QColor("#a15c00")
EMPTY_INK = QColor("#9a9a9a")
HATCH = QColor("#d0d0d0")
SELECT = QColor(40, 100, 220)
SELECT_TINT = QColor(40, 100, 220, 60)

# Markers beside the number: shape and symbol carry the meaning, colour only helps.
MARKS = ((S.SUSPECT, "!", ERROR_PEN), (S.CORRECTED, "✎", CORRECTED_INK), (S.WARNING, "?", WARNING_INK))


def paint_cell(painter, rect: QRect, text: str, look: int, font, align) -> None:
    """Draw one value cell's look (shared with the legend, so the legend cannot drift)."""
    painter.fillRect(rect, look_background(look))
    if look & S.EMPTY:
        painter.fillRect(rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
    if look & S.ERROR and look & S.SUSPECT:     # the cell to change: a strong frame and a "!"
        painter.setPen(QPen(ERROR_PEN, 2))
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
    elif look & S.ERROR:                         # the rule's other cells: a faint dotted frame
        painter.setPen(QPen(ERROR_PEN.lighter(160), 1, Qt.PenStyle.DotLine))
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
    x = rect.left() + 3
    mark_font = painter.font()
    mark_font.setBold(True)
    painter.save()
    painter.setFont(mark_font)
    for flag, symbol, ink in MARKS:
        if look & flag:
            painter.setPen(ink)
            w = painter.fontMetrics().horizontalAdvance(symbol) + 2
            painter.drawText(QRect(x, rect.top(), w, rect.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), symbol)
            x += w
    painter.restore()
    painter.setFont(font)
    inner = rect.adjusted(4, 0, -5, 0)
    if look & S.EMPTY:
        painter.setPen(EMPTY_INK)
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter), "—")
    else:
        painter.setPen(QColor("#111111"))
        painter.drawText(inner, int(align), text)


class CellDelegate(QStyledItemDelegate):
    """Labels wrap; value cells get their look; the editor starts empty when typing over a cell."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.refused = False

    def paint(self, painter, option, index) -> None:
        data = index.data(PaintRole)
        if data is None:
            return   # a position covered by a span
        kind, text, look = data
        painter.save()
        rect = option.rect
        if kind != VALUE:
            painter.fillRect(rect, HEAD_BG if kind == HEAD else LABEL_BG)
            font = QFont(option.font)
            font.setBold(kind == HEAD)
            painter.setFont(font)
            painter.setPen(QColor("#222222"))
            centred = kind == HEAD or self.view.model().block(index).rowspan > 1
            align = Qt.AlignmentFlag.AlignCenter if centred else (
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(rect.adjusted(4, 2, -4, -2), int(align) | int(Qt.TextFlag.TextWordWrap), text)
            painter.restore()
            return
        font = QFont(option.font)
        font.setBold(bool(look & S.CORRECTED))
        paint_cell(painter, rect, text, look, font, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if option.state & QStyle.StateFlag.State_Selected:
            # A tint over the look, not instead of it: the clerk sees both selection and state.
            painter.fillRect(rect, SELECT_TINT)
            painter.setPen(QPen(SELECT, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    # ---- editing
    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor, index) -> None:
        typed_over = getattr(self.view, "typing_over", False)
        editor.setProperty("typed_over", typed_over)
        if typed_over:
            editor.setText("")   # Excel: a key typed on a cell replaces what it held
        else:
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor, model, index) -> None:
        self.refused = parse_input(editor.text()) is ValueError
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Commit now (Qt's own handling is queued) so Enter can move down like Excel.
                return self._commit_and_move(editor, -1 if shift else 1, 0)
            # Excel's "enter mode": after typing over a cell, ← and → also commit and move on
            # (after F2 or a double-click they move the caret, as they do in Excel's edit mode).
            sideways = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(key)
            if sideways and editor.property("typed_over") and not event.modifiers():
                return self._commit_and_move(editor, 0, sideways)
        return super().eventFilter(editor, event)

    def _commit_and_move(self, editor, drow: int, dcol: int) -> bool:
        self.refused = False
        self.commitData.emit(editor)
        if self.refused:    # not a number: stay in the cell, the status bar says why
            editor.selectAll()
            return True
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        self.view.move_by(drow, dcol)
        return True
