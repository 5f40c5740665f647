"""The legend under the tables: each cell look drawn by the very code that paints the table."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from . import session as S
from .cell_delegate import paint_cell

# (look, sample text, words): each look with its mark and no number (a "12" in every sample
# read as a count); the words say what the look means.
LOOKS = ((0, "", "识别值"), (S.CORRECTED, "", "已修改"), (S.EMPTY, "", "空白"),
         (S.ERROR | S.SUSPECT, "", "最可能出错"), (S.ERROR, "", "同一勾稽中的其他格"),
         (S.WARNING, "", "有警告"))


class Swatch(QWidget):
    """One sample cell, painted with gui.cell_delegate.paint_cell (so it cannot drift)."""

    def __init__(self, look: int, text: str, parent=None):
        super().__init__(parent)
        self.look, self.text = look, text
        em = self.fontMetrics().horizontalAdvance("中")
        self.setFixedSize(QSize(int(2.4 * em), self.fontMetrics().height() + 8))   # marks only, no number

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        font = self.font()
        font.setBold(bool(self.look & S.CORRECTED))
        rect = QRect(0, 0, self.width(), self.height())
        paint_cell(painter, rect, self.text, self.look, font,
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        painter.setPen(Qt.GlobalColor.gray)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()


class Legend(QWidget):
    """图例: sample cells with their words (the tooltip says how table and source are linked)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QHBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.setSpacing(4)
        box.addWidget(QLabel("图例："))
        self.swatches = []
        for look, text, words in LOOKS:
            swatch = Swatch(look, text)
            swatch.setToolTip(words)
            self.swatches.append(swatch)
            box.addWidget(swatch)
            label = QLabel(words)
            label.setContentsMargins(0, 0, 10, 0)
            box.addWidget(label)
        box.addStretch(1)
        self.setToolTip("选中单元格，左侧原文即标出它的来源；点击原文中的数字，即选中对应的单元格。")
