"""One Qt table model per official table: its printed grid over the session's canonical cells."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from core import schema
from core.extract.numbers import parse_cell
from core.model import Severity
from core.checks.messages import fmt_number, source_place
from core.table_grid import HEAD, VALUE, Block, Grid, build

from . import session as S
from .commands import SetCellCommand


CellKeyRole = Qt.ItemDataRole.UserRole + 1     # str | None: the canonical key of a value cell
CellLookRole = Qt.ItemDataRole.UserRole + 2    # int: session flags EMPTY|CORRECTED|ERROR|WARNING
BlockKindRole = Qt.ItemDataRole.UserRole + 3   # "head" | "label" | "value"
PaintRole = Qt.ItemDataRole.UserRole + 4       # (kind, text, look) in one call: the delegate's
                                               # only question, so a repaint crosses into Python once per cell

HEAD_BG = QColor("#e8ecf2")
LABEL_BG = QColor("#f6f7f9")
EMPTY_BG = QColor("#f1f1f1")
CORRECTED_BG = QColor("#d8e8ff")
ERROR_BG = QColor("#ffd9d6")
LIGHT_ERROR_BG = QColor("#fff3f1")   # in a failing rule, but not the likely culprit
WARNING_BG = QColor("#fff1c7")
NORMAL_BG = QColor("#ffffff")

_Index = QModelIndex | QPersistentModelIndex


def look_background(look: int) -> QColor:
    if look & S.ERROR:
        return ERROR_BG if look & S.SUSPECT else LIGHT_ERROR_BG
    if look & S.CORRECTED:
        return CORRECTED_BG
    if look & S.WARNING:
        return WARNING_BG
    if look & S.EMPTY:
        return EMPTY_BG
    return NORMAL_BG


LOOK_WORDS = ((S.SUSPECT, "最可能出错"), (S.ERROR, "所在勾稽关系不成立"), (S.WARNING, "有警告"), (S.CORRECTED, "已修改"), (S.EMPTY, "空白"))


class OfficialTableModel(QAbstractTableModel):
    """Rows and columns of the printed table; value cells are editable, labels are not."""

    input_refused = Signal(str)   # why a typed value was not taken (shown on the status line)

    def __init__(self, table: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.session: Optional[S.Session] = None
        self.grid: Grid = build("2021", table)

    # ---- binding
    def set_session(self, session: Optional[S.Session]) -> None:
        self.beginResetModel()
        if self.session is not None:
            self.session.cells_changed.disconnect(self._on_cells_changed)
        self.session = session
        self.grid = build(session.layout if session else "2021", self.table)
        if session is not None:
            session.cells_changed.connect(self._on_cells_changed)
        self.endResetModel()

    def _on_cells_changed(self, keys) -> None:
        # Repaint only the cells whose value or look changed (a recheck may touch a few).
        for key in keys:
            pos = self.grid.where.get(key)
            if pos:
                idx = self.index(*pos)
                self.dataChanged.emit(idx, idx)

    # ---- lookups
    def block(self, index: _Index) -> Optional[Block]:
        if not index.isValid():
            return None
        return self.grid.anchor(index.row(), index.column())

    def key_at(self, index: _Index) -> Optional[str]:
        b = self.block(index) if index.isValid() else None
        if b is None and index.isValid():
            b = self.grid.covering(index.row(), index.column())
        return b.key if b is not None and b.kind == VALUE else None

    def index_of(self, key: str) -> QModelIndex:
        pos = self.grid.where.get(key)
        return self.index(*pos) if pos else QModelIndex()

    # ---- the textbook contract
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.cols

    def flags(self, index: _Index) -> Qt.ItemFlag:
        b = self.block(index)
        if b is None or b.kind != VALUE:
            # Not enabled: keyboard navigation (arrows, Enter) skips labels as Excel skips nothing
            # but the clerk never has to tab through header text.
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.session is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        b = self.block(index)
        if b is None:
            return None
        if role == BlockKindRole:
            return b.kind
        if b.kind != VALUE:
            if role == PaintRole:
                return (b.kind, b.text, 0)
            return self._label_data(b, role)
        key = b.key
        value = self.session.value(key) if self.session else None
        look = self.session.look(key) if self.session else S.EMPTY
        if role == PaintRole:
            return (VALUE, "" if value is None else fmt_number(value), look)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else fmt_number(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else fmt_number(value)
        if role == CellKeyRole:
            return key
        if role == CellLookRole:
            return look
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(look_background(look))
        if role == Qt.ItemDataRole.FontRole:
            if look & S.CORRECTED:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, value, look) if self.session else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            words = "，".join(w for flag, w in LOOK_WORDS if look & flag)
            shown = "空白" if value is None else fmt_number(value)
            return f"{schema.cell_label(self.grid_layout, key)}：{shown}" + (f"（{words}）" if words else "")
        return None

    @property
    def grid_layout(self) -> str:
        return self.session.layout if self.session else "2021"

    def _label_data(self, b: Block, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return b.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEAD_BG if b.kind == HEAD else LABEL_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if b.kind == HEAD or b.rowspan > 1:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and b.kind == HEAD:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(self, key: str, value, look: int) -> str:
        s = self.session
        lines = [schema.cell_label(s.layout, key), f"当前值：{'空白' if value is None else fmt_number(value)}"]
        ref = s.report.provenance.get(key)
        raw = s.report.raw.get(key)
        if ref is None:
            lines.append("来源：原文中未找到此格")
        else:
            lines.append(f"来源：{source_place(ref)}，原文「{raw if raw is not None else ''}」")
        if look & S.CORRECTED:
            orig = s.original.get(key)
            lines.append(f"已修改（识别值 {'空白' if orig is None else fmt_number(orig)}）")
        for f in s.findings_of(key):
            if f.code != "value.blank":
                lines.append(f"{f.severity.label}：{f.message}")
        return "\n".join(lines)

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Only pushes an undoable command; the session repaints through cells_changed."""
        key = self.key_at(index)
        if role != Qt.ItemDataRole.EditRole or key is None or self.session is None:
            return False
        new = parse_input(value)
        if new is ValueError:
            self.input_refused.emit(f"「{value}」不是数字，未修改。可填整数、小数，或留空。")
            return False
        old = self.session.value(key)
        if old == new and (old is None) == (new is None) and type(old) is type(new):
            return False
        self.session.stack.push(SetCellCommand(self.session, key, old, new))
        return True


def parse_input(value):
    """A typed or pasted text as a cell value: a number, None for blank, ValueError for text."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    parsed = parse_cell(str(value))   # the same reading as the recogniser: 1,234 / １２ / — / 空
    if parsed.kind == "blank":
        return None
    if parsed.kind != "number":
        return ValueError
    v = parsed.value
    if isinstance(v, float) and v == int(v) and "." not in str(value):
        v = int(v)
    return v
