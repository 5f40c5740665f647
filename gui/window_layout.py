"""The main window's widgets and how they sit: source | (tabs 表二/三/四, legend) over findings, status line."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from core import schema

from .findings_view import FindingsView
from .legend import Legend
from .source_view import SourceView
from .table_model import OfficialTableModel
from .table_view import CellTableView


def build(win) -> None:
    """Create the widgets as attributes of `win` (a MainWindow) and connect them to its slots."""
    win.source = SourceView()
    win.source.cell_clicked.connect(win.select_key)
    win.tabs = QTabWidget()
    win.models, win.views, win.notes = {}, {}, {}
    for table in schema.TABLES:
        model = OfficialTableModel(table, win)
        model.input_error = win.show_message
        view = CellTableView()
        view.setModel(model)
        view.key_selected.connect(win._cell_selected)
        view.message.connect(win.show_message)
        title = QLabel(schema.TABLE_TITLES[table])
        title.setStyleSheet("font-weight: bold; font-size: 14px; padding: 2px;")
        note = QLabel("报告中未找到此表：各格为空白，可手工填写。")
        note.setStyleSheet("color: #a15c00; padding: 2px;")
        note.hide()
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(title)
        box.addWidget(note)
        box.addWidget(view, 1)
        win.tabs.addTab(page, schema.TABLE_SHORT[table])
        win.models[table], win.views[table], win.notes[table] = model, view, note
    win.legend = Legend()
    win.findings = FindingsView()
    win.findings.activated.connect(win.select_finding)
    win.findings.apply_hint.connect(win.apply_hint)
    upper = QWidget()
    box = QVBoxLayout(upper)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(win.tabs, 1)
    box.addWidget(win.legend)
    right = win.right_splitter = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(upper)
    right.addWidget(win.findings)
    right.setStretchFactor(0, 4)
    right.setStretchFactor(1, 1)
    right.setSizes([640, 170])
    win.splitter = QSplitter(Qt.Orientation.Horizontal)
    win.splitter.addWidget(win.source)
    win.splitter.addWidget(right)
    win.splitter.setStretchFactor(0, 4)
    win.splitter.setStretchFactor(1, 5)
    win.splitter.setSizes([620, 880])
    win.setCentralWidget(win.splitter)
    win.status_label = QLabel()
    win.statusBar().addPermanentWidget(win.status_label)
