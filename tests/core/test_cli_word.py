"""`python -m core export FILE -o OUT.docx`: the corrected copy of a DOCX, else the tables."""
from __future__ import annotations

import shutil

from core.cli import main
from core.corrections import Project, corrections_for
from core.extract import recognize_report
from core.pipeline import open_report
from core.readers import docx as docx_reader

from core_fixtures import CORPUS, SHARED_FIXTURES

TOWN = CORPUS / "docx" / "东城街道办事处-2019.docx"
TEXTBOX = CORPUS.parent / "adversarial" / "cases" / "d02_textbox.docx"


def _project(source, changes: dict):
    _, report = open_report(str(source), with_checks=False)
    corrections = corrections_for(report.layout, report.cells, changes, "核对原件")
    path = source.with_name(source.stem + ".nianbao.json")
    Project.of(str(source), report.layout, corrections).save(str(path))
    return path


def _read(path):
    return recognize_report(docx_reader.read(str(path), path.read_bytes()))


def test_docx_source_gives_the_corrected_copy_and_lists_the_text_to_check(tmp_path, capsys):
    src = tmp_path / "东城.docx"
    shutil.copy(TOWN, src)
    project = _project(src, {"requests.carried_over.total": 9})
    out = tmp_path / "更正.docx"
    assert main(["export", str(src), "-o", str(out), "--project", str(project)]) == 0
    err = capsys.readouterr().err
    assert "已导出更正后的报告" in err and "上年结转8件" in err and "可改为“上年结转9件”" in err
    assert _read(out).cells["requests.carried_over.total"] == 9
    assert "上年结转8件" in docx_reader.read(str(out), out.read_bytes()).text
    assert main(["export", str(src), "-o", str(out), "--project", str(project),
                 "--fix-text"]) == 0
    assert "上年结转9件" in docx_reader.read(str(out), out.read_bytes()).text
    assert src.read_bytes() == TOWN.read_bytes()


def test_cells_that_cannot_be_rewritten_are_named(tmp_path, capsys):
    src = tmp_path / "文本框.docx"
    shutil.copy(TEXTBOX, src)
    _, report = open_report(str(src), with_checks=False)
    key = next(k for k in report.provenance if k.startswith("requests.new."))
    project = _project(src, {key: report.cells[key] + 1})
    out = tmp_path / "更正.docx"
    assert main(["export", str(src), "-o", str(out), "--project", str(project)]) == 0
    err = capsys.readouterr().err
    assert "文本框中，无法就地改写，未改写" in err and "Traceback" not in err


def test_other_sources_and_tables_flag_give_the_official_tables(tmp_path, capsys):
    out = tmp_path / "表格.docx"
    txt = SHARED_FIXTURES / "more" / "03.txt"
    assert main(["export", str(txt), "-o", str(out)]) == 0
    assert "已导出官方表格" in capsys.readouterr().err
    _, report = open_report(str(txt), with_checks=False)
    assert _read(out).cells == report.cells
    assert main(["export", str(TOWN), "-o", str(out), "--tables"]) == 0
    assert "已导出官方表格" in capsys.readouterr().err


def test_word_97_source_gives_the_tables_it_cannot_be_rewritten_in_place(tmp_path, capsys):
    doc97 = sorted((CORPUS.parent / "office" / "doc").glob("*.doc"))[0]
    out = tmp_path / "表格.docx"
    assert main(["export", str(doc97), "-o", str(out)]) == 0
    assert "已导出官方表格" in capsys.readouterr().err
    _, report = open_report(str(doc97), with_checks=False)
    assert _read(out).cells == report.cells


def test_bad_word_target_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["export", str(TOWN), "-o", str(tmp_path / "无此目录" / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1
