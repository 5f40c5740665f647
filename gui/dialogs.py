"""Every modal question and message of the app in one place, worded in Chinese (tests replace these)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.readers import OPENABLE

REPORT_FILTER = (f"年度报告 ({' '.join('*' + s for s in OPENABLE)});;修改记录 (*.nianbao.json);;"
                 "所有文件 (*)")
PROJECT_FILTER = "年报通修改记录 (*.nianbao.json)"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"

# Every box works from the keyboard: Tab / Shift+Tab reach each button (QPushButton's own focus),
# Enter presses the default (the first worded button), Esc the cancelling one, and the worded
# buttons carry an Alt mnemonic, 保存(&S) as Chinese software writes it.


def error(parent: Optional[QWidget], title: str, message: str, detail: str = "") -> None:
    """A plain message: what went wrong and what to do. The technical detail stays folded."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    if detail:
        box.setDetailedText(detail)
    box.exec()


def info(parent: Optional[QWidget], title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    box.exec()


def ask_save(parent: Optional[QWidget], name: str) -> str:
    """保存 / 不保存 / 取消 before the corrections of `name` would be lost."""
    chosen = _choose(parent, QMessageBox.Icon.Question, "保存修改",
                     f"「{name}」有尚未保存的修改。\n是否在关闭前保存修改记录？",
                     [("保存(&S)", QMessageBox.ButtonRole.AcceptRole),
                      ("不保存(&N)", QMessageBox.ButtonRole.DestructiveRole),
                      ("取消", QMessageBox.ButtonRole.RejectRole)])
    return (SAVE, DISCARD, CANCEL)[chosen]


def _choose(parent, icon, title: str, text: str, buttons: list) -> int:
    """A message box with worded buttons (the first is the default); which one was clicked,
    the last one (the cancel) when the box was closed otherwise."""
    box = QMessageBox(icon, title, text, parent=parent)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[0])
    box.setEscapeButton(made[-1])
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else len(made) - 1


def ask_yes_no(parent: Optional[QWidget], title: str, message: str, yes: str = "是(&Y)",
               no: str = "否(&N)") -> bool:
    """Yes (the default, Enter) or no (Esc, or the box closed)."""
    return _choose(parent, QMessageBox.Icon.Question, title, message,
                   [(yes, QMessageBox.ButtonRole.YesRole), (no, QMessageBox.ButtonRole.NoRole)]) == 0


def open_file(parent: Optional[QWidget], folder: str) -> Optional[str]:
    path, _ = QFileDialog.getOpenFileName(parent, "打开报告或修改记录", folder, REPORT_FILTER)
    return path or None


def save_file(parent: Optional[QWidget], title: str, default: str, filter_: str) -> Optional[str]:
    path, _ = QFileDialog.getSaveFileName(parent, title, default, filter_)
    return path or None


def choose_folder(parent: Optional[QWidget], title: str, folder: str) -> Optional[str]:
    path = QFileDialog.getExistingDirectory(parent, title, folder)
    return path or None


OPEN_FILE, OPEN_FOLDER = "file", "folder"


def export_done(parent: Optional[QWidget], path: str, errors: int, warnings: int) -> Optional[str]:
    """After an export: where it went, what is left to check, and 打开文件 / 打开所在文件夹 / 关闭."""
    left = (f"表中仍有 {errors} 个错误、{warnings} 个警告，已在工作簿中标出，请核对后再上报。"
            if errors else f"勾稽关系全部成立（{warnings} 个警告，已在工作簿中标出）。")
    chosen = _choose(parent, QMessageBox.Icon.Warning if errors else QMessageBox.Icon.Information,
                     "导出 Excel", f"已导出：{path}\n\n{left}",
                     [("打开文件(&O)", QMessageBox.ButtonRole.AcceptRole),
                      ("打开所在文件夹(&F)", QMessageBox.ButtonRole.ActionRole),
                      ("关闭", QMessageBox.ButtonRole.RejectRole)])
    return (OPEN_FILE, OPEN_FOLDER, None)[chosen]
