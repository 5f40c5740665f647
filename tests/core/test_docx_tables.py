"""导出官方表格 (.docx): the three tables in the official shape, read back by our own reader."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

from core.docx_out.tables import official_tables_bytes, write_official_tables
from core.errors import NianbaoError
from core.extract import recognize_report
from core.pipeline import open_report
from core.readers import docx as docx_reader

from core_fixtures import CORPUS

SOURCES = [CORPUS / "docx" / "东城街道办事处-2019.docx", CORPUS / "docx" / "杨柳乡-2022.docx",
           CORPUS / "pdf" / "新城区人民政府-2024.pdf", CORPUS / "txt" / "安远县水利局-2024.txt",
           CORPUS / "html" / "云岭区人民政府-2025.html"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_official_tables_read_back_as_the_report(path):
    doc, report = open_report(str(path), with_checks=False)
    blob = official_tables_bytes(report)
    again = recognize_report(docx_reader.read("表格.docx", blob))
    assert again.layout == report.layout and again.missing_tables == []
    assert again.cells == report.cells


def test_corrected_values_and_merged_headers():
    doc, report = open_report(str(SOURCES[0]), with_checks=False)
    report.cells["requests.new.total"] = 4321   # as a correction leaves it
    blob = official_tables_bytes(report)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert body.count("<w:tbl>") == 3
    assert "w:gridSpan" in body and 'w:vMerge w:val="restart"' in body
    assert "申请人情况" in body and "法人或其他组织" in body
    again = recognize_report(docx_reader.read("表格.docx", blob))
    assert again.cells["requests.new.total"] == 4321


def test_missing_table_is_drawn_empty_and_said(tmp_path):
    doc, report = open_report(str(SOURCES[1]), with_checks=False)
    report.missing_tables = ["appeals"]
    for key in [k for k in report.cells if k.startswith("appeals.")]:
        report.cells[key] = None
    blob = official_tables_bytes(report)
    assert "报告中未找到此表" in docx_reader.read("表格.docx", blob).text


def test_written_atomically_never_over_the_source(tmp_path):
    src = tmp_path / "报告.txt"
    shutil.copy(SOURCES[3], src)
    doc, report = open_report(str(src), with_checks=False)
    with pytest.raises(NianbaoError, match=".docx"):
        write_official_tables(report, str(tmp_path / "表格.xlsx"))
    word = tmp_path / "原报告.docx"
    shutil.copy(SOURCES[0], word)
    _, word_report = open_report(str(word), with_checks=False)
    with pytest.raises(NianbaoError, match="源文件"):
        write_official_tables(word_report, str(word))
    assert word.read_bytes() == SOURCES[0].read_bytes()
    out = tmp_path / "表格.docx"
    write_official_tables(report, str(out))
    assert recognize_report(docx_reader.read(str(out), out.read_bytes())).cells == report.cells


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_official_tables_open_in_libreoffice(tmp_path):
    doc, report = open_report(str(SOURCES[1]), with_checks=False)
    out = tmp_path / "表格.docx"
    write_official_tables(report, str(out))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120)
    assert (tmp_path / "表格.pdf").stat().st_size > 1000
