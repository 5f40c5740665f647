"""Corrections: recorded edits of a report, the project file and its replay, and the autosave."""
import json
import os

import pytest

from core import schema
from core.checks.run import recheck
from core.corrections import (MSG_SOURCE_CHANGED, Correction, Project, corrections_for,
                              ProjectFileError, autosave_path, open_project, project_path_for,
                              read_autosave, remove_autosave, sha256_file, write_autosave)
from core.model import Report

KEY = "requests.carry_forward.total"


def report(layout="2021"):
    cells = {k: 0 for k in schema.cell_keys(layout)}
    cells.update({"requests.carry_forward.natural": 1, KEY: None,
                  "requests.new.natural": 1, "requests.new.total": 1})
    return Report(layout=layout, agency="某市科委", year=2024, source="r.txt", format="txt",
                  cells=cells)


def edit(rep: Report, values: dict, note: str = "") -> list[Correction]:
    """What the app's undo command records and applies: the corrections, then the cells set."""
    corrections = corrections_for(rep.layout, rep.cells, values, note)
    rep.cells.update((c.key, c.new) for c in corrections)
    return corrections


def project_of(source, rep: Report, values: dict, **kw) -> Project:
    return Project.of(str(source), rep.layout, edit(rep, values), **kw)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "上海市科委2024年报.txt"
    path.write_text("二〇二四年度报告", encoding="utf-8")
    return path


# ---------------------------------------------------------------- recorded edits
def test_an_edit_is_recorded_old_to_new_and_rechecked():
    rep = report()
    assert recheck(rep)[0].code == "requests.balance.total"   # the blank total: 1 would fit
    [corr] = edit(rep, {KEY: 1}, note="正文写转下一年度 1 件")
    assert (corr.key, corr.old, corr.new, corr.note) == (KEY, None, 1, "正文写转下一年度 1 件")
    assert "T" in corr.time and rep.cells[KEY] == 1
    assert recheck(rep) == []
    edit(rep, {KEY: 2})      # no value but 1 fits: now the printed numbers contradict
    assert [f.code for f in recheck(rep) if f.severity == "error"] == [
        "requests.balance.total", "requests.row.carry_forward"]


def test_same_value_is_no_edit_and_bad_input_is_refused():
    rep = report()
    assert corrections_for("2021", rep.cells, {"requests.new.total": 1}) == []
    assert corrections_for("2021", rep.cells, {"requests.new.total": 1.0})   # 1.0 vs 1: an edit
    with pytest.raises(KeyError):
        corrections_for("2021", rep.cells, {"active.procurement.amount": 1})   # a 2019 cell
    with pytest.raises(TypeError):
        corrections_for("2021", rep.cells, {KEY: "1"})
    with pytest.raises(TypeError):
        corrections_for("2021", rep.cells, {KEY: float("nan")})
    assert corrections_for("2021", rep.cells, {KEY: None}) == []           # blank stays blank


# ---------------------------------------------------------------- the project file
def test_project_path_is_beside_the_source(tmp_path):
    assert project_path_for(str(tmp_path / "报告名.pdf")) == str(tmp_path / "报告名.nianbao.json")
    assert project_path_for(str(tmp_path / "a.b.docx")).endswith("a.b.nianbao.json")


def test_save_and_reopen_then_reapply(source):
    rep = report()
    done = edit(rep, {KEY: 1}, note="见正文") + edit(rep, {"appeals.review.total": 2})
    project = Project.of(str(source), rep.layout, done,
                         notes={"": "已与原件核对", KEY: "PDF 中此格为空"})
    path = project_path_for(str(source))
    project.save(path)
    assert sorted(os.listdir(source.parent)) == sorted([source.name, os.path.basename(path)])

    raw = open(path, encoding="utf-8").read()
    assert "已与原件核对" in raw                       # ensure_ascii=False: readable as is
    data = json.loads(raw)
    assert data["source"]["sha256"] == sha256_file(str(source))
    assert data["corrections"][0] == {"key": KEY, "old": None, "new": 1,
                                      "time": done[0].time, "note": "见正文"}

    loaded = open_project(path)
    assert loaded.ok and not loaded.source_changed and loaded.message == ""
    assert loaded.project.notes[KEY] == "PDF 中此格为空"
    fresh = report()
    applied, conflicts = loaded.project.apply_to(fresh)
    assert conflicts == [] and applied == done
    assert fresh.cells[KEY] == 1 and fresh.cells["appeals.review.total"] == 2


