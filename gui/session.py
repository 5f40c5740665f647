"""One open report: its document, cells, undo stack, findings and the look of every cell."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from core import schema
from core.checks.proposals import likely_wrong, proposals_for
from core.checks.rules import rules_by_id
from core.checks.run import run_checks
from core.last_year import LastYear, carry_over_findings
from core.corrections import Correction, Project
from core.checks.messages import render
from core.model import Finding, Report, Severity, SourceDocument
from core.reopen import Reopened, reopen

from .commands import SetCellsCommand

# Cell looks, combined as flags: a corrected cell may also fail a check.
EMPTY, CORRECTED, ERROR, WARNING = 1, 2, 4, 8
SUSPECT = 16   # with ERROR: the cell most likely wrong (painted strongly; the rule's others lightly)


@dataclass
class Loaded:
    """What the load worker hands over: the read document, the checked report, the file's hash."""

    path: str
    doc: SourceDocument
    report: Report
    sha256: str
    last_year: Optional[LastYear] = None   # the same body's previous year, if beside


class Session(QObject):
    """Adapts a core Report for the views. Cells change only through commands on `stack`."""

    cells_changed = Signal(object)    # set of keys whose value or look changed
    findings_changed = Signal()

    def __init__(self, loaded: Loaded, stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.path = loaded.path
        self.doc = loaded.doc
        self.report = loaded.report
        self.sha256 = loaded.sha256
        self.stack = stack
        self.original = dict(self.report.cells)   # what the recogniser read: "corrected" is ≠ this
        self.project_path: Optional[str] = None
        self.autosaved = False    # this session wrote the autosave file (so it may remove it)
        self.notes: dict[str, str] = {}
        self.exported_at: Optional[int] = None   # undo-stack index of the last Excel export
        self.last_year = loaded.last_year
        self.report.findings += self.cross_year_findings()
        self.layout = self.report.layout
        self.keys = schema.cell_keys(self.layout)
        self._looks: dict[str, int] = {}
        self._by_cell: dict[str, list[Finding]] = {}
        for f in self.report.notices:
            if not f.message:   # notices come unworded from the recogniser
                f.message = render(f)
        self._refresh_looks()

    # ---- reading
    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def value(self, key: str):
        return self.report.cells.get(key)

    def look(self, key: str) -> int:
        return self._looks.get(key, 0)

    def findings(self) -> list[Finding]:
        """Everything to show: the checks' findings, then what the recogniser noticed."""
        return self.report.findings + self.report.notices

    def findings_of(self, key: str) -> list[Finding]:
        return self._by_cell.get(key, [])

    def counts(self) -> tuple[int, int]:
        found = self.findings()
        errors = sum(1 for f in found if f.severity is Severity.ERROR)
        return errors, len(found) - errors

    def hint(self) -> Optional[dict]:
        """The one-cell repair the checks propose, if any (carried by the error findings)."""
        return next((f.hint for f in self.report.findings if f.hint), None)

    def corrections(self) -> list[Correction]:
        """The corrections in effect, oldest first: the commands below the stack's index."""
        out: list[Correction] = []
        for i in range(self.stack.index()):
            out.extend(getattr(self.stack.command(i), "corrections", ()))
        return out

    def project(self) -> Project:
        return Project(os.path.abspath(self.path), self.sha256, self.layout, self.corrections(),
                       dict(self.notes))

    # ---- changing (called by gui.commands only)
    def set_values(self, pairs: Iterable[tuple[str, object]]) -> None:
        changed = set()
        for key, value in pairs:
            self.report.cells[key] = value
            changed.add(key)
        self.recheck(changed)

    def recheck(self, changed: Iterable[str] = ()) -> None:
        """Rerun every check (a few ms), then tell the views which cells to repaint."""
        self.report.findings = run_checks(self.report, self.doc) + self.cross_year_findings()
        before = self._looks
        self._refresh_looks()
        affected = set(changed) | {k for k in self.keys if before.get(k) != self._looks.get(k)}
        self.cells_changed.emit(affected)
        self.findings_changed.emit()

    def replay(self, project: Project) -> Reopened:
        """Apply a saved project's corrections as undoable steps (core.reopen: the layout checked,
        old values as read now); the source was checked when the project or autosave was found."""
        reopened = reopen(project, self.report)
        self.notes.update(reopened.notes)
        for corr in reopened.corrections:
            self.stack.push(SetCellsCommand(self, [corr]))
        return reopened

    def cross_year_findings(self) -> list[Finding]:
        """跨年核对 against last year's report, when one was found beside or chosen."""
        if self.last_year is None:
            return []
        last = self.last_year
        return carry_over_findings(last.path, last.report, self.report, last.corrected)

    def set_last_year(self, last: LastYear) -> None:
        self.last_year = last
        self.recheck()

    def proposals(self, finding: Finding) -> list:
        """The repair proposals of a failing rule's finding (core.checks.proposals), else []."""
        rule = rules_by_id(self.layout).get(finding.code)
        return proposals_for(self.report, rule) if rule is not None else []

    def _refresh_looks(self) -> None:
        strong, rule_ids = likely_wrong(self.report), rules_by_id(self.layout)
        by_cell: dict[str, list[Finding]] = {}
        for f in self.findings():
            for key in f.cells:
                by_cell.setdefault(key, []).append(f)
        cells, original = self.report.cells, self.original
        looks = {}
        for key in self.keys:
            v = cells.get(key)
            look = EMPTY if v is None else 0
            if v != original.get(key) or (v is None) != (original.get(key) is None):
                look |= CORRECTED
            for f in by_cell.get(key, ()):
                # A blank already looks blank; its "blank" warning would only add noise.
                if f.severity is Severity.ERROR:
                    look |= ERROR
                    if key in strong or f.code not in rule_ids:   # a rule's other cells: lightly
                        look |= SUSPECT
                elif f.code != "value.blank":
                    look |= WARNING
            looks[key] = look
        self._looks, self._by_cell = looks, by_cell
