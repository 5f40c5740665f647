"""The synthetic corpus (tests/fixtures/corpus): every document parses to its expected cells.

One test per document (cells + layout + missing tables; agency/year separately), a summary
that prints per-format accuracy and requires ≥ 99.5 % of cells right in every format, and the
broken inputs of corpus/broken/README.md, each refused with a typed Chinese error.
Regenerate the corpus with `.venv/bin/python tests/fixtures/corpus/generate.py`.
"""
from __future__ import annotations

import functools
import json
import pathlib
import re
import time

import pytest

from core import errors, schema
from core.pipeline import open_report
from core.readers import read_document

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
FORMATS = ("docx", "pdf", "html", "txt", "misnamed", "edge")
MIN_ACCURACY = 0.995
TOLERANCE = 1e-6
CJK = re.compile(r"[\u4e00-\u9fff]")
_MISSING = object()


# ---------------------------------------------------------------- the corpus
def corpus_docs() -> list[tuple[pathlib.Path, pathlib.Path]]:
    """(source file, expected JSON) of every corpus document, by format folder."""
    out = []
    for fmt in FORMATS:
        for exp in sorted((CORPUS / fmt).glob("*.expected.json")):
            stem = exp.name[: -len(".expected.json")]
            sources = [p for p in exp.parent.iterdir()
                       if p.name.startswith(stem + ".") and p != exp]
            assert len(sources) == 1, f"{exp}: expected one source file, found {sources}"
            out.append((sources[0], exp))
    return out


DOCS = corpus_docs()
DOC_IDS = [f"{src.parent.name}/{src.name}" for src, _ in DOCS]


