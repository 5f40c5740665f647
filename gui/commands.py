"""Undoable cell edits: each command carries core.corrections.Correction records (old → new)."""
from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtGui import QUndoCommand

from core import schema
from core.corrections import Correction, check_value, corrections_for
from core.checks.messages import fmt_number
from core.model import Number


class SetCellsCommand(QUndoCommand):
    """Set one or several cells in one undo step (a typed value, a paste, a Delete, a hint).

    The session's undo stack is the history: the corrections in effect are those of the
    commands below the stack index, so the project file and the Excel read them from there.
    """

    def __init__(self, session, corrections: Sequence[Correction], text: str = ""):
        super().__init__(text or _describe(session.layout, corrections))
        self.session = session
        self.corrections = list(corrections)

    def redo(self) -> None:
        self.session.set_values((c.key, c.new) for c in self.corrections)

    def undo(self) -> None:
        self.session.set_values((c.key, c.old) for c in reversed(self.corrections))


def SetCellCommand(session, key: str, old: Optional[Number], new: Optional[Number],
                   note: str = "") -> SetCellsCommand:
    """One cell: the command pushed by the table model's setData."""
    check_value(session.layout, key, new)
    return SetCellsCommand(session, [Correction(key, old, new, note=note)])


def changes(session, values: dict, note: str = "") -> list[Correction]:
    """Corrections for {key: new value}, leaving out cells that already hold that value."""
    return corrections_for(session.layout, session.report.cells, values, note)


def _describe(layout: str, corrections: Sequence[Correction]) -> str:
    if len(corrections) == 1:
        c = corrections[0]
        new = "空白" if c.new is None else fmt_number(c.new)
        return f"把{schema.cell_label(layout, c.key)}改为 {new}"
    if corrections and all(c.new is None for c in corrections):
        return f"清空 {len(corrections)} 格"
    return f"修改 {len(corrections)} 格"
