"""The main window: the source on the left, 表二/三/四 and the findings on the right, a status line."""
from __future__ import annotations

import os
import sys
from typing import Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QMainWindow, QProgressBar, QProgressDialog

from core import schema
from core.corrections import PROJECT_SUFFIX, ProjectFileError
from core.model import Severity

from . import dialogs, files, screen_fit, window_layout
from .actions import Actions
from .commands import SetCellsCommand, changes
from .session import Loaded, Session
from .settings import Settings
from .table_view import CellTableView
from .workers import LoadWorker
from .workspace import Workspace

APP_NAME = "年报通"
LAYOUT_NAMES = {"2019": "2019 版", "2021": "2021 版"}


class MainWindow(QMainWindow):
    """Holds at most one open report (a Session); every edit goes through `stack`."""

    loaded = Signal()          # a report is shown (tests and --screenshot wait for it)
    load_failed = Signal(str)  # the Chinese message shown

    def __init__(self, settings: Optional[Settings] = None, interactive: bool = True):
        super().__init__()
        self.settings = settings or Settings()
        self.interactive = interactive   # False for --screenshot: never ask anything
        self.worker: Optional[LoadWorker] = None
        self.progress: Optional[QProgressDialog] = None
        self.pending_project = None      # a ProjectLoad to replay once its source is read
        self._switch_interval = sys.getswitchinterval()
        self.stack = QUndoStack(self)
        self.stack.cleanChanged.connect(self._update_title)
        self.stack.indexChanged.connect(self._edited)
        self.autosave_timer = QTimer(self, singleShot=True, interval=1000)
        self.autosave_timer.timeout.connect(self._autosave)
        self.setAcceptDrops(True)
        self.ws = Workspace(self, self.settings, self.stack, interactive,
                            show_message=self.show_message, fail=self.fail)
        self.ui = window_layout.build(self)
        self._connect_widgets()
        self.menu_actions = Actions(self, self.ws)
        self._update_title()
        self._update_status()
        screen_fit.place(self, self.settings.geometry(self.screen_name()) if interactive else None)
        saved = self.settings.splitters() if interactive else []   # screenshots: always alike
        if len(saved) == 2:   # where the clerk last put the dividers
            self.ui.splitter.restoreState(saved[0])
            self.ui.right_splitter.restoreState(saved[1])

    def _connect_widgets(self) -> None:
        ui = self.ui
        ui.source.cell_clicked.connect(self.select_key)
        for model, view in zip(ui.models.values(), ui.views.values()):
            model.input_refused.connect(self.show_message)
            view.key_selected.connect(self._cell_selected)
            view.message.connect(self.show_message)
        ui.findings.activated.connect(self.select_finding)
        ui.findings.apply_hint.connect(self.apply_hint)
        ui.findings.propose = lambda finding: self.session.proposals(finding) if self.session else []

    @property
    def session(self) -> Optional[Session]:
        """The open report (kept in the workspace, which files.py and actions.py share)."""
        return self.ws.session

    # ---- opening
    def start(self, path: Optional[str] = None) -> None:
        """What the app does once its window is up: open the file it was given, or else offer
        the corrections a crashed session left unsaved."""
        path = path or files.offer_startup_recovery(self.ws)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open a report, or a project file (its source is read, then its corrections replayed)."""
        if self.worker is not None:
            self.show_message("正在读取另一个文件，请稍候或先取消。")
            return
        if not self.maybe_save():
            return
        path = os.path.abspath(path)
        self.pending_project = None
        if path.endswith(PROJECT_SUFFIX):
            try:
                opened = files.open_project_file(path)
            except ProjectFileError as exc:
                self.fail(path, exc.message, exc.detail)
                return
            if opened.source_path is None:
                self.fail(path, opened.message)
                return
            self.pending_project = opened
            self._start_load(opened.source_path)
        else:
            self._start_load(path)

    def _start_load(self, path: str) -> None:
        self.worker = LoadWorker(path, self)
        # Bound methods only, never lambdas: PySide6 6.12.0 crashes (in ~QObject) when a sender
        # with lambda receivers is deleted later; seen on the batch dialog's worker, 1 run in 3.
        self.worker.loaded.connect(self._on_loaded)
        self.worker.failed.connect(self._load_failed)
        self.worker.cancelled.connect(self._load_cancelled)
        self.worker.finished.connect(self._load_done)
        dlg = QProgressDialog(f"正在读取「{os.path.basename(path)}」…", "取消", 0, 0, self)
        dlg.setWindowTitle(APP_NAME)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        # Our own bar, fed directly: QProgressDialog.setValue on a modal dialog runs a nested
        # event loop, which an asynchronous load does not need (and which reorders its signals).
        bar = QProgressBar(dlg)
        dlg.setBar(bar)
        dlg.setMinimumDuration(1_000_000)
        dlg.canceled.connect(self.worker.cancel)
        self.worker.progress.connect(self._progress_bar_update)
        self.progress = dlg
        # Shown only for a long load: a TXT opens faster than a dialog could be read.
        QTimer.singleShot(400, self._show_progress)
        self.statusBar().showMessage(f"正在读取 {os.path.basename(path)} …")
        # While the reader runs Python on its thread, every paint here needs the GIL back many
        # times; at the default 5 ms hand-over a repaint stalled 300+ ms. 0.5 ms keeps it smooth.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, 0.0005))
        self.worker.start()

    def _show_progress(self) -> None:
        if self.progress is not None and self.worker is not None:
            self.progress.show()

    def _progress_bar_update(self, done: int, total: int) -> None:
        if self.progress is not None:
            bar = self.progress.findChild(QProgressBar)
            bar.setMaximum(total)
            bar.setValue(done)

    def _load_failed(self, message: str, detail: str) -> None:
        self.fail(self.worker.path if self.worker is not None else "", message, detail)

    def _load_cancelled(self) -> None:
        self.show_message("已取消打开。")

    def cancel_load(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _load_done(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        if self.progress is not None:
            self.progress.hide()   # not close(): QProgressDialog's close means "cancel"
            self.progress.deleteLater()
            self.progress = None
        if self.worker is not None:
            # `finished` comes from the thread just before it ends: wait for the end before
            # the QThread object may be deleted (deleting a running QThread crashes).
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        self.pending_project = None

    def fail(self, path: str, message: str, detail: str = "") -> None:
        """A core error (corrupt, scanned, …): one plain message; whatever was open stays open."""
        self.statusBar().showMessage(message, 10000)
        self.load_failed.emit(message)
        if self.interactive:
            dialogs.error(self, f"无法打开「{os.path.basename(path)}」", message, detail)

    def _on_loaded(self, loaded: Loaded) -> None:
        # In two event-loop passes (tables, then source and selection), each painted before the
        # next starts: no single turn keeps the UI busy for 100 ms (scripts/bench_gui.py).
        self.stack.clear()
        self.autosave_timer.stop()   # the clear above is not an edit of the new report
        old = self.session
        self.ws.session = Session(loaded, self.stack, self)
        self.session.findings_changed.connect(self._findings_changed)
        for table, model in self.ui.models.items():
            model.set_session(self.session)
            self.ui.notes[table].setVisible(table in loaded.report.missing_tables)
        if old is not None:
            old.deleteLater()
        self.menu_actions.update()
        self._findings_changed()
        self._update_title()
        pending, session = self.pending_project, self.session
        QTimer.singleShot(15, lambda: self._show_source(session, pending))

    def _show_source(self, session: Session, pending) -> None:
        if self.session is not session:
            return   # another file was opened in between
        self.ui.source.load(session.path, session.doc, session.report)
        recent = session.path
        if pending is not None:
            recent = pending.path
            files.replay_project(self.ws, pending)
        else:
            files.offer_recovery(self.ws)
        if self.interactive:   # a --screenshot run leaves the clerk's settings alone
            self.settings.add_recent(recent)
            self.settings.last_folder = os.path.dirname(recent)
        self.show_message(f"已打开 {session.path}")
        self._select_first()
        self.loaded.emit()

    def _select_first(self) -> None:
        """Start where attention is needed: the first failing cell, else the first cell read."""
        s = self.session
        errors = [f for f in s.report.findings if f.severity is Severity.ERROR and f.cells]
        key = errors[0].cells[0] if errors else next(iter(s.report.provenance), None)
        if key:
            self.select_key(key)

    # ---- selection between tables, source and findings
    def view_of(self, key: str) -> CellTableView:
        return self.ui.views[schema.table_of(key)]

    def select_key(self, key: str) -> None:
        self.select_keys([key])

    def select_keys(self, keys, current: Optional[str] = None) -> None:
        keys = [k for k in keys if schema.table_of(k) in self.ui.views]
        if not keys or self.session is None:
            return
        table = schema.table_of(current or keys[0])
        self.ui.tabs.setCurrentIndex(list(self.ui.views).index(table))
        view = self.ui.views[table]
        view.select_keys([k for k in keys if schema.table_of(k) == table], current)
        view.setFocus()

    def _cell_selected(self, key: str) -> None:
        if not self.ui.source.show_key(key):
            self.show_message(f"{schema.cell_label(self.session.layout, key)}：原文中没有找到此格的位置。")
        else:
            self.show_message(schema.cell_label(self.session.layout, key))

    def select_finding(self, finding) -> None:
        if finding.cells:
            self.select_keys(list(finding.cells))
        else:
            self.show_message(finding.message)

    # ---- edits
    def switch_table(self, step: int) -> None:
        """Ctrl+PgDn/PgUp (and Ctrl+Tab): the next table, its own current cell kept and lit."""
        tabs = self.ui.tabs
        i = (tabs.currentIndex() + step) % tabs.count()
        tabs.setCurrentIndex(i)
        view = list(self.ui.views.values())[i]
        view.setFocus()
        key = view.model().key_at(view.currentIndex()) if self.session is not None else None
        if key:
            self._cell_selected(key)

    def apply_hint(self, hint: dict) -> None:
        if self.session is None:
            return
        # a repair hint sets one cell; a chosen cut of run-together digits fills a row
        values = hint.get("cells") or {hint["key"]: hint["value"]}
        note = hint.get("note") or ("按所选拆分填入" if "cells" in hint else "按校验建议修改")
        corrs = changes(self.session, values, note=note)
        if corrs:
            self.stack.push(SetCellsCommand(self.session, corrs, "应用建议：" + hint.get("label", hint["key"])))
        self.select_key(hint["key"])

    def show_undone(self, _checked: bool = False) -> None:
        """Ctrl+Z: select the cells the undone step changed (their source is lit, as Excel does)."""
        self._select_step(self.stack.index())

    def show_redone(self, _checked: bool = False) -> None:
        self._select_step(self.stack.index() - 1)

    def _select_step(self, index: int) -> None:
        command = self.stack.command(index) if 0 <= index < self.stack.count() else None
        keys = [c.key for c in getattr(command, "corrections", ())]
        if keys and self.session is not None:
            self.select_keys(keys)
            self.show_message(("已撤销：" if index == self.stack.index() else "已重做：") + command.text())

    def recheck(self) -> None:
        if self.session is not None:
            self.session.recheck()
            self.show_message("已重新校验。")

    def _autosave(self) -> None:
        files.autosave(self.ws)

    def _edited(self, _index: int = 0) -> None:
        if self.session is not None:
            self.autosave_timer.start()   # debounced: one write a second at most while typing

    def _findings_changed(self) -> None:
        s = self.session
        if s is None:
            return
        self.ui.findings.set_findings(s.findings(), s.layout, s.hint())
        per_table = {t: 0 for t in schema.TABLES}
        for f in s.report.findings:
            if f.severity is Severity.ERROR and f.cells:
                per_table[schema.table_of(f.cells[0])] += 1
        for i, table in enumerate(schema.TABLES):
            n = per_table[table]
            self.ui.tabs.setTabText(i, schema.TABLE_SHORT[table] + (f" · {n} 处错误" if n else ""))
        self._update_status()
        self.menu_actions.update()

    # ---- status and title
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _update_title(self, *_args) -> None:
        name = self.session.name if self.session else ""
        self.setWindowTitle(f"{name}[*] — {APP_NAME}" if name else APP_NAME)
        self.setWindowModified(self.session is not None and not self.stack.isClean())

    def _update_status(self) -> None:
        s = self.session
        if s is None:
            self.ui.status_label.setText("未打开报告")
            return
        r = s.report
        errors, warnings = s.counts()
        parts = [f"文件：{s.name}", f"机关：{r.agency or '未识别'}",
                 f"年度：{r.year or '未识别'}", f"版式：{LAYOUT_NAMES.get(r.layout, r.layout)}",
                 f"错误 {errors}", f"警告 {warnings}"]
        self.ui.status_label.setText("　｜　".join(parts))

    # ---- closing and dropping
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current report (saved, discarded, or nothing to lose)."""
        if self.session is None or self.stack.isClean():
            return True
        if not self.interactive:
            return True
        if self.session.exported_at == self.stack.index():   # the workbook holds every correction
            files.remove_autosave(self.ws)
            return True
        answer = dialogs.ask_save(self, self.session.name)
        if answer == dialogs.SAVE:
            return files.save_project(self.ws)
        if answer == dialogs.DISCARD:
            files.remove_autosave(self.ws)
            return True
        return False

    def closeEvent(self, event) -> None:
        batch = self.menu_actions.batch_dialog
        if batch is not None and batch.running():
            if self.interactive and not dialogs.ask_yes_no(
                    self, "批量处理", "批量处理还没有完成，退出将取消它（汇总表不会写出）。\n是否退出？",
                    yes="退出(&Q)", no="继续处理(&C)"):
                event.ignore()
                return
            batch.stop()   # never leave its thread running while the window goes
        if not self.maybe_save():
            event.ignore()
            return
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(5000)
        self.autosave_timer.stop()
        if self.session is not None and self.stack.isClean() and self.interactive:
            files.remove_autosave(self.ws)   # (--screenshot keeps a crashed session's autosave)
        self.ui.source.pdf.close_pdf()
        if self.interactive:
            self.settings.save_window(self.screen_name(), self.saveGeometry(), self.saveState(),
                                      (self.ui.splitter.saveState(),
                                       self.ui.right_splitter.saveState()))
        event.accept()

    def screen_name(self) -> str:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen_fit.screen_key(screen)

    def dragEnterEvent(self, event) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        if len(paths) == 1 and os.path.isfile(paths[0]):
            # Queued: a modal question inside the drop handler would freeze the drag source.
            QTimer.singleShot(0, lambda: self.open_path(paths[0]))
        else:
            QTimer.singleShot(0, lambda: self.menu_actions.batch(paths))
