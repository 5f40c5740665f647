"""The findings below the tables: severity, message, the cells each names; the repair hint in one click."""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QListView, QMenu, QPushButton,
                               QStyle, QStyledItemDelegate, QToolButton, QVBoxLayout, QWidget)

from core import schema
from core.checks.messages import render_hint
from core.model import Finding, Severity

from .choice_bar import ChoiceBar

FindingRole = Qt.ItemDataRole.UserRole + 10
SHOWN_CELLS = 3   # cells named in the line itself; the tooltip names them all

_Index = QModelIndex | QPersistentModelIndex


def _identity(f: Finding) -> tuple:
    """The same finding across a recheck: its rule and cells (its numbers may have changed)."""
    return (f.code, f.severity, tuple(f.cells))


def _words(f: Finding) -> tuple:
    return (f.message, repr(f.hint))


class FindingsModel(QAbstractListModel):
    """One row per finding (checks first, then recognition notices)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.layout = "2021"
        style = QApplication.style()
        self._icons = {Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                       Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}

    def set_findings(self, findings: list[Finding], layout: str) -> None:
        """Show these findings. After an edit most are the same ones as before: only the rows that
        came or went are inserted or removed, and rows whose words changed repainted, so the
        list keeps its scroll position and selection and is not measured again as a whole."""
        findings = list(findings)
        if layout != self.layout or not self.findings or not findings:
            self.beginResetModel()
            self.findings, self.layout = findings, layout
            self.endResetModel()
            return
        ops = SequenceMatcher(None, [_identity(f) for f in self.findings],
                              [_identity(f) for f in findings], autojunk=False).get_opcodes()
        rows = self.findings   # edited in place, from the end, so earlier positions stay valid
        for tag, i1, i2, j1, j2 in reversed(ops):
            if tag == "equal":
                changed = [i1 + k for k in range(i2 - i1) if _words(rows[i1 + k]) != _words(findings[j1 + k])]
                rows[i1:i2] = findings[j1:j2]
                for r in changed:
                    self.dataChanged.emit(self.index(r), self.index(r))
                continue
            if i2 > i1:     # "delete" or the old half of "replace"
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del rows[i1:i2]
                self.endRemoveRows()
            if j2 > j1:     # "insert" or the new half of "replace"
                self.beginInsertRows(QModelIndex(), i1, i1 + j2 - j1 - 1)
                rows[i1:i1] = findings[j1:j2]
                self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def cell_names(self, f: Finding) -> list[str]:
        info = schema.cell_info(self.layout)
        return [schema.cell_label(self.layout, k) for k in f.cells if k in info]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        f = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            word = f.severity.label
            text = f"【{word}】{f.message}"
            names = self.cell_names(f)
            if names:
                shown = "、".join(names[:SHOWN_CELLS])
                more = f" 等 {len(names)} 格" if len(names) > SHOWN_CELLS else ""
                text += f"\n    涉及：{shown}{more}"
            if f.hint:
                text += "\n    建议：" + render_hint(f.hint)
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(f.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            names = self.cell_names(f)
            return f.message + ("\n\n涉及的单元格：\n" + "\n".join(names) if names else "")
        if role == FindingRole:
            return f
        return None


class FindingDelegate(QStyledItemDelegate):
    """Qt's own painting; the height of each wrapped row remembered by its words and width.

    Measuring a row shapes its whole Chinese text (20–30 rows: most of a keystroke's repaint
    time); after an edit nearly every row reads as before, so its height is already known."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sizes: dict[tuple, QSize] = {}

    def sizeHint(self, option, index) -> QSize:
        key = (index.data(Qt.ItemDataRole.DisplayRole), option.rect.width(), option.font.key())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 2000:   # a session's worth; forget rather than grow
                self._sizes.clear()
            size = self._sizes[key] = super().sizeHint(option, index)
        return QSize(size)


def proposal_hint(p) -> dict:
    """A core.checks.proposals.Proposal as the window's hint: every cell it sets, and the note
    the correction log keeps."""
    return {"key": p.keys[0], "cells": dict(p.changes), "label": p.text, "note": "按修改建议：" + p.text}


