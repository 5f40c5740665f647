"""What the window does with files: project save/replay, autosave and recovery, Excel export."""
from __future__ import annotations

import glob
import os
import re
from typing import Optional

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from core import corrections as C
from core.errors import NianbaoError
from core.reopen import MSG_CONFLICTS

from . import dialogs
from .settings import autosave_dir
from .workers import read_last_year
from .workspace import Workspace


def open_project_file(path: str) -> C.ProjectLoad:
    return C.open_project(path)


def replay_project(ws: Workspace, opened: C.ProjectLoad) -> None:
    """Apply a project file's corrections to the report just read; say what no longer fits."""
    session = ws.session
    try:
        reopened = session.replay(opened.project)
    except NianbaoError as exc:
        ws.fail(opened.path, exc.message, exc.detail)
        return
    session.project_path = opened.path
    ws.stack.setClean()
    lines = [opened.message] if opened.message else []
    if reopened.conflicts:
        lines.append(MSG_CONFLICTS.format(n=len(reopened.conflicts)))
        lines += [f"· {line}" for line in reopened.lines(session.layout)[:8]]
    ws.show_message(f"已套用修改记录：{len(opened.project.corrections)} 处修改。")
    if lines and ws.interactive:
        dialogs.info(ws.parent, "修改记录", "\n".join(lines))


def _when(project: C.Project) -> str:
    return project.saved.replace("T", " ")[:16] if project.saved else "上次"


def pending_autosaves() -> list[C.Project]:
    """Autosaves a session left behind (it crashed or was killed), newest first: only those whose
    source is still there with the same content, so that recovering them can work."""
    found = []
    for path in glob.glob(os.path.join(autosave_dir(), "*.autosave" + C.PROJECT_SUFFIX)):
        try:
            project = C.Project.load(path)
            if project.corrections and C.sha256_file(project.source_path) == project.source_sha256:
                found.append(project)
        except (C.ProjectFileError, OSError):
            continue   # unreadable, or its source moved: the per-file offer may still find it
    return sorted(found, key=lambda p: p.saved, reverse=True)


def offer_startup_recovery(ws: Workspace) -> Optional[str]:
    """Started without a file after a crash: name the reports with unsaved corrections and offer
    to open the newest. Returns its path (its corrections are then recovered without a second
    question), or None. Declining keeps the autosaves: opening such a report later asks again."""
    if not ws.interactive:
        return None
    projects = pending_autosaves()
    if not projects:
        return None
    lines = [f"· {os.path.basename(p.source_path)}：{len(p.corrections)} 处修改（{_when(p)}）"
             for p in projects[:6]]
    if len(projects) > 6:
        lines.append(f"…… 共 {len(projects)} 份")
    first = os.path.basename(projects[0].source_path)
    ok = dialogs.ask_yes_no(
        ws.parent, "恢复未保存的修改",
        "上次使用时，下列报告的修改没有保存（程序可能意外退出）：\n" + "\n".join(lines)
        + f"\n\n现在打开「{first}」并恢复它的修改吗？\n其余报告下次打开时仍会询问。",
        yes="打开并恢复(&O)", no="稍后(&L)")
    if not ok:
        return None
    ws.recover_without_asking = os.path.abspath(projects[0].source_path)
    return projects[0].source_path


def offer_recovery(ws: Workspace) -> None:
    """After a crash the autosave holds unsaved corrections for this very file (same SHA-256)."""
    session = ws.session
    folder = autosave_dir()
    project = C.read_autosave(session.sha256, folder)
    if project is None or not project.corrections:
        return
    if not ws.interactive:
        return   # --screenshot: keep the autosave for the next real session
    chosen = ws.recover_without_asking == os.path.abspath(session.path)
    ws.recover_without_asking = None
    ok = chosen or dialogs.ask_yes_no(
        ws.parent, "恢复未保存的修改",
        f"「{session.name}」在 {_when(project)} 有 {len(project.corrections)} 处修改没有保存"
        "（程序可能意外退出）。\n是否恢复这些修改？", yes="恢复(&R)", no="不恢复(&N)")
    if not ok:
        C.remove_autosave(session.sha256, folder)
        return
    try:
        session.replay(project)   # left unsaved on purpose: the title shows *, closing asks
    except NianbaoError as exc:
        ws.show_message(exc.message)
        return
    ws.show_message(f"已恢复 {len(project.corrections)} 处未保存的修改。")


