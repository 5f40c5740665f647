"""The real published reports of tests/fixtures/real (copied from the shared fixtures) parse exactly to their hand-checked cells.

No tolerance here: every cell, the layout, the agency and the year must be right.
"""
from __future__ import annotations

import json
import pathlib

import pytest

from core.pipeline import open_report

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT / "tests" / "fixtures" / "real"
TOLERANCE = 1e-6


def shared_docs() -> list[tuple[pathlib.Path, pathlib.Path]]:
    out = []
    for exp in sorted(SHARED.rglob("*.expected.json")):
        src = exp.with_name(exp.name[: -len(".expected.json")] + ".txt")
        out.append((src, exp))
    return out


DOCS = shared_docs()
IDS = [str(src.relative_to(SHARED)) for src, _ in DOCS]


def same(want, got) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    return abs(want - got) <= TOLERANCE


def test_all_shared_reports_found():
    assert len(DOCS) >= 8, [str(s) for s, _ in DOCS]
    for src, _ in DOCS:
        assert src.is_file(), src


@pytest.mark.parametrize(("src", "exp"), DOCS, ids=IDS)
def test_shared_report_cells(src, exp):
    want = json.loads(exp.read_text(encoding="utf-8"))
    _doc, report = open_report(str(src), with_checks=False)
    assert report.layout == want["meta"]["layout"]
    wrong = {k: (v, report.cells.get(k, "<absent>")) for k, v in want["cells"].items()
             if k not in report.cells or not same(v, report.cells[k])}
    extra = sorted(set(report.cells) - set(want["cells"]))
    detail = "\n".join(f"  {k}: expected {w!r}, got {g!r}" for k, (w, g) in wrong.items())
    assert not wrong and not extra, f"{len(wrong)} cells wrong, extra keys {extra}:\n{detail}"


@pytest.mark.parametrize(("src", "exp"), DOCS, ids=IDS)
def test_shared_report_agency_and_year(src, exp):
    meta = json.loads(exp.read_text(encoding="utf-8"))["meta"]
    _doc, report = open_report(str(src), with_checks=False)
    assert (report.agency, report.year) == (meta["agency"], meta["year"])