@functools.lru_cache(maxsize=None)
def load(exp: pathlib.Path) -> dict:
    return json.loads(exp.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def parse(path: pathlib.Path):
    """(report, None) or (None, exception): each document is parsed once per session."""
    try:
        _doc, report = open_report(str(path), with_checks=False)
        return report, None
    except Exception as exc:  # noqa: BLE001 — a crash is a wrong document, reported per test
        return None, exc


def same(want, got) -> bool:
    """Exact for counts, 1e-6 for amounts; None (blank) and 0 are different answers."""
    if want is None or got is None:
        return want is None and got is None
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    return abs(want - got) <= TOLERANCE


def cell_diff(want: dict, got: dict) -> dict:
    """key → (expected, got) for every expected cell the parse got wrong."""
    return {k: (v, got.get(k, _MISSING)) for k, v in want.items()
            if k not in got or not same(v, got[k])}


def describe(diff: dict, limit: int = 60) -> str:
    lines = [f"  {k}: expected {w!r}, got {'<absent>' if g is _MISSING else repr(g)}"
             for k, (w, g) in list(diff.items())[:limit]]
    if len(diff) > limit:
        lines.append(f"  … and {len(diff) - limit} more")
    return "\n".join(lines)


def problems(exp: pathlib.Path, report) -> list[str]:
    """Everything wrong with a parse except agency/year (tested separately)."""
    want = load(exp)
    meta = want["meta"]
    out = []
    if report.layout != meta["layout"]:
        out.append(f"layout: expected {meta['layout']}, got {report.layout}")
    diff = cell_diff(want["cells"], report.cells)
    if diff:
        out.append(f"{len(diff)} of {len(want['cells'])} cells wrong:\n{describe(diff)}")
    extra = sorted(set(report.cells) - set(want["cells"]))
    if extra:
        out.append(f"{len(extra)} cells not in layout {meta['layout']}: {extra[:10]}")
    if "missing_tables" in meta and sorted(report.missing_tables) != sorted(meta["missing_tables"]):
        out.append(f"missing_tables: expected {meta['missing_tables']}, got {report.missing_tables}")
    return out


# ---------------------------------------------------------------- the fixtures themselves
def test_corpus_follows_the_contract():
    """≥ 48 documents; every expected JSON has exactly the layout's keys in spec order."""
    counts: dict[str, int] = {}
    for src, exp in DOCS:
        data = load(exp)
        meta = data["meta"]
        assert meta["layout"] in schema.LAYOUTS, exp
        assert list(data["cells"]) == list(schema.cell_keys(meta["layout"])), exp
        assert isinstance(meta["agency"], str) and meta["agency"], exp
        assert isinstance(meta["year"], int), exp
        assert data["notes"], exp
        for table in meta.get("missing_tables", []):
            assert all(v is None for k, v in data["cells"].items() if k.startswith(table + ".")), exp
        counts[src.parent.name] = counts.get(src.parent.name, 0) + 1
    assert len(DOCS) >= 48, counts
    assert counts.get("docx", 0) >= 16 and counts.get("pdf", 0) >= 12, counts
    assert counts.get("html", 0) >= 8 and counts.get("txt", 0) >= 10, counts


# ---------------------------------------------------------------- per document
@pytest.mark.parametrize(("src", "exp"), DOCS, ids=DOC_IDS)
def test_corpus_document(src, exp):
    report, exc = parse(src)
    if exc is not None:
        raise exc
    found = problems(exp, report)
    assert not found, f"{src.parent.name}/{src.name}:\n" + "\n".join(found)


@pytest.mark.parametrize(("src", "exp"), DOCS, ids=DOC_IDS)
def test_corpus_agency_and_year(src, exp):
    report, exc = parse(src)
    if exc is not None:
        raise exc
    meta = load(exp)["meta"]
    assert (report.agency, report.year) == (meta["agency"], meta["year"]), \
        f"{src.parent.name}/{src.name}"


# ---------------------------------------------------------------- summary
def _emit(request, text: str) -> None:
    """Print past pytest's capture, so the table shows without -s."""
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capman = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is None or capman is None:
        print(text)
        return
    with capman.global_and_fixture_disabled():
        reporter.write_line("")
        for line in text.splitlines():
            reporter.write_line(line)


def accuracy_table() -> tuple[str, dict[str, float]]:
    rows: dict[str, dict] = {}
    for src, exp in DOCS:
        fmt = src.parent.name
        r = rows.setdefault(fmt, {"docs": 0, "right": 0, "cells": 0, "full": 0, "meta": 0,
                                  "failed": []})
        want = load(exp)
        r["docs"] += 1
        r["cells"] += len(want["cells"])
        report, exc = parse(src)
        if exc is not None:
            r["failed"].append(f"{src.name} ({type(exc).__name__})")
            continue
        r["right"] += len(want["cells"]) - len(cell_diff(want["cells"], report.cells))
        if not problems(exp, report):
            r["full"] += 1
        else:
            r["failed"].append(src.name)
        if (report.agency, report.year) == (want["meta"]["agency"], want["meta"]["year"]):
            r["meta"] += 1
    lines = ["corpus accuracy (tests/fixtures/corpus)",
             f"{'format':<9} {'docs':>4} {'cells right/total':>18} {'%':>8} {'docs right':>10} "
             f"{'agency+year':>11}"]
    acc = {}
    tot = {"docs": 0, "right": 0, "cells": 0, "full": 0, "meta": 0}
    for fmt in FORMATS:
        if fmt not in rows:
            continue
        r = rows[fmt]
        acc[fmt] = r["right"] / r["cells"] if r["cells"] else 1.0
        for k in tot:
            tot[k] += r[k]
        lines.append(f"{fmt:<9} {r['docs']:>4} {r['right']:>8}/{r['cells']:<9} {acc[fmt]:>8.2%} "
                     f"{r['full']:>4}/{r['docs']:<5} {r['meta']:>5}/{r['docs']:<5}")
    all_acc = tot["right"] / tot["cells"] if tot["cells"] else 1.0
    lines.append(f"{'all':<9} {tot['docs']:>4} {tot['right']:>8}/{tot['cells']:<9} {all_acc:>8.2%} "
                 f"{tot['full']:>4}/{tot['docs']:<5} {tot['meta']:>5}/{tot['docs']:<5}")
    for fmt in FORMATS:
        if rows.get(fmt, {}).get("failed"):
            lines.append(f"  not fully right in {fmt}: " + ", ".join(rows[fmt]["failed"]))
    return "\n".join(lines), acc


def test_corpus_accuracy_summary(request):
    started = time.perf_counter()
    table, acc = accuracy_table()
    _emit(request, table + f"\n(parsed in {time.perf_counter() - started:.1f} s, cached)")
    low = {fmt: f"{a:.2%}" for fmt, a in acc.items() if a < MIN_ACCURACY}
    assert not low, f"formats below {MIN_ACCURACY:.1%} of cells right: {low}\n{table}"


# ---------------------------------------------------------------- broken inputs
def broken_cases() -> list[tuple[str, str]]:
    """(file, error class name) from the table in corpus/broken/README.md."""
    text = (CORPUS / "broken" / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\|\s*`([^`]+)`\s*\|[^|]*\|\s*`(\w+)`\s*\|", text, flags=re.M)


BROKEN = broken_cases()


def test_broken_readme_lists_every_file():
    listed = {name for name, _ in BROKEN}
    present = {p.name for p in (CORPUS / "broken").iterdir() if p.name != "README.md"}
    assert listed == present
    assert not list((CORPUS / "broken").glob("*.expected.json"))


@pytest.mark.parametrize(("name", "error"), BROKEN, ids=[n for n, _ in BROKEN])
def test_broken_file_is_refused(name, error):
    cls = getattr(errors, error)
    with pytest.raises(errors.NianbaoError) as info:
        read_document(str(CORPUS / "broken" / name))
    assert isinstance(info.value, cls), f"{name}: {type(info.value).__name__}: {info.value}"
    assert CJK.search(str(info.value)), f"{name}: message is not Chinese: {info.value!r}"


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".txt"])
def test_oversized_file_is_refused_quickly(tmp_path, suffix):
    path = tmp_path / f"huge{suffix}"
    with open(path, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)     # sparse: no 200 MB written to disk
    started = time.perf_counter()
    with pytest.raises(errors.UnreadableFile) as info:
        read_document(str(path))
    assert time.perf_counter() - started < 2.0
    assert CJK.search(str(info.value))
