"""文件 → 另存更正后的报告… and 导出官方表格…: Word output of core.docx_out, with plain messages."""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QListWidget,
                               QListWidgetItem, QVBoxLayout)

from core.docx_out.corrected import write_corrected_copy
from core.docx_out.narrative import NarrativeFix, narrative_mismatches
from core.docx_out.tables import write_official_tables

from . import dialogs, files
from .workspace import Workspace

WORD_FILTER = "Word 文档 (*.docx)"
TITLE_COPY = "另存更正后的报告"
TITLE_TABLES = "导出官方表格"
MSG_ONLY_DOCX = ("只有 Word 文档（.docx）能另存为更正后的报告：{fmt} 文件无法就地改写。\n"
                 "可以导出三张官方表格（Word 文档，含更正后的数值），粘贴进报告。")
REVIEW_BOX = "送审副本：更正处加黄色高亮，并用批注写明原值 → 新值（发布用的副本不要勾选）"
SENTENCES_HEAD = "正文中下列数字与更正后的表不一致。勾选的句子会一并改正，未勾选的保持原样："
UNCERTAIN_HEAD = "下列句子与表的对应不确定，不会自动改正，请人工核对："


def _word_path(ws: Workspace, title: str, suffix: str, path: Optional[str]) -> Optional[str]:
    if path is None:
        stem = os.path.splitext(ws.session.path)[0]
        path = dialogs.save_file(ws.parent, title, stem + suffix, WORD_FILTER)
        if not path:
            return None
    return path if path.lower().endswith(".docx") else path + ".docx"


def save_corrected_copy(ws: Workspace, path: Optional[str] = None) -> Optional[str]:
    """A copy of the DOCX with the corrected numbers in their own cells; the cells that could not
    be rewritten, and the sentences that still disagree, are told."""
    session = ws.session
    if session is None:
        return None
    if session.report.format != "docx":
        message = MSG_ONLY_DOCX.format(fmt=session.report.format.upper())
        if ws.interactive and dialogs.ask_yes_no(ws.parent, TITLE_COPY, message,
                                                 yes="导出官方表格(&T)…", no="取消"):
            return export_official_tables(ws)
        return None
    fixes = narrative_mismatches(session.report, session.doc.text)
    choice = ask_options(ws.parent, fixes) if ws.interactive else (False, [])
    if choice is None:
        return None
    path = _word_path(ws, TITLE_COPY, "-更正.docx", path)
    if not path:
        return None
    review, chosen = choice
    # the Excel module (openpyxl, which loads numpy when the OCR component is installed) loads
    # only when a copy is written, not with the window: start-up stays as fast with OCR
    from core.xlsx.report import net_changes
    result = files.write_busy(ws, "无法另存更正后的报告", lambda: write_corrected_copy(
        session.path, session.report, net_changes(session.corrections()), path, review=review,
        sentences=chosen, sha256=session.sha256))
    if not result:
        return None
    ws.settings.last_folder = os.path.dirname(path)
    ws.show_message(f"已另存更正后的报告：{path}（改写 {len(result.written)} 格）")
    left = [f.describe() + "。" for f in fixes if f not in result.sentences and f not in chosen]
    lines = result.refusal_lines(session.report.layout)
    if lines or left:
        text = ""
        if lines:
            text += f"有 {len(lines)} 处没有改写，请在 Word 中手工修改：\n" + "\n".join(lines)
        if left:
            text += ("\n\n" if text else "") + "正文中仍与表不一致的数字：\n" + "\n".join(left)
        dialogs.info(ws.parent, TITLE_COPY, text)
    return path


def export_official_tables(ws: Workspace, path: Optional[str] = None) -> Optional[str]:
    """The three official tables with the corrected values, as a Word document to paste from."""
    session = ws.session
    if session is None:
        return None
    path = _word_path(ws, TITLE_TABLES, "-统计表.docx", path)
    if not path:
        return None
    if not files.write_busy(ws, "无法导出官方表格", lambda: write_official_tables(
            session.report, path, sources=[session.path])):
        return None
    ws.settings.last_folder = os.path.dirname(path)
    ws.show_message(f"已导出官方表格：{path}")
    return path


def ask_options(parent, fixes: list[NarrativeFix]) -> Optional[tuple[bool, list[NarrativeFix]]]:
    """(review copy?, the sentence fixes accepted), or None when cancelled."""
    dlg = QDialog(parent)
    dlg.setWindowTitle(TITLE_COPY)
    layout = QVBoxLayout(dlg)
    review = QCheckBox(REVIEW_BOX, dlg)
    layout.addWidget(review)
    offered = [f for f in fixes if f.replacement]
    items = []
    if offered:
        layout.addWidget(QLabel(SENTENCES_HEAD, dlg))
        listing = QListWidget(dlg)
        for fix in offered:
            item = QListWidgetItem(f"“{fix.quote}” → “{fix.replacement}”", listing)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)   # never changed without being asked
            items.append((item, fix))
        layout.addWidget(listing)
    uncertain = [f.describe() + "。" for f in fixes if not f.replacement]
    if uncertain:
        note = QLabel(UNCERTAIN_HEAD + "\n" + "\n".join(uncertain), dlg)
        note.setWordWrap(True)
        layout.addWidget(note)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dlg)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("另存(&S)…")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dlg.accept)
    buttons.rejected.connect(dlg.reject)
    layout.addWidget(buttons)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return review.isChecked(), [fix for item, fix in items
                                if item.checkState() == Qt.CheckState.Checked]
