"""The batch dialog: every report in a folder into one summary workbook, with progress and cancel."""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout)

from . import dialogs
from .workers import BatchWorker


class BatchDialog(QDialog):
    """Choose a folder (or take dropped files) and a summary path; run core.batch off the UI thread."""

    def __init__(self, settings, inputs: Optional[list[str]] = None, parent=None, workers: Optional[int] = None):
        super().__init__(parent)
        self.settings = settings
        self.workers = workers
        self.worker: Optional[BatchWorker] = None
        self.result = None
        self.out_path: Optional[str] = None
        self.setWindowTitle("批量处理")
        self.resize(640, 420)
        self.inputs = list(inputs or [])
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText("含报告文件的文件夹")
        if len(self.inputs) == 1:
            self.folder_edit.setText(self.inputs[0])
        elif self.inputs:
            self.folder_edit.setText(f"拖入的 {len(self.inputs)} 个文件/文件夹")
            self.folder_edit.setReadOnly(True)
        self.folder_edit.textEdited.connect(self._folder_typed)
        browse = QPushButton("选择(&B)…")
        browse.clicked.connect(self._choose_folder)
        self.out_edit = QLineEdit(self._default_out())
        self.out_chosen = False          # the clerk picked the summary path: it no longer follows
        self.out_edit.textEdited.connect(self._out_typed)
        out_browse = QPushButton("另存为(&A)…")
        out_browse.clicked.connect(self._choose_out)
        form = QGridLayout()
        form.addWidget(_buddy("报告文件夹(&D)：", self.folder_edit), 0, 0)
        form.addWidget(self.folder_edit, 0, 1)
        form.addWidget(browse, 0, 2)
        form.addWidget(_buddy("汇总表(&T)：", self.out_edit), 1, 0)
        form.addWidget(self.out_edit, 1, 1)
        form.addWidget(out_browse, 1, 2)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("尚未开始")   # not "0 / 100": nothing is counted before a run
        self.state = QLabel("选择文件夹后点「开始」。子文件夹中的报告也会一并处理。")
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.open_summary_button = self.buttons.addButton("打开汇总表(&O)", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_summary_button.clicked.connect(self.open_summary)
        self.open_folder_button = self.buttons.addButton("打开所在文件夹(&F)", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.clicked.connect(self.open_folder)
        for button in (self.open_summary_button, self.open_folder_button):
            button.hide()   # shown once a summary is written
        self.start_button = self.buttons.addButton("开始处理(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.bar)
        box.addWidget(self.state)
        box.addWidget(self.log, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.buttons)
        box.addLayout(row)

    def _default_out(self) -> str:
        base = self.inputs[0] if self.inputs else self.settings.last_folder
        folder = base if os.path.isdir(base) else os.path.dirname(base)
        return os.path.join(folder or os.path.expanduser("~"), "年报汇总.xlsx")

    def _choose_folder(self) -> None:
        folder = dialogs.choose_folder(self, "选择报告文件夹", self.settings.last_folder)
        if folder:
            self.inputs = [folder]
            self.folder_edit.setReadOnly(False)
            self.folder_edit.setText(folder)
            self._folder_typed(folder)

    def _folder_typed(self, text: str) -> None:
        """The summary goes into the folder being read, until the clerk picks its path."""
        folder = text.strip()
        if folder and not self.out_chosen:
            self.out_edit.setText(os.path.join(folder, "年报汇总.xlsx"))

    def _out_typed(self, _text: str) -> None:
        self.out_chosen = True

    def _choose_out(self) -> None:
        path = dialogs.save_file(self, "汇总表保存为", self.out_edit.text(), dialogs.EXCEL_FILTER)
        if path:
            self.out_edit.setText(path)
            self.out_chosen = True

    # ---- running
    def start(self) -> None:
        if self.worker is not None:
            return
        if not self.folder_edit.isReadOnly():
            self.inputs = [self.folder_edit.text().strip()] if self.folder_edit.text().strip() else []
        out = self.out_edit.text().strip()
        if not self.inputs or not all(os.path.exists(p) for p in self.inputs):
            self.state.setText("请先选择一个存在的文件夹。")
            return
        if not out.lower().endswith(".xlsx"):
            out += ".xlsx"
            self.out_edit.setText(out)
        if os.path.exists(out) and not dialogs.ask_yes_no(
                self, "批量处理", f"汇总表「{os.path.basename(out)}」已存在。\n是否替换它？",
                yes="替换(&R)", no="不替换(&N)"):
            self.state.setText("没有替换已有的汇总表：请换一个汇总表文件名。")
            return
        self.log.clear()
        self.result = None
        for button in (self.open_summary_button, self.open_folder_button):
            button.hide()
        self.bar.setRange(0, 0)          # busy until the files are counted
        self.bar.setFormat("%v / %m 份")
        self.cancel_button.setText("停止处理")
        self.worker = BatchWorker(self.inputs, out, self.workers, self)
        # Bound methods, not lambdas: see MainWindow._start_load (PySide6 6.12.0 crash).
        self.worker.progress.connect(self._progress)
        self.worker.finished_batch.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.worker.finished.connect(self._thread_finished)
        self.start_button.setEnabled(False)
        self.state.setText("正在处理…")
        self.worker.start()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        self.state.setText(f"已处理 {done} / {total} 份")

    def _done(self, result, out_path: str) -> None:
        self.result = result
        self.settings.last_folder = os.path.dirname(out_path)
        for f in result.failures:
            self.log.appendPlainText(f"未能读取：{os.path.basename(f['path'])} — {f['reason']}")
        self.out_path = out_path
        for button in (self.open_summary_button, self.open_folder_button):
            button.show()
        self._ended(f"完成：{len(result.reports)} 份已汇总，{len(result.failures)} 份未能读取，"
                    f"用时 {result.seconds:.1f} 秒。\n汇总表：{out_path}")

    def open_summary(self) -> None:
        """The summary workbook in the program the system opens .xlsx with."""
        if self.out_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.abspath(self.out_path)))

    def open_folder(self) -> None:
        """The summary's folder in the system's file manager (a local path: nothing leaves the PC)."""
        if self.out_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(os.path.abspath(self.out_path))))

    def running(self) -> bool:
        return self.worker is not None

    def stop(self) -> None:
        """Cancel a running batch and wait for its thread (the main window is closing)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(10000)

    def _failed(self, msg: str, _detail: str) -> None:
        self._ended(f"未完成：{msg}")

    def _cancelled(self) -> None:
        self._ended("已取消，未写汇总表。")

    def _ended(self, text: str) -> None:
        self.state.setText(text)
        self.cancel_button.setText("关闭")
        if self.bar.maximum() == 0:      # ended before anything was counted
            self.bar.setRange(0, 1)
            self.bar.setFormat("未完成")

    def _thread_finished(self) -> None:
        self.worker.wait()   # `finished` is sent just before the thread ends; deleting it earlier crashes
        self.worker.deleteLater()
        self.worker = None
        self.start_button.setEnabled(True)

    def _cancel_or_close(self) -> None:
        if self.worker is not None:
            self.state.setText("正在取消…")
            self.worker.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        # Esc or the window's close button while running: stop the batch first, never orphan it.
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(10000)
        super().reject()


def _buddy(text: str, field) -> QLabel:
    """A field's label whose Alt mnemonic puts the cursor in the field."""
    label = QLabel(text)
    label.setBuddy(field)
    return label
