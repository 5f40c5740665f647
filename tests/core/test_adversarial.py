"""The adversarial set (tests/fixtures/adversarial): one case file per real-world shape that
broke, or could break, the extractor (content controls, text boxes, tracked changes, borderless
PDFs, Word/Excel HTML exports, pdftotext dumps, …; the README lists them).

One test per case file: cells (x_accept honoured), layout, agency and year against its
NAME.expected.json, compared with test_corpus's helpers. Cases the extractor does not get fully
right yet are listed in KNOWN_FAILURES and run as strict xfails, so a fix shows up as XPASS —
then delete its entry. A summary prints the per-format accuracy of the set.
Rebuild the cases with `.venv/bin/python tests/fixtures/adversarial/gen/build_all.py`.
"""
from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest

from core import schema
from test_corpus import ROOT, _emit, cell_diff, load, parse, problems, same

ADVERSARIAL = ROOT / "tests" / "fixtures" / "adversarial"
CASES = ADVERSARIAL / "cases"
FORMAT_OF = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".mht": "html", ".txt": "txt"}
FORMATS = ("docx", "pdf", "html", "txt")

# The one list of what the extractor does not yet get right: case file → what goes wrong.
KNOWN_FAILURES: dict[str, str] = {
    "t05_pdftotext_raw.txt":
        "plain pdftotext reading order: table 二 (one cell per line, split per 第二十条 block) is "
        "not read, the last two columns of table 三 land elsewhere and (七)总计/四 take wrong "
        "numbers, table 四 shifts (about 79 of 200 cells)",
}


def adversarial_cases() -> list[tuple]:
    """(case file, expected JSON) for every case; a DOCX case may come with the PDF made from it."""
    out = []
    for exp in sorted(CASES.glob("*.expected.json")):
        stem = exp.name[: -len(".expected.json")]
        sources = sorted(p for p in CASES.iterdir() if p.name.startswith(stem + ".") and p != exp)
        assert sources, f"{exp.name}: no case file beside it"
        out += [(src, exp) for src in sources]
    return out


CASE_FILES = adversarial_cases()


def _param(src, exp):
    marks = ()
    if src.name in KNOWN_FAILURES:
        marks = pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[src.name])
    return pytest.param(src, exp, id=src.name, marks=marks)


def accepting(exp, report) -> SimpleNamespace:
    """The parse as problems() should see it: a value listed in x_accept counts as expected."""
    want = load(exp)
    cells = dict(report.cells)
    for key, values in want.get("x_accept", {}).items():
        if key in cells and any(same(v, cells[key]) for v in values):
            cells[key] = want["cells"][key]
    return SimpleNamespace(layout=report.layout, cells=cells,
                           missing_tables=getattr(report, "missing_tables", []))


def case_problems(exp, report) -> list[str]:
    """Everything wrong with a parse: layout, cells, extra cells, agency, year."""
    meta = load(exp)["meta"]
    found = problems(exp, accepting(exp, report))
    for field in ("agency", "year"):
        if getattr(report, field) != meta[field]:
            found.append(f"{field}: expected {meta[field]!r}, got {getattr(report, field)!r}")
    return found


# ---------------------------------------------------------------- the fixtures themselves
def test_adversarial_cases_follow_the_contract():
    """Every expected JSON has exactly its layout's keys in spec order; x_accept only widens."""
    assert len(CASE_FILES) >= 80, len(CASE_FILES)
    for src, exp in CASE_FILES:
        assert src.suffix in FORMAT_OF, src.name
        data = load(exp)
        meta = data["meta"]
        assert meta["layout"] in schema.LAYOUTS, exp.name
        assert list(data["cells"]) == list(schema.cell_keys(meta["layout"])), exp.name
        assert isinstance(meta["agency"], str) and meta["agency"], exp.name
        assert isinstance(meta["year"], int), exp.name
        assert data["notes"], exp.name
        for key, values in data.get("x_accept", {}).items():
            assert key in data["cells"] and isinstance(values, list) and values, (exp.name, key)


def test_readme_lists_every_case_and_known_failures_are_cases():
    text = (ADVERSARIAL / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\|\s*`([^`]+)`\s*\|", text, flags=re.M))
    present = {src.name for src, _ in CASE_FILES}
    assert listed == present, {"not in README": sorted(present - listed),
                               "no such case": sorted(listed - present)}
    assert set(KNOWN_FAILURES) <= present, sorted(set(KNOWN_FAILURES) - present)


# ---------------------------------------------------------------- per case
@pytest.mark.parametrize(("src", "exp"), [_param(s, e) for s, e in CASE_FILES])
def test_adversarial_case(src, exp):
    report, exc = parse(src)
    if exc is not None:
        raise exc
    found = case_problems(exp, report)
    assert not found, f"adversarial/{src.name}:\n" + "\n".join(found)


# ---------------------------------------------------------------- summary
def accuracy_table() -> str:
    rows = {fmt: {"files": 0, "right": 0, "cells": 0, "full": 0, "meta": 0, "failed": []}
            for fmt in FORMATS}
    for src, exp in CASE_FILES:
        r = rows[FORMAT_OF[src.suffix]]
        want = load(exp)
        r["files"] += 1
        r["cells"] += len(want["cells"])
        report, exc = parse(src)
        if exc is not None:
            r["failed"].append(f"{src.name} ({type(exc).__name__})")
            continue
        r["right"] += len(want["cells"]) - len(cell_diff(want["cells"], accepting(exp, report).cells))
        if (report.agency, report.year) == (want["meta"]["agency"], want["meta"]["year"]):
            r["meta"] += 1
        if case_problems(exp, report):
            r["failed"].append(src.name)
        else:
            r["full"] += 1
    lines = ["adversarial accuracy (tests/fixtures/adversarial)",
             f"{'format':<7} {'files':>5} {'cells right/total':>18} {'%':>8} {'files right':>11} "
             f"{'agency+year':>11}"]
    tot = {"files": 0, "right": 0, "cells": 0, "full": 0, "meta": 0}
    for fmt in (*FORMATS, "all"):
        r = tot if fmt == "all" else rows[fmt]
        if fmt != "all":
            for k in tot:
                tot[k] += r[k]
        acc = r["right"] / r["cells"] if r["cells"] else 1.0
        lines.append(f"{fmt:<7} {r['files']:>5} {r['right']:>8}/{r['cells']:<9} {acc:>8.2%} "
                     f"{r['full']:>5}/{r['files']:<5} {r['meta']:>5}/{r['files']:<5}")
    for fmt in FORMATS:
        if rows[fmt]["failed"]:
            lines.append(f"  not fully right in {fmt}: " + ", ".join(rows[fmt]["failed"]))
    return "\n".join(lines)


def test_adversarial_accuracy_summary(request):
    """Prints the table; the per-case tests (and KNOWN_FAILURES) decide pass or fail."""
    started = time.perf_counter()
    table = accuracy_table()
    _emit(request, table + f"\n(parsed in {time.perf_counter() - started:.1f} s, cached)")
