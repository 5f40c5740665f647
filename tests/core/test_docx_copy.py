"""The corrected DOCX copy: round trip through the reader, refusals per cell, formatting, parts."""
from __future__ import annotations

import random
import shutil
import subprocess
import zipfile

import pytest

from core.docx_out.corrected import corrected_bytes, write_corrected_copy
from core.docx_out.narrative import narrative_mismatches
from core.errors import NianbaoError
from core.extract import recognize_report
from core.pipeline import open_report
from core.readers import docx as docx_reader
from core.readers.docx import W

from core_fixtures import ROOT
from docx_roundtrip import docx_fixtures, round_trip

CASES = ROOT / "tests" / "fixtures" / "adversarial" / "cases"
CORPUS_DOCX = ROOT / "tests" / "fixtures" / "corpus" / "docx"
TOWN = CORPUS_DOCX / "东城街道办事处-2019.docx"
# every adversarial DOCX, and a few of the corpus (scripts/roundtrip_docx.py --all does all)
SAMPLE = [p for p in docx_fixtures(ROOT) if p.parent == CASES] + sorted(CORPUS_DOCX.glob("*.docx"))[:4]


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_round_trip_random_corrections(path):
    trip = round_trip(path, random.Random(path.stem), 8)
    assert trip.wrong == []            # every written cell reads back as corrected
    assert trip.other_changes == []    # no other cell, no paragraph changed
    assert set(trip.result.written) | {k for k, _ in trip.result.refused} == set(trip.changes)


@pytest.mark.parametrize("name, reason", [
    ("d02_textbox", "文本框"), ("d19_altchunk", "altChunk"), ("d24_embedded_excel", "Excel"),
    ("d05_tracked", "修订"), ("d07_fields", "域")])
def test_unsafe_cells_are_refused_with_a_reason(name, reason):
    trip = round_trip(CASES / f"{name}.docx", random.Random(0), None)   # every located cell
    assert any(reason in why for _key, why in trip.result.refused)
    assert trip.wrong == [] and trip.other_changes == []


def _first_run_props(tc) -> bytes:
    from lxml import etree
    run = next(r for r in tc.iter(W + "r") if r.find(W + "t") is not None)
    rpr = run.find(W + "rPr")
    return b"" if rpr is None else etree.tostring(rpr)


def test_changed_run_keeps_its_formatting_and_other_parts_are_copied_byte_for_byte():
    doc, report = open_report(str(TOWN), with_checks=False)
    key = "requests.new.total"
    data = TOWN.read_bytes()
    blob, result = corrected_bytes(data, report, {key: (report.cells[key], 4321)})
    assert result.written == [key]
    ref = report.provenance[key]

    def cell(package):
        document, origins = docx_reader.table_origins(package)
        return docx_reader.cell_elements(origins[ref.table])[(ref.row, ref.col)]
    before, after = cell(data), cell(blob)
    assert _first_run_props(after) == _first_run_props(before)
    assert after.find(f"{W}tcPr") is not None or before.find(f"{W}tcPr") is None
    with zipfile.ZipFile(TOWN) as a, zipfile.ZipFile(__import__("io").BytesIO(blob)) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert changed == ["word/document.xml"]


def test_blank_cell_gets_a_number_and_a_number_can_be_cleared():
    path = CASES / "d14_blanks.docx"
    doc, report = open_report(str(path), with_checks=False)
    blank = next(k for k in report.blank_refs)
    filled = next(k for k, v in report.cells.items() if v and k in report.provenance)
    blob, result = corrected_bytes(path.read_bytes(), report,
                                   {blank: (None, 6), filled: (report.cells[filled], None)})
    assert sorted(result.written) == sorted([blank, filled])
    again = recognize_report(docx_reader.read(str(path), blob))
    assert again.cells[blank] == 6 and again.cells[filled] is None


