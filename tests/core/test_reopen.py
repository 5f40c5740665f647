"""core.reopen: one replay of a project onto a freshly read report, one wording for what differs."""
import pytest

from core import schema
from core.corrections import Correction, Project, ProjectFileError, sha256_file
from core.model import Report
from core.reopen import reopen

KEY = "requests.new.natural"


def report(value=1, layout="2021") -> Report:
    cells = {k: 0 for k in schema.cell_keys(layout)}
    cells[KEY] = value
    return Report(layout=layout, agency="某镇", year=2024, source="r.txt", format="txt", cells=cells)


def project_for(path, old=1, new=5) -> Project:
    return Project(str(path), sha256_file(str(path)), "2021",
                   [Correction(KEY, old, new, "2024-01-01T00:00:00", "")], {KEY: "核对原件"})


def test_replayed_with_old_values_as_read_now_and_one_line_per_conflict(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("报告", encoding="utf-8")
    rep = report(value=2)                      # the recogniser now reads 2 where 1 was recorded
    done = reopen(project_for(src), rep, str(src))
    assert rep.cells[KEY] == 5 and done.applied and done.cells == 1
    assert done.corrections[0].old == 2        # undo returns to what was read this time
    assert done.notes == {KEY: "核对原件"} and done.mismatch == ""
    label = schema.cell_label("2021", KEY)
    assert done.lines("2021") == [f"{label}：修改记录中的原值为 1，这次读到 2；已改为 5，请核对。"]


def test_other_content_is_said_and_the_batch_may_skip_it(tmp_path):
    src, other = tmp_path / "r.txt", tmp_path / "o.txt"
    src.write_text("报告", encoding="utf-8")
    other.write_text("另一份", encoding="utf-8")
    project = project_for(src)
    rep = report()
    skipped = reopen(project, rep, str(other), skip_if_changed=True)
    assert not skipped.applied and skipped.mismatch and rep.cells[KEY] == 1
    applied = reopen(project, rep, str(other))
    assert applied.applied and rep.cells[KEY] == 5
    assert applied.lines("2021") == [applied.mismatch]


def test_a_project_for_another_layout_is_refused(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("报告", encoding="utf-8")
    with pytest.raises(ProjectFileError):
        reopen(project_for(src), report(layout="2019"))