def test_opening_a_project_whose_source_changed_says_so(source):
    path = project_path_for(str(source))
    project_of(source, report(), {KEY: 1}).save(path)
    source.write_text("改过的内容", encoding="utf-8")
    loaded = open_project(path)
    assert loaded.source_changed and not loaded.ok
    assert loaded.message == MSG_SOURCE_CHANGED and "源文件自保存修改记录以来已被改动" in loaded.message


def test_conflicting_replay_is_reported_and_undo_would_return_to_what_was_read(source):
    project = project_of(source, report(), {KEY: 1})
    changed = report()
    changed.cells[KEY] = 5                     # the source now reads 5 where we recorded blank
    applied, conflicts = project.apply_to(changed)
    assert [(c.correction.key, c.correction.old, c.found) for c in conflicts] == [(KEY, None, 5)]
    assert changed.cells[KEY] == 1
    assert applied[0].old == 5                 # what the app's undo sets back


def test_apply_to_refuses_another_layout(source):
    with pytest.raises(ProjectFileError):
        project_of(source, report("2021"), {KEY: 1}).apply_to(report("2019"))


def test_source_found_beside_a_moved_project(tmp_path, source):
    path = project_path_for(str(source))
    project_of(source, report(), {}).save(path)
    moved = tmp_path / "moved"
    moved.mkdir()
    os.replace(source, moved / source.name)
    os.replace(path, moved / os.path.basename(path))
    loaded = open_project(str(moved / os.path.basename(path)))
    assert loaded.ok and loaded.source_path == str(moved / source.name)


def test_missing_source(tmp_path, source):
    path = project_path_for(str(source))
    project_of(source, report(), {}).save(path)
    source.unlink()
    loaded = open_project(path)
    assert loaded.source_path is None and not loaded.ok and "找不到" in loaded.message


@pytest.mark.parametrize("content", ["not json", "[]", '{"kind": "other"}',
                                     '{"kind": "nianbao-project", "version": 99}',
                                     '{"kind": "nianbao-project", "version": 1}'])
def test_bad_project_files(tmp_path, content):
    path = tmp_path / "x.nianbao.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProjectFileError) as err:
        open_project(str(path))
    assert err.value.message   # a Chinese sentence for the person


def test_save_is_atomic_and_keeps_old_file_on_failure(tmp_path, source, monkeypatch):
    path = project_path_for(str(source))
    project = project_of(source, report(), {})
    project.save(path)
    before = open(path, encoding="utf-8").read()

    def boom(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ProjectFileError) as err:
        project.save(path)
    assert "无法保存修改记录文件" in err.value.message
    assert open(path, encoding="utf-8").read() == before
    assert sorted(os.listdir(tmp_path)) == sorted([source.name, os.path.basename(path)])


def test_correction_json_round_trip():
    corr = Correction("active.fees.amount", 115045, 11.5045, "2024-01-02T03:04:05+08:00", "单位为元")
    assert Correction.from_json(corr.to_json()) == corr


# ---------------------------------------------------------------- autosave
def test_autosave_round_trip(tmp_path, source):
    folder = str(tmp_path / "autosave")
    project = project_of(source, report(), {KEY: 1})
    sha = project.source_sha256
    assert read_autosave(sha, folder) is None
    written = write_autosave(project, folder)
    assert written == autosave_path(sha, folder) and written.startswith(folder)
    assert read_autosave(sha, folder).corrections == project.corrections
    remove_autosave(sha, folder)
    remove_autosave(sha, folder)          # twice: harmless
    assert read_autosave(sha, folder) is None


def test_corrupt_autosave_is_ignored(tmp_path):
    folder = tmp_path
    sha = "ab" * 32
    open(autosave_path(sha, str(folder)), "w").write("{")
    assert read_autosave(sha, str(folder)) is None


def test_a_project_is_never_saved_over_its_source(source):
    project = project_of(source, report(), {KEY: 1})
    before = source.read_bytes()
    with pytest.raises(ProjectFileError, match="不能把修改记录保存到报告文件"):
        project.save(str(source))
    assert source.read_bytes() == before


def test_replaying_a_cell_the_layout_lacks_is_a_project_error(source):
    project = project_of(source, report(), {KEY: 1})
    project.corrections[0] = Correction("requests.other.total", None, 1)   # a 2019-only row
    with pytest.raises(ProjectFileError, match="requests.other.total"):
        project.apply_to(report())
