"""Reopen: a saved project's corrections replayed onto a freshly read report, for the CLI, the
batch and the app alike, with one wording for what no longer fits."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from . import schema
from .checks.messages import fmt_number
from .corrections import (Conflict, Correction, Project, ProjectFileError, load_or_set_aside,
                          project_path_for, source_mismatch)
from .model import Report

MSG_CONFLICT = "{label}：修改记录中的原值为 {recorded}，这次读到 {found}；已改为 {new}，请核对。"
MSG_CONFLICTS = "有 {n} 处修改的原值与这次读到的不同，请核对："
MSG_PROJECT_STALE = "旁边的修改记录是为另一版本的报告保存的，未套用"
MSG_PROJECT_UNUSED = "旁边的修改记录未能套用："


@dataclass
class Reopened:
    """What replaying a project did: the corrections now in effect, oldest first (each old value
    as read this time, so that undo and the marks tell the truth), and what to tell the person."""

    corrections: list[Correction] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    mismatch: str = ""      # the source is not the content the project was saved for ("" if it is)
    applied: bool = True    # False: skipped because of the mismatch (the batch's choice)

    def lines(self, layout: str) -> list[str]:
        """The mismatch, then one line per conflict: the same words wherever they are shown."""
        return ([self.mismatch] if self.mismatch else []) + [
            conflict_line(c, layout) for c in self.conflicts]

    @property
    def cells(self) -> int:
        return len({c.key for c in self.corrections})


def conflict_line(conflict: Conflict, layout: str) -> str:
    c = conflict.correction
    return MSG_CONFLICT.format(label=schema.cell_label(layout, c.key), recorded=_shown(c.old),
                               found=_shown(conflict.found), new=_shown(c.new))


def _shown(value) -> str:
    return "空白" if value is None else fmt_number(value)


def reopen(project: Project, report: Report, source_path: Optional[str] = None,
           skip_if_changed: bool = False) -> Reopened:
    """Replay `project` onto `report`, read from `source_path` (None: the caller already knows
    the content matches, as for an autosave found by its SHA-256). Raises ProjectFileError when
    the project cannot apply (another layout, a damaged correction)."""
    mismatch = source_mismatch(project, source_path) if source_path else ""
    if mismatch and skip_if_changed:
        return Reopened(mismatch=mismatch, applied=False)
    applied, conflicts = project.apply_to(report)
    return Reopened(applied, conflicts, dict(project.notes), mismatch)


def replay_beside(path: str, report: Report) -> tuple[int, str]:
    """The corrections a person saved beside the report (报告名.nianbao.json) applied to it,
    unattended: a project saved for other content is not applied at all (the batch's summary
    and the app's 跨年核对 both read last year's corrected numbers this way).
    Returns (cells corrected, a note when the project could not be applied)."""
    project_file = project_path_for(path)
    if not os.path.isfile(project_file):
        return 0, ""
    try:
        reopened = reopen(load_or_set_aside(project_file), report, path, skip_if_changed=True)
    except ProjectFileError as exc:
        return 0, f"{MSG_PROJECT_UNUSED}{exc.message}"
    if not reopened.applied:
        return 0, MSG_PROJECT_STALE
    return reopened.cells, ""
