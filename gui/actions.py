"""Menus, toolbar and shortcuts of the main window, and the recent-files menu."""
from __future__ import annotations

import os

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QStyle, QTextBrowser, QToolBar, QVBoxLayout

from core import __version__

from . import dialogs, files, manual_entry, panes, word_export
from .batch_dialog import BatchDialog
from .resources import resource_path
from .table_zoom import TableZoom
from .workspace import Workspace
from .zoom_bar import ZOOM_STEP, ZoomBar

if TYPE_CHECKING:   # the window builds the actions: a type only, not an import cycle at run time
    from .main_window import MainWindow

CLEAR_RECENT = "\0clear"   # the data of 清除列表 (no file path can hold a NUL)


class Actions:
    """Builds the 文件/编辑/视图/帮助 menus and the toolbar; enables what fits the window's state.

    File work goes through the workspace `ws` (files.py); `win` is where the menus live and the
    window's own slots (open, select, recheck) are called."""

    def __init__(self, win: MainWindow, ws: Workspace):
        self.win, self.ws = win, ws
        self.batch_dialog: Optional[BatchDialog] = None   # the last one opened
        style = win.style()
        sp = QStyle.StandardPixmap
        self.open = self._action("打开…", self.open_dialog, QKeySequence.StandardKey.Open,
                                 style.standardIcon(sp.SP_DialogOpenButton))
        self.save = self._action("保存修改记录", lambda: files.save_project(ws), QKeySequence.StandardKey.Save,
                                 style.standardIcon(sp.SP_DialogSaveButton))
        self.save_as = self._action("修改记录另存为…", lambda: files.save_project(ws, choose=True),
                                    "Ctrl+Shift+S")
        self.export = self._action("导出 Excel…", lambda: files.export_excel(ws), "Ctrl+E",
                                   style.standardIcon(sp.SP_FileDialogDetailedView))
        self.word_copy = self._action("另存更正后的报告…",
                                      lambda: word_export.save_corrected_copy(ws))
        self.word_tables = self._action("导出官方表格…",
                                        lambda: word_export.export_official_tables(ws))
        self.batch_action = self._action("批量处理文件夹…", lambda: self.batch([]), None,
                                         style.standardIcon(sp.SP_DirIcon))
        self.last_year = self._action("与上年报告核对…", lambda: files.choose_last_year(ws))
        self.quit = self._action("退出", win.close, "Ctrl+Q")
        self.undo = ws.stack.createUndoAction(win, "撤销")
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo.setIcon(style.standardIcon(sp.SP_ArrowBack))
        self.redo = ws.stack.createRedoAction(win, "重做")
        self.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo.setIcon(style.standardIcon(sp.SP_ArrowForward))
        # The stack renames these after each step ("撤销 修改 表三 （七）总计 …"): the menu shows
        # that, the toolbar keeps its short icon text (a long label pushed 批量处理 into the
        # toolbar's overflow at 1366 px); the tooltip, left unset, follows the full text.
        self.undo.setIconText("撤销")
        self.redo.setIconText("重做")
        # After the stack's own handler (connected first): show the clerk what came back.
        self.undo.triggered.connect(win.show_undone)
        self.redo.triggered.connect(win.show_redone)
        self.hint = self._action("应用修复建议", self.apply_hint)
        self.recheck = self._action("重新校验", win.recheck, "F5", style.standardIcon(sp.SP_BrowserReload))
        # Ctrl+± / Ctrl+0 act on the pane with the focus, the desktop habit: the page when the
        # page view has it, the tables otherwise (Ctrl+wheel acts on the pane under the mouse).
        self.table_zoom = TableZoom(win.ui.views.values(), ws.settings, win)
        bar = ZoomBar(self.table_zoom, "表格", ("还原", "表格恢复原始大小 100%（Ctrl+0）"), floating=False)
        win.ui.tabs.setCornerWidget(bar, Qt.Corner.TopRightCorner)
        bar.show_zoom(self.table_zoom.zoom)
        self.zoom_in = self._action("放大（表格或原文，视焦点而定）", lambda: self.zoom(larger=True), "Ctrl++")
        self.zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out = self._action("缩小（表格或原文）", lambda: self.zoom(larger=False), "Ctrl+-")
        self.zoom_fit = self._action("原始大小（表格）/ 适应宽度（原文）", self.fit_width, "Ctrl+0")
        self.next_finding = self._action("下一个问题", lambda: win.ui.findings.step(1), "F8")
        self.previous_finding = self._action("上一个问题", lambda: win.ui.findings.step(-1), "Shift+F8")
        self.next_table = self._action("下一张表", lambda: win.switch_table(1), "Ctrl+PgDown")
        self.next_table.setShortcuts([QKeySequence("Ctrl+PgDown"), QKeySequence("Ctrl+Tab")])
        self.previous_table = self._action("上一张表", lambda: win.switch_table(-1), "Ctrl+PgUp")
        self.previous_table.setShortcuts([QKeySequence("Ctrl+PgUp"), QKeySequence("Ctrl+Shift+Tab")])
        self.next_pane = self._action("下一个窗格", lambda: panes.cycle(win, 1), "F6")
        self.previous_pane = self._action("上一个窗格", lambda: panes.cycle(win, -1), "Shift+F6")
        self.wrap = QAction("原文自动换行", win)
        self.wrap.setCheckable(True)
        self.wrap.setChecked(True)
        self.wrap.toggled.connect(win.ui.source.text.set_wrap)
        self.help = self._action("使用说明", self.show_help, QKeySequence.StandardKey.HelpContents)
        self.about = self._action("关于年报通", self.show_about)

        bar = win.menuBar()
        m = bar.addMenu("文件(&F)")
        m.addActions([self.open])
        self.recent_menu = m.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        # One connection on the menu, the path in each action's data: the actions are rebuilt
        # every time the menu opens, and lambdas on deleted senders crash PySide6 6.12.0.
        self.recent_menu.triggered.connect(self._recent_triggered)
        m.addSeparator()
        m.addActions([self.save, self.save_as, self.export, self.word_copy, self.word_tables])
        m.addSeparator()
        m.addAction(self.last_year)
        m.addAction(self.batch_action)
        m.addSeparator()
        m.addAction(self.quit)
        m = bar.addMenu("编辑(&E)")
        m.addActions([self.undo, self.redo])
        m.addSeparator()
        m.addActions([self.hint, self.recheck])
        m.addSeparator()
        m.addActions([self.next_finding, self.previous_finding])
        m.addSeparator()
        manual_entry.add_menu(win, m)   # a scan's empty tables: 2019 or 2021 layout
        m = bar.addMenu("视图(&V)")
        m.addActions([self.next_table, self.previous_table, self.next_pane, self.previous_pane])
        m.addSeparator()
        m.addActions([self.zoom_in, self.zoom_out, self.zoom_fit])
        m.addSeparator()
        m.addAction(self.wrap)
        m = bar.addMenu("帮助(&H)")
        m.addActions([self.help, self.about])

        tb = QToolBar("工具栏")
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addActions([self.open, self.save, self.export])
        tb.addSeparator()
        tb.addActions([self.undo, self.redo, self.recheck])
        tb.addSeparator()
        tb.addAction(self.batch_action)
        win.addToolBar(tb)
        self.toolbar = tb
        self.update()

    def _action(self, text, slot, shortcut=None, icon: QIcon | None = None) -> QAction:
        action = QAction(text, self.win)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        def run(_checked: bool = False) -> None:
            slot()   # slots return nothing: a returned bool costs a reference on PySide6 6.12.0
        action.triggered.connect(run)
        return action

    def update(self) -> None:
        s = self.ws.session
        for a in (self.save, self.save_as, self.export, self.word_copy, self.word_tables,
                  self.recheck):
            a.setEnabled(s is not None)
        self.hint.setEnabled(s is not None and s.hint() is not None)
        is_pdf = s is not None and s.doc.format in ("pdf", "image")
        self.wrap.setEnabled(s is not None and not is_pdf)

    # ---- handlers
    def open_dialog(self) -> None:
        path = dialogs.open_file(self.win, self.ws.settings.last_folder)
        if path:
            self.win.open_path(path)

    def fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.ws.settings.recent_files()
        for i, path in enumerate(recent, 1):
            action = menu.addAction(f"&{i % 10} {os.path.basename(path)}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
        if not recent:
            menu.addAction("（无）").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("清除列表").setData(CLEAR_RECENT)

    def _recent_triggered(self, action) -> None:
        path = action.data()
        if path == CLEAR_RECENT:
            self.ws.settings.clear_recent()
        elif isinstance(path, str) and path:
            self.open_recent(path)

    def open_recent(self, path: str) -> None:
        if not os.path.exists(path):
            self.ws.settings.remove_recent(path)
            dialogs.error(self.win, "找不到文件", f"文件已被移动或删除：\n{path}")
            return
        self.win.open_path(path)

    def apply_hint(self) -> None:
        s = self.ws.session
        hint = s.hint() if s else None
        if hint:
            self.win.apply_hint(hint)

    def zoomed(self):
        """What Ctrl+± acts on: the page view when it has the focus, else the tables."""
        pdf = self.win.ui.source.pdf
        focus = QApplication.focusWidget()
        on_page = pdf.isVisible() and focus is not None and (focus is pdf or pdf.isAncestorOf(focus))
        return pdf if on_page else self.table_zoom

    def fit_width(self) -> None:
        self.zoomed().fit()

    def zoom(self, larger: bool) -> None:
        self.zoomed().step_zoom(ZOOM_STEP if larger else 1 / ZOOM_STEP)

    def batch(self, inputs: list[str]) -> None:
        # open(), not exec(): window-modal without a nested event loop (drops call this too).
        self.batch_dialog = BatchDialog(self.ws.settings, inputs, self.win)
        self.batch_dialog.open()

    def show_help(self) -> None:
        dlg = QDialog(self.win)
        dlg.setWindowTitle("年报通 使用说明")
        dlg.resize(720, 640)
        browser = QTextBrowser(dlg)
        browser.setOpenExternalLinks(False)   # offline tool: nothing in the help leaves the machine
        path = resource_path("help", "index.html")
        if os.path.exists(path):
            browser.setSource(QUrl.fromLocalFile(path))
        else:
            browser.setPlainText("找不到帮助文件。")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)   # and Esc
        buttons.rejected.connect(dlg.reject)
        box = QVBoxLayout(dlg)
        box.addWidget(browser)
        box.addWidget(buttons)
        dlg.exec()

    def show_about(self) -> None:
        dialogs.info(self.win, "关于年报通",
                     f"年报通 {__version__}\n\n读取政府信息公开工作年度报告，识别统计表二、三、四，"
                     "核对勾稽关系，修改后导出 Excel。\n全程离线运行，不联网。")