class FindingsView(QWidget):
    """The list, and above it the repair hint with its button when the checks propose one."""

    activated = Signal(object)      # Finding: select its cells
    apply_hint = Signal(dict)       # the hint to apply

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindingDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setBatchSize(40)   # used for long lists only: see set_findings
        self.list.setAlternatingRowColors(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        # Both: a click is what a clerk tries first; Enter/double-click are the keyboard ways.
        self.list.clicked.connect(self._activate)
        self.list.activated.connect(self._activate)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_button = QPushButton("应用建议")
        self.hint_button.setToolTip("按建议修改这一格（可撤销）")
        self.hint_button.clicked.connect(self._apply_current_hint)
        self.more_button = QToolButton()          # the other proposals of the finding, in a menu
        self.more_button.setText("其他建议")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(QMenu(self.more_button))
        self.more_button.menu().triggered.connect(lambda action: self._apply_proposal(action.data()))
        self.hint_bar = QFrame()
        self.hint_bar.setObjectName("hintBar")
        # Scoped to the bar: unscoped, the style reached the button and flattened it into a label.
        self.hint_bar.setStyleSheet("#hintBar { background: #eef6e8; border: 1px solid #b7d7a8;"
                                    " border-radius: 3px; }")
        bar = QHBoxLayout(self.hint_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        icon = QLabel()   # a standard icon, not an emoji: office PCs often lack a colour-emoji font
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size, size))
        bar.addWidget(icon)
        bar.addWidget(self.hint_label, 1)
        bar.addWidget(self.hint_button)
        bar.addWidget(self.more_button)
        self.hint_bar.hide()
        self.title = QLabel("校验结果")
        # digits that ran together with no sum to cut them by: the possible cuts, one click each
        self.choice_bar = ChoiceBar()
        self.choice_bar.chosen.connect(self.apply_hint)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.hint_bar)
        box.addWidget(self.choice_bar)
        box.addWidget(self.list, 1)
        self._hint: Optional[dict] = None
        self._global_hint: Optional[dict] = None
        self.propose = lambda finding: []          # set by the window: Session.proposals
        self.list.selectionModel().currentChanged.connect(lambda current, _previous: self._show_proposals())
        self._layout = ""

    def set_findings(self, findings: list[Finding], layout: str, hint: Optional[dict]) -> None:
        # Word-wrapped rows are measured one by one. Hundreds (a 300-page PDF had 899 notices)
        # are laid out in batches between events, so the window never stands still; a short
        # list in one pass, which repaints it once instead of once per batch.
        mode = QListView.LayoutMode.Batched if len(findings) > 200 else QListView.LayoutMode.SinglePass
        if self.list.layoutMode() != mode:
            self.list.setLayoutMode(mode)
        self.model.set_findings(findings, layout)
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        self.title.setText(f"校验结果：{errors} 个错误，{len(findings) - errors} 个警告"
                           if findings else "校验结果：全部通过")
        self._layout = layout
        self.choice_bar.show_for(next((f for f in findings if f.params.get("choices")), None), layout)
        self._global_hint = hint
        self._show_proposals()

    def _show_proposals(self) -> None:
        """Above the list: the proposals of the selected finding (the first with its button, the
        others in a menu), else the one change that mends every error, if there is one."""
        f = self.list.currentIndex().data(FindingRole) if self.list.currentIndex().isValid() else None
        found = self.propose(f) if f is not None and f.severity == "error" else []
        menu = self.more_button.menu()
        menu.clear()
        if found:
            self._hint = proposal_hint(found[0])
            self.hint_label.setText("修改建议：" + found[0].text)
            for p in found[1:]:
                menu.addAction(p.text).setData(proposal_hint(p))
        else:
            self._hint = self._global_hint
            if self._hint:
                self.hint_label.setText(render_hint(self._hint))
        self.more_button.setVisible(len(found) > 1)
        self.hint_bar.setVisible(self._hint is not None)

    def step(self, delta: int) -> None:
        """F8 / Shift+F8: the next or previous finding (wrapping), its cells selected."""
        n = self.model.rowCount()
        if not n:
            return
        row = self.list.currentIndex().row() if self.list.currentIndex().isValid() else (-1 if delta > 0 else 0)
        index = self.model.index((row + delta) % n)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        self._activate(index)

    def _apply_proposal(self, hint) -> None:
        if hint:
            self.apply_hint.emit(dict(hint))

    def _activate(self, index: QModelIndex) -> None:
        f = index.data(FindingRole)
        if f is not None:
            if f.params.get("choices"):
                self.choice_bar.show_for(f, self._layout)
            self.activated.emit(f)

    def _apply_current_hint(self) -> None:
        if self._hint:
            self.apply_hint.emit(dict(self._hint))

    def _menu(self, pos) -> None:
        index = self.list.indexAt(pos)
        f = index.data(FindingRole) if index.isValid() else None
        if f is None:
            return
        menu = QMenu(self)
        select = menu.addAction("选中涉及的单元格")
        apply = menu.addAction("应用建议") if f.hint else None
        chosen = menu.exec(self.list.viewport().mapToGlobal(pos))
        if chosen is select:
            self.activated.emit(f)
        elif chosen is not None and chosen is apply:
            self.apply_hint.emit(dict(f.hint))
