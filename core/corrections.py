"""Corrections (old → new per cell) and the project file that lets work be reopened; the undo history is the app's QUndoStack."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Optional

from . import project_schema, schema
from .atomic import remove_stale_temps, same_file
from .checks.rules import is_number
from .errors import NianbaoError
from .names import shown_name
from .model import Number, Report

PROJECT_SUFFIX = ".nianbao.json"
PROJECT_KIND = "nianbao-project"
PROJECT_VERSION = 1
MSG_SOURCE_CHANGED = "源文件自保存修改记录以来已被改动，重新识别的数值可能与当时不同；请逐条核对已恢复的修改。"
MSG_SOURCE_MISSING = "找不到修改记录对应的源文件：{path}。请把报告放回原处，或另行打开报告后再套用修改记录。"
MSG_BAD_CORRECTION = "修改记录中有一条无法套用（单元格 {key} 不在这种版式中，或数值无效），文件可能已损坏。"
MSG_OVER_SOURCE = "不能把修改记录保存到报告文件 {name} 上，请另选文件名（例如 报告名.nianbao.json）。"
MSG_OTHER_SOURCE = "修改记录是为 {name} 保存的，与现在打开的文件内容不同；修改仍会套用，请逐条核对。"
# Saving goes through write_json_atomic below; core/atomic.py (export) has the same idea with
# Excel-lock messages; the project file is ours alone, so plain OSError handling is enough.


class ProjectFileError(NianbaoError):
    """A project file that cannot be read: not JSON, not ours, or from a newer version."""


class BadProjectFile(ProjectFileError):
    """A project file whose content fails the schema: set aside, never used, never deleted."""


def load_or_set_aside(path: str) -> "Project":
    """Project.load; a bad file is renamed 名.nianbao.json.bad-日期 and the error says so."""
    try:
        return Project.load(path)
    except BadProjectFile as exc:
        aside = project_schema.set_aside(path)
        if aside:
            exc.message += project_schema.MSG_SET_ASIDE.format(aside=shown_name(aside))
        raise


def now_iso() -> str:
    """Local time with offset, to the second: what a person expects to read in the history."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Correction:
    """One edit of one cell: what it was, what the person made it, when, and why."""

    key: str
    old: Optional[Number]
    new: Optional[Number]
    time: str = field(default_factory=now_iso)
    note: str = ""

    def to_json(self) -> dict:
        return {"key": self.key, "old": self.old, "new": self.new, "time": self.time,
                "note": self.note}

    @classmethod
    def from_json(cls, data: dict) -> "Correction":
        return cls(key=data["key"], old=data.get("old"), new=data.get("new"),
                   time=data.get("time", ""), note=data.get("note", ""))


def check_value(layout: str, key: str, value) -> None:
    """Refuse a key outside the layout or a value that is not a number or blank (None)."""
    if key not in schema.cell_info(layout):
        raise KeyError(f"{key!r} is not a cell of the {layout} layout")
    if value is not None and not is_number(value):
        raise TypeError(f"cell value must be a finite number or None, got {value!r}")


def corrections_for(layout: str, cells: dict, values: dict, note: str = "",
                    time: Optional[str] = None) -> list[Correction]:
    """The corrections that set {key: new value}, each value checked, leaving out the cells
    that already hold it (1.0 over 1 is an edit: the type is part of the value)."""
    out = []
    for key, new in values.items():
        check_value(layout, key, new)
        old = cells.get(key)
        if not same_value(old, new):
            out.append(Correction(key, old, new, time or now_iso(), note))
    return out


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a == b and type(a) is type(b)


# ---------------------------------------------------------------- files
def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def project_path_for(source_path: str) -> str:
    """报告名.pdf → 报告名.nianbao.json beside it (written only when the person saves)."""
    folder, name = os.path.split(os.path.abspath(source_path))
    return os.path.join(folder, os.path.splitext(name)[0] + PROJECT_SUFFIX)


