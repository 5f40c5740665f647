"""Above the findings: the possible cuts of digits that ran together, each applied in one click."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from core.checks.messages import row_label
from core.model import Finding


class ChoiceBar(QFrame):
    """One button per cut a glued-digits notice offers (most plausible first); a click fills
    the row with that cut, as one undoable step."""

    chosen = Signal(dict)   # {"key", "cells": {key: value}, "label"}: what apply_hint takes

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("choiceBar")
        self.setStyleSheet("#choiceBar { background: #fff6e0; border: 1px solid #e8c680;"
                           " border-radius: 3px; }")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.row.addWidget(self.label)
        self.buttons: list[QPushButton] = []
        self.finding: Optional[Finding] = None
        self.hide()

    def show_for(self, finding: Optional[Finding], layout: str) -> None:
        """Offer the finding's cuts, or hide when it has none."""
        for button in self.buttons:
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        choices = (finding.params.get("choices") or []) if finding is not None else []
        self.finding = finding if choices else None
        if not choices:
            self.hide()
            return
        row = row_label(finding.params.get("row", ""), layout)
        self.label.setText(f"{row}可能的拆分：")
        for choice in choices:
            button = QPushButton(choice["text"])
            button.setToolTip("按这种拆分填入这一行（可撤销）")
            button.clicked.connect(lambda _=False, c=choice, r=row: self._choose(c, r))
            self.row.addWidget(button)
            self.buttons.append(button)
        self.show()

    def _choose(self, choice: dict, row: str) -> None:
        cells = dict(choice["cells"])
        self.chosen.emit({"key": next(iter(cells)), "cells": cells,
                          "label": f"{row}按「{choice['text']}」拆分"})