def autosave(ws: Workspace) -> None:
    session = ws.session
    if session is None:
        return
    try:
        if not ws.stack.isClean():
            C.write_autosave(session.project(), autosave_dir())
            session.autosaved = True
        elif session.autosaved:   # edits undone back to the saved state: nothing to recover
            C.remove_autosave(session.sha256, autosave_dir())
            session.autosaved = False
    except OSError as exc:   # a full disk must not interrupt the clerk; the save still works
        ws.show_message(f"自动保存失败：{exc.strerror or exc}")


def remove_autosave(ws: Workspace) -> None:
    if ws.session is not None:
        try:
            C.remove_autosave(ws.session.sha256, autosave_dir())
        except OSError:
            pass


def save_project(ws: Workspace, choose: bool = False) -> bool:
    """Ctrl+S: the project file (corrections and notes) beside the report unless chosen otherwise."""
    session = ws.session
    if session is None:
        return False
    path = session.project_path
    if path is None or choose:
        default = path or C.project_path_for(session.path)
        path = dialogs.save_file(ws.parent, "保存修改记录", default, dialogs.PROJECT_FILTER)
        if not path:
            return False
        if not path.endswith(C.PROJECT_SUFFIX):
            path = os.path.splitext(path)[0].removesuffix(".nianbao") + C.PROJECT_SUFFIX
    try:
        session.project().save(path)
    except NianbaoError as exc:
        dialogs.error(ws.parent, "无法保存修改记录", exc.message, exc.detail)
        return False
    session.project_path = path
    ws.stack.setClean()
    remove_autosave(ws)
    ws.settings.add_recent(path)
    ws.show_message(f"修改记录已保存：{path}")
    return True


def export_excel(ws: Workspace, path: Optional[str] = None) -> Optional[str]:
    """The export issue's workbook: official tables with marks, long data, findings, corrections."""
    session = ws.session
    if session is None:
        return None
    asked = path is None
    if path is None:
        path = dialogs.save_file(ws.parent, "导出 Excel", export_name(session), dialogs.EXCEL_FILTER)
        if not path:
            return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    from core.xlsx.report import write_report   # openpyxl loads at the first export, not at start
    if not write_busy(ws, "无法导出 Excel", lambda: write_report(
            session.report, path, corrections=session.corrections(), doc=session.doc)):
        return None
    session.exported_at = ws.stack.index()   # every correction so far is in the workbook
    ws.settings.last_folder = os.path.dirname(path)
    errors, warnings = session.counts()
    ws.show_message(f"已导出 Excel：{path}（{errors} 个错误，{warnings} 个警告）")
    if asked and ws.interactive:
        choice = dialogs.export_done(ws.parent, path, errors, warnings)
        if choice is not None:
            target = path if choice == dialogs.OPEN_FILE else os.path.dirname(path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(target))
    return path


def choose_last_year(ws: Workspace) -> Optional[str]:
    """文件 → 与上年报告核对…: last year's report (any format) chosen by hand, then the 跨年核对."""
    session = ws.session
    if session is None:
        return None
    path = dialogs.open_file(ws.parent, os.path.dirname(session.path))
    if not path:
        return None
    # in the read worker, within its time and memory limits: any file may be chosen here
    last = write_busy(ws, "无法读取上年报告", lambda: read_last_year(path))
    if not last:
        return None
    session.set_last_year(last)
    n = len(session.cross_year_findings())
    applied = f"（已套用其修改记录中的 {last.corrected} 格修改）" if last.corrected else ""
    ws.show_message(f"已与上年报告「{os.path.basename(path)}」{applied}核对：" +
                    (f"{n} 处结转数不一致" if n else "结转数一致"))
    return path


def export_name(session) -> str:
    """The default workbook: 机关 + 年度 (大岚镇人民政府2021年政府信息公开年报.xlsx) beside the
    report; the report's own name when either is unknown."""
    folder = os.path.dirname(session.path)
    agency, year = session.report.agency, session.report.year
    if agency and year:
        name = re.sub(r'[\\/:*?"<>|\s]+', "", f"{agency}{year}年政府信息公开年报")
        return os.path.join(folder, name + ".xlsx")
    return os.path.splitext(session.path)[0] + ".xlsx"


def write_busy(ws: Workspace, error_title: str, write) -> object:
    """Run a short write under the wait cursor; a core error becomes a plain message.
    Returns what `write` returned (True when it returned None), or False when it failed."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = write()
    except NianbaoError as exc:
        QApplication.restoreOverrideCursor()
        dialogs.error(ws.parent, error_title, exc.message, exc.detail)
        return False
    QApplication.restoreOverrideCursor()
    return True if result is None else result