def write_json_atomic(path: str, data: dict) -> None:
    """Write to a temp file in the same folder, then rename: a crash never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    remove_stale_temps(folder)   # left by saves a crash cut short
    fd, tmp = tempfile.mkstemp(prefix=".nianbao-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class Conflict:
    """A replayed correction whose cell no longer read as the recorded old value."""

    correction: Correction
    found: Optional[Number]


@dataclass
class Project:
    """What a person did to one source file: enough to reopen it and replay the corrections."""

    source_path: str
    source_sha256: str
    layout: str
    corrections: list[Correction] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)   # cell key (or "" for the report) → text
    saved: str = ""

    @classmethod
    def of(cls, source_path: str, layout: str, corrections: list[Correction],
           notes: Optional[dict] = None, source_sha256: Optional[str] = None) -> "Project":
        sha = source_sha256 or sha256_file(source_path)
        return cls(os.path.abspath(source_path), sha, layout, list(corrections), dict(notes or {}))

    def to_json(self) -> dict:
        return {"kind": PROJECT_KIND, "version": PROJECT_VERSION, "saved": self.saved,
                "source": {"path": self.source_path, "name": os.path.basename(self.source_path),
                           "sha256": self.source_sha256},
                "layout": self.layout,
                "corrections": [c.to_json() for c in self.corrections],
                "notes": self.notes}

    @classmethod
    def from_json(cls, data: dict) -> "Project":
        if not isinstance(data, dict) or data.get("kind") != PROJECT_KIND:
            raise ProjectFileError("这不是年报通的修改记录文件。", "kind != nianbao-project")
        if data.get("version", 0) > PROJECT_VERSION:
            raise ProjectFileError("这个修改记录文件由更新版本的年报通保存，请升级后再打开。",
                                   f"version {data.get('version')}")
        try:
            src = data["source"]
            return cls(source_path=src["path"], source_sha256=src["sha256"], layout=data["layout"],
                       corrections=[Correction.from_json(c) for c in data.get("corrections", [])],
                       notes=dict(data.get("notes", {})), saved=data.get("saved", ""))
        except (KeyError, TypeError, AttributeError) as e:
            raise ProjectFileError("修改记录文件内容不完整，无法打开。", repr(e)) from e

    def save(self, path: str) -> None:
        """Write atomically; an OS failure becomes a ProjectFileError with a Chinese message."""
        if os.path.exists(self.source_path) and same_file(path, self.source_path):
            raise ProjectFileError(MSG_OVER_SOURCE.format(name=os.path.basename(path)), path)
        self.saved = now_iso()
        try:
            write_json_atomic(path, self.to_json())
        except OSError as e:
            raise ProjectFileError(f"无法保存修改记录文件 {os.path.basename(path)}：{e.strerror or e}。"
                                   "请检查文件夹是否可写、磁盘是否已满。", f"{path}: {e!r}") from e

    @classmethod
    def load(cls, path: str) -> "Project":
        """Read and validate (core.project_schema); BadProjectFile when the content is bad."""
        try:
            with open(path, "rb") as f:
                raw = f.read(project_schema.MAX_PROJECT_BYTES + 1)
        except OSError as e:
            raise ProjectFileError("无法读取修改记录文件。", f"{path}: {e}") from e
        try:
            data = project_schema.parse(raw)
        except project_schema.ProjectSchemaError as e:
            raise BadProjectFile(project_schema.MSG_BAD.format(name=shown_name(path), why=e),
                                 f"{path}: {e}") from None
        return cls.from_json(data)

    def apply_to(self, report: Report) -> tuple[list[Correction], list[Conflict]]:
        """Replay the corrections onto a freshly read report. Returns them as applied (each old
        value as read this time, so that undoing returns there) and those whose recorded old
        value differs from what was read (the source or the recogniser changed since): the
        person should look at them again."""
        if report.layout != self.layout:
            raise ProjectFileError(f"修改记录针对 {self.layout} 版式，而报告识别为 {report.layout} 版式，无法套用。",
                                   "layout mismatch")
        applied, conflicts, seen = [], [], set()
        for corr in self.corrections:
            try:
                check_value(report.layout, corr.key, corr.new)
            except (KeyError, TypeError) as e:
                raise ProjectFileError(MSG_BAD_CORRECTION.format(key=corr.key), repr(e)) from e
            found = report.cells.get(corr.key)
            if corr.key not in seen and not same_value(found, corr.old):
                conflicts.append(Conflict(corr, found))
                corr = replace(corr, old=found)
            seen.add(corr.key)
            report.cells[corr.key] = corr.new
            applied.append(corr)
        return applied, conflicts


@dataclass
class ProjectLoad:
    """A project as opened: where its source is now, and whether that source still matches."""

    project: Project
    path: str                       # the project file
    source_path: Optional[str]      # the source found (None: missing)
    source_changed: bool = False
    message: str = ""               # Chinese, empty when all is well

    @property
    def ok(self) -> bool:
        return self.source_path is not None and not self.source_changed


def _find_source(project: Project, project_file: str) -> Optional[str]:
    # The folder may have moved with both files in it: look beside the project file too.
    beside = os.path.join(os.path.dirname(os.path.abspath(project_file)),
                          os.path.basename(project.source_path))
    for candidate in (project.source_path, beside):
        if os.path.isfile(candidate):
            return candidate
    return None


def open_project(path: str) -> ProjectLoad:
    """Load a project file and check its source file's SHA-256."""
    project = load_or_set_aside(path)
    source = _find_source(project, path)
    if source is None:
        return ProjectLoad(project, path, None, False,
                           MSG_SOURCE_MISSING.format(path=project.source_path))
    changed = sha256_file(source) != project.source_sha256
    return ProjectLoad(project, path, source, changed, MSG_SOURCE_CHANGED if changed else "")


def source_mismatch(project: Project, path: str) -> str:
    """The message when `path` (the file being opened) is not the content the project was saved
    for, or "": a copy of the same bytes elsewhere is fine."""
    if sha256_file(path) == project.source_sha256:
        return ""
    if os.path.exists(project.source_path) and same_file(path, project.source_path):
        return MSG_SOURCE_CHANGED
    return MSG_OTHER_SOURCE.format(name=os.path.basename(project.source_path))


# ---------------------------------------------------------------- autosave
def autosave_path(source_sha256: str, folder: str) -> str:
    """One autosave file per source content, in the app's per-user folder (platformdirs)."""
    return os.path.join(folder, f"{source_sha256[:32]}.autosave{PROJECT_SUFFIX}")


def write_autosave(project: Project, folder: str) -> str:
    os.makedirs(folder, exist_ok=True)
    path = autosave_path(project.source_sha256, folder)
    write_json_atomic(path, project.to_json())
    return path


def read_autosave(source_sha256: str, folder: str) -> Optional[Project]:
    """The autosaved project for this source, or None (absent or unreadable: never fatal)."""
    path = autosave_path(source_sha256, folder)
    if not os.path.isfile(path):
        return None
    try:
        return Project.load(path)
    except ProjectFileError:
        return None


def remove_autosave(source_sha256: str, folder: str) -> None:
    try:
        os.unlink(autosave_path(source_sha256, folder))
    except FileNotFoundError:
        pass
