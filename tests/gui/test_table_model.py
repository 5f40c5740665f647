"""The official-table models: the printed grids hold every cell once, roles, setData as a command."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from core import schema
from core.pipeline import open_report
from gui import session as S
from core.table_grid import VALUE, build
from gui.table_model import CellKeyRole, CellLookRole, OfficialTableModel, parse_input

from gui_fixtures import DALAN, DONGJIA


@pytest.mark.parametrize("layout", schema.LAYOUTS)
def test_grids_hold_every_cell_once(layout):
    keys = []
    for table in schema.TABLES:
        grid = build(layout, table)
        keys += [b.key for b in grid.value_blocks()]
        covered = {}
        for b in grid.blocks:   # no two blocks overlap, none leaves the grid
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    assert 0 <= r < grid.rows and 0 <= c < grid.cols
                    assert (r, c) not in covered, (b, covered.get((r, c)))
                    covered[(r, c)] = b
    assert sorted(keys) == sorted(schema.cell_keys(layout))


def _session(path, qapp):
    doc, report = open_report(str(path))
    return S.Session(S.Loaded(str(path), doc, report, "0" * 64), QUndoStack())


@pytest.mark.parametrize("path", [DONGJIA, DALAN], ids=["2019", "2021"])
@pytest.mark.parametrize("table", schema.TABLES)
def test_qtmodeltester(qtmodeltester, qapp, path, table):
    model = OfficialTableModel(table)
    model.set_session(_session(path, qapp))
    qtmodeltester.check(model, force_py=True)


def test_roles_and_looks(qapp):
    session = _session(DONGJIA, qapp)
    model = OfficialTableModel("requests")
    model.set_session(session)
    idx = model.index_of("requests.new.natural")
    assert idx.data(CellKeyRole) == "requests.new.natural"
    assert idx.data(Qt.ItemDataRole.DisplayRole) == "1"
    assert idx.data(CellLookRole) == 0
    assert model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert "来源" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert idx.data(Qt.ItemDataRole.UserRole + 99) is None
    label = model.index(3, 0)   # 一、本年新收… spans the label columns
    assert label.data() == "一、本年新收政府信息公开申请数量"
    assert not model.flags(label) & Qt.ItemFlag.ItemIsEditable
    covered = model.index(3, 1)
    assert covered.data() is None

    changed = []
    session.cells_changed.connect(changed.append)
    assert model.setData(idx, "2")
    assert session.value("requests.new.natural") == 2
    assert session.stack.count() == 1
    look = idx.data(CellLookRole)
    assert look & S.CORRECTED and look & S.ERROR
    # Only the edited cell and those whose look changed are repainted, not the whole table.
    assert "requests.new.natural" in changed[-1] and len(changed[-1]) < 30
    assert model.setData(idx, "") and session.value("requests.new.natural") is None
    assert idx.data(CellLookRole) & S.EMPTY
    assert not model.setData(idx, "abc")
    session.stack.undo()
    session.stack.undo()
    assert session.value("requests.new.natural") == 1 and idx.data(CellLookRole) == 0


@pytest.mark.parametrize("text, value", [
    ("12", 12), ("1,234", 1234), ("１２", 12), (" 7 ", 7), ("", None), ("—", None), ("/", None),
    ("-3", -3), ("2.5", 2.5), ("3.0", 3.0), ("abc", ValueError), ("12件", 12),
])
def test_parse_input(text, value):
    got = parse_input(text)
    assert got == value and type(got) is type(value) if value is not ValueError else got is ValueError


def test_grid_shape_2021_active():
    grid = build("2021", "active")
    b = grid.anchor(*grid.where["active.licensing.decisions"])
    assert b.kind == VALUE and b.colspan == 3   # one number under the three value columns


def test_tooltips_name_the_source_place_in_words():
    from core.model import SourceRef
    from core.checks.messages import source_place
    assert source_place(SourceRef(0, 1, page=2, bbox=(0, 0, 1, 1))) == "第 3 页"
    assert source_place(SourceRef(5, 6, table=1, row=3, col=2)) == "原文第 2 个表格，第 4 行第 3 列"
    assert source_place(SourceRef(41, 43)) == "原文第 42 个字处"
