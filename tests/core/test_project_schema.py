"""Project files validated before use; a bad one is set aside (名.nianbao.json.bad-日期), never lost."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from core import project_schema
from core.cli import main
from core.corrections import (BadProjectFile, Correction, Project, ProjectFileError,
                              open_project, project_path_for)
from core.pipeline import open_report
from core_fixtures import SHARED_FIXTURES

SAMPLE = SHARED_FIXTURES / "reports" / "城郊乡-2020.txt"
KEY = "active.licensing.decisions"


@pytest.fixture
def report_copy(tmp_path):
    path = tmp_path / "报告.txt"
    shutil.copy(SAMPLE, path)
    return path


def _good(report_path) -> dict:
    _, report = open_report(str(report_path), with_checks=False)
    correction = Correction(KEY, report.cells.get(KEY), 999, note="核对")
    return Project.of(str(report_path), report.layout, [correction]).to_json()


def _bad_variants(good: dict):
    def edit(**fields):
        return json.dumps(dict(good, **fields), ensure_ascii=False)
    correction = good["corrections"][0]
    yield "version string", edit(version="2")
    yield "version null", edit(version=None)
    yield "version list", edit(version=[1])
    yield "layout list", edit(layout=["2019"])
    yield "source missing", edit(source=None)
    yield "corrections dict", edit(corrections={"a": 1})
    yield "correction new string", edit(corrections=[dict(correction, new="九九九")])
    yield "correction new bool", edit(corrections=[dict(correction, new=True)])
    yield "correction key number", edit(corrections=[dict(correction, key=5)])
    yield "notes list", edit(notes=["x"])
    yield "note too long", edit(notes={KEY: "字" * (project_schema.MAX_NOTE_CHARS + 1)})
    yield "too many corrections", edit(corrections=[correction] * (project_schema.MAX_CORRECTIONS + 1))
    yield "1e400", edit(corrections=[dict(correction, new=1)]).replace('"new": 1', '"new": 1e400')
    yield "NaN", edit(corrections=[dict(correction, new=1)]).replace('"new": 1', '"new": NaN')
    yield "5000 digits", edit(corrections=[dict(correction, new=1)]).replace('"new": 1', '"new": ' + "9" * 5000)
    yield "nested deep", edit(notes={}).replace('"notes": {}', '"notes": ' + "[" * 100_000 + "]" * 100_000)
    yield "not json", "{kind: nianbao"
    yield "not utf-8", "\xff\xfe garbage"
    yield "array", "[]"


def test_a_good_project_passes_and_a_layout_written_as_a_number_is_accepted(report_copy):
    good = _good(report_copy)
    project_schema.validate(json.loads(json.dumps(good)))
    good["layout"] = int(good["layout"])
    project_schema.validate(good)
    assert good["layout"] in ("2019", "2021")


def test_every_bad_variant_is_refused_with_a_plain_message(report_copy):
    good = _good(report_copy)
    for name, text in _bad_variants(good):
        path = report_copy.parent / f"{name}.nianbao.json"
        path.write_text(text, encoding="utf-8", errors="surrogateescape") if name != "not utf-8" \
            else path.write_bytes(b"\xff\xfe garbage")
        with pytest.raises(BadProjectFile) as info:
            Project.load(str(path))
        assert info.value.message.startswith("修改记录文件") and "\n" not in info.value.message, name


def test_a_bad_project_is_set_aside_and_the_export_goes_on_without_it(report_copy, capsys):
    project = report_copy.parent / "报告.nianbao.json"
    project.write_text('{"kind": "nianbao-project", "version": "x"}', encoding="utf-8")
    out = report_copy.parent / "结果.xlsx"
    assert main(["export", str(report_copy), "-o", str(out), "--project", str(project)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "已改名为 报告.nianbao.json.bad-" in err
    assert out.exists() and not project.exists()
    aside = [p for p in os.listdir(report_copy.parent) if ".nianbao.json.bad-" in p]
    assert len(aside) == 1
    assert (report_copy.parent / aside[0]).read_text(encoding="utf-8").endswith('"x"}')


def test_open_project_sets_a_bad_file_aside_with_a_message(report_copy):
    project = report_copy.parent / "报告.nianbao.json"
    project.write_text("[" * 50_000, encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        open_project(str(project))
    assert "层次过深" in info.value.message and "已改名为" in info.value.message
    assert not project.exists()


def test_a_batch_sets_a_bad_project_beside_a_report_aside_and_summarises_the_report(report_copy):
    from core.batch import run_batch
    project = project_path_for(str(report_copy))
    with open(project, "w", encoding="utf-8") as fh:
        json.dump(dict(_good(report_copy), version=None), fh)
    result = run_batch([str(report_copy)], workers=1)
    assert len(result.reports) == 1 and not result.failures
    assert "未能套用" in result.reports[0]["project_note"]
    assert not os.path.exists(project)


def test_a_good_project_still_replays(report_copy, capsys):
    project = report_copy.parent / "报告.nianbao.json"
    project.write_text(json.dumps(_good(report_copy), ensure_ascii=False), encoding="utf-8")
    assert main(["extract", str(report_copy), "--project", str(project)]) == 0
    assert json.loads(capsys.readouterr().out)["cells"][KEY] == 999
