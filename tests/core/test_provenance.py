"""Every number read has a place in the source the app can show: the text it came from and,
per format, the page and box (PDF) or the table, row and column (DOCX, HTML tables)."""
from __future__ import annotations

import pathlib

import pytest

from core.extract.numbers import parse_cell
from core.pipeline import open_report

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = sorted(p for folder in ("corpus", "adversarial")
                 for p in (FIXTURES / folder).rglob("*")
                 if p.suffix in (".pdf", ".docx", ".html", ".htm", ".mht", ".txt")
                 and "broken" not in p.parts and (p.parent / (p.stem + ".expected.json")).exists())


@pytest.mark.parametrize("path", SOURCES, ids=[f"{p.parent.parent.name}/{p.name}" for p in SOURCES])
def test_every_number_points_at_its_text(path):
    doc, report = open_report(str(path), with_checks=False)
    for key, value in report.cells.items():
        if value is None:
            continue
        ref = report.provenance.get(key)
        assert ref is not None, key
        assert 0 <= ref.start < ref.end <= len(doc.text), key
        printed = parse_cell(doc.text[ref.start:ref.end])
        assert printed.kind == "number", (key, doc.text[ref.start:ref.end])
        if doc.format == "pdf":
            assert ref.page is not None and ref.bbox is not None, key
            x0, top, x1, bottom = ref.bbox
            width, height = doc.page_sizes[ref.page]
            assert -1 <= x0 <= x1 <= width + 1 and -1 <= top <= bottom <= height + 1, key
        if doc.format == "docx":
            assert ref.table is not None and ref.row is not None and ref.col is not None, key
