"""The main window's widgets and how they sit: source | (tabs 表二/三/四, legend) over findings, status line."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from core import schema

from .findings_view import FindingsView
from .legend import Legend
from .source_view import SourceView
from .table_model import OfficialTableModel
from .table_view import CellTableView


@dataclass(eq=False)
class Widgets:
    """The window's parts (as Qt Designer's `ui`); the window connects their signals itself."""

    source: SourceView
    tabs: QTabWidget
    models: dict[str, OfficialTableModel]   # by table key (schema.TABLES)
    views: dict[str, CellTableView]
    notes: dict[str, QLabel]                # "报告中未找到此表" above a table
    legend: Legend
    findings: FindingsView
    splitter: QSplitter                     # source | right side
    right_splitter: QSplitter               # tables over findings
    status_label: QLabel


def build(win: QMainWindow) -> Widgets:
    """Create the widgets inside `win` and lay them out; returns them."""
    source = SourceView()
    tabs = QTabWidget()
    models, views, notes = {}, {}, {}
    for table in schema.TABLES:
        model = OfficialTableModel(table, win)
        view = CellTableView()
        view.setModel(model)
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
        tabs.addTab(page, schema.TABLE_SHORT[table])
        models[table], views[table], notes[table] = model, view, note
    legend = Legend()
    findings = FindingsView()
    upper = QWidget()
    box = QVBoxLayout(upper)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(tabs, 1)
    box.addWidget(legend)
    right = _split(Qt.Orientation.Vertical, (upper, 4, 640), (findings, 1, 170))
    splitter = _split(Qt.Orientation.Horizontal, (source, 4, 620), (right, 5, 880))
    win.setCentralWidget(splitter)
    status_label = QLabel()
    win.statusBar().addPermanentWidget(status_label)
    return Widgets(source, tabs, models, views, notes, legend, findings, splitter, right,
                   status_label)


def _split(orientation: Qt.Orientation, *parts: tuple[QWidget, int, int]) -> QSplitter:
    """A splitter of (widget, stretch, initial size) parts."""
    splitter = QSplitter(orientation)
    for i, (widget, stretch, _) in enumerate(parts):
        splitter.addWidget(widget)
        splitter.setStretchFactor(i, stretch)
    splitter.setSizes([size for *_, size in parts])
    return splitter