def test_amount_printed_in_yuan_is_written_in_yuan_and_a_typed_minus_sign_goes():
    path = CASES / "d13_units.docx"
    doc, report = open_report(str(path), with_checks=False)
    key = "active.fees.amount"
    assert report.raw[key] == "12500元" and report.cells[key] == 1.25
    blob, result = corrected_bytes(path.read_bytes(), report, {key: (1.25, 2)})
    again = docx_reader.read(str(path), blob)
    assert result.written == [key] and "20000元" in again.text
    assert recognize_report(again).cells[key] == 2
    soup = CASES / "d08_inline_soup.docx"   # its -3 is typed with a non-breaking hyphen
    doc, report = open_report(str(soup), with_checks=False)
    key = "active.licensing.change"
    blob, result = corrected_bytes(soup.read_bytes(), report, {key: (report.cells[key], -12)})
    assert result.written == [key]
    assert recognize_report(docx_reader.read(str(soup), blob)).cells[key] == -12


def test_strict_package_stays_strict():
    path = CASES / "d20_strict.docx"
    doc, report = open_report(str(path), with_checks=False)
    key = "requests.granted.total"
    blob, _ = corrected_bytes(path.read_bytes(), report, {key: (report.cells[key], 99)})
    with zipfile.ZipFile(__import__("io").BytesIO(blob)) as z:
        assert b"purl.oclc.org/ooxml/wordprocessingml/main" in z.read("word/document.xml")
    assert recognize_report(docx_reader.read(str(path), blob)).cells[key] == 99


def test_write_is_atomic_and_never_over_the_source(tmp_path):
    src = tmp_path / "报告.docx"
    shutil.copy(TOWN, src)
    doc, report = open_report(str(src), with_checks=False)
    original = src.read_bytes()
    with pytest.raises(NianbaoError):
        write_corrected_copy(str(src), report, {}, str(src))
    with pytest.raises(NianbaoError, match=".docx"):
        write_corrected_copy(str(src), report, {}, str(tmp_path / "out.pdf"))
    out = tmp_path / "更正.docx"
    write_corrected_copy(str(src), report, {"requests.new.total": (137, 138)}, str(out))
    assert src.read_bytes() == original
    assert recognize_report(docx_reader.read(str(out), out.read_bytes())).cells[
        "requests.new.total"] == 138
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


def test_review_copy_highlights_and_comments_each_change():
    doc, report = open_report(str(TOWN), with_checks=False)
    key = "requests.carried_over.total"
    blob, result = corrected_bytes(TOWN.read_bytes(), report, {key: (8, 9)}, review=True)
    with zipfile.ZipFile(__import__("io").BytesIO(blob)) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert "8 → 9" in comments and "年报通" in comments
    assert 'w:highlight w:val="yellow"' in body and "commentRangeStart" in body
    assert recognize_report(docx_reader.read(str(TOWN), blob)).cells[key] == 9


def test_narrative_numbers_that_disagree_are_listed_and_fixed_only_when_asked():
    doc, report = open_report(str(TOWN), with_checks=False)
    key = "requests.carried_over.total"
    assert narrative_mismatches(report, doc.text) == []
    report.cells[key] = 9
    fixes = narrative_mismatches(report, doc.text)
    fix = next(f for f in fixes if f.quote == "上年结转8件")
    assert fix.replacement == "上年结转9件" and "上年结转8件" in fix.describe()
    changes = {key: (8, 9)}
    plain, _ = corrected_bytes(TOWN.read_bytes(), report, changes)
    assert "上年结转8件" in docx_reader.read(str(TOWN), plain).text   # never changed silently
    fixed, result = corrected_bytes(TOWN.read_bytes(), report, changes, sentences=[fix])
    text = docx_reader.read(str(TOWN), fixed).text
    assert result.sentences == [fix] and "上年结转9件" in text and "上年结转8件" not in text


def test_uncertain_link_is_listed_without_a_replacement():
    doc, report = open_report(str(TOWN), with_checks=False)
    report.cells["requests.new.total"] = 140   # 受理 may mean 新收 or 新收 + 结转
    fix = next(f for f in narrative_mismatches(report, doc.text)
               if f.code == "narrative.requests.received")
    assert fix.replacement is None and "人工核对" in fix.describe()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_corrected_copy_opens_in_libreoffice(tmp_path):
    doc, report = open_report(str(TOWN), with_checks=False)
    out = tmp_path / "更正.docx"
    write_corrected_copy(str(TOWN), report, {"requests.new.total": (137, 138)}, str(out),
                         review=True)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120)
    assert (tmp_path / "更正.pdf").stat().st_size > 1000
