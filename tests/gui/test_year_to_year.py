"""Year to year in the app: last year's report beside the file (or chosen) gives 跨年核对 findings."""
from __future__ import annotations

from core import schema
from gui_fixtures import DALAN


def two_years(folder, carry_forward: int):
    """This year's report and last year's (the same text a year earlier, one 结转 number changed)."""
    text = DALAN.read_text(encoding="utf-8")
    this_year = folder / "大岚镇-2021.txt"
    this_year.write_text(text, encoding="utf-8")
    last = text.replace("2021", "2020")
    (folder / "大岚镇-2020.txt").write_text(last, encoding="utf-8")
    return this_year


def test_last_years_report_beside_the_file_is_compared(qtbot, win, opener, tmp_path):
    path = two_years(tmp_path, 0)
    session = opener.ok(win, path)
    assert session.last_year is not None and session.last_year[1].year == 2020
    prev = session.last_year[1]
    assert all((prev.cells.get(f"requests.carry_forward.{c.key}") or 0)
               == (session.value(f"requests.carried_over.{c.key}") or 0) for c in schema.REQUEST_COLUMNS)
    assert not [f for f in session.findings() if f.code == "cross_year.carry"]   # they agree
    key = "requests.carried_over.natural"                  # now they do not: rechecked per edit
    win.select_key(key)
    win.ui.views["requests"].paste("3")
    found = [f for f in session.findings() if f.code == "cross_year.carry"]
    assert [f.cells for f in found] == [(key,)]
    assert "跨年核对" in found[0].message and "2020" in found[0].message and "3" in found[0].message
    win.ui.views["requests"].paste("0")
    assert not [f for f in session.findings() if f.code == "cross_year.carry"]


def test_last_years_report_chosen_by_hand(qtbot, win, opener, dialogs, tmp_path):
    path = tmp_path / "本年" / "大岚镇-2021.txt"
    path.parent.mkdir()
    path.write_bytes(DALAN.read_bytes())
    session = opener.ok(win, path)
    assert session.last_year is None                      # nothing beside it
    other = tmp_path / "上年.txt"
    text = DALAN.read_text(encoding="utf-8").replace("2021", "2020")
    other.write_text(text, encoding="utf-8")
    dialogs.open_path = str(other)
    win.menu_actions.last_year.trigger()
    assert session.last_year is not None and session.last_year[0] == str(other)
    assert "已与上年报告" in win.statusBar().currentMessage()


def test_last_years_saved_corrections_are_applied_before_the_comparison(qtbot, win, opener, dialogs,
                                                                        tmp_path):
    from core.corrections import Project, corrections_for, project_path_for
    from core.pipeline import open_report
    path = two_years(tmp_path, 0)
    last = tmp_path / "大岚镇-2020.txt"
    _doc, prev = open_report(str(last), with_checks=False)
    key = "requests.carry_forward.natural"
    fixed = (prev.cells.get(key) or 0) + 2                  # the clerk corrected last year's 结转
    Project.of(str(last), prev.layout, corrections_for(prev.layout, prev.cells, {key: fixed})).save(
        project_path_for(str(last)))
    session = opener.ok(win, path)
    assert session.last_year.corrected == 1 and session.last_year.report.cells[key] == fixed
    found = [f for f in session.findings() if f.code == "cross_year.carry"]
    assert [f.cells for f in found] == [("requests.carried_over.natural",)]
    assert "已套用其修改记录中的 1 格修改" in found[0].message and f"为 {fixed}" in found[0].message
    # chosen by hand: the same, and the status line says so
    dialogs.open_path = str(last)
    win.menu_actions.last_year.trigger()
    assert session.last_year.corrected == 1
    assert "已套用其修改记录中的 1 格修改" in win.statusBar().currentMessage()
