"""Round trip of the corrected DOCX copy: random corrections, write, read back, compare.

Shared by tests/core/test_docx_copy.py (a sample) and scripts/roundtrip_docx.py (everything)."""
from __future__ import annotations

import pathlib
import time
from dataclasses import dataclass, field

from core.docx_out.corrected import CopyResult, corrected_bytes
from core.extract import recognize_report
from core.model import Paragraph
from core.pipeline import open_report
from core.readers import docx as docx_reader


def docx_fixtures(root: pathlib.Path) -> list[pathlib.Path]:
    """Every DOCX of the corpus and of the adversarial set."""
    fixtures = root / "tests" / "fixtures"
    return sorted((fixtures / "corpus" / "docx").glob("*.docx")) + sorted(
        (fixtures / "adversarial" / "cases").glob("*.docx"))


@dataclass
class Trip:
    result: CopyResult
    changes: dict
    blob: bytes
    seconds: float
    wrong: list = field(default_factory=list)          # written cells not read back as new
    other_changes: list = field(default_factory=list)  # cells and paragraphs that changed


def random_changes(report, rng, count) -> dict:
    """{key: (old, new)} for `count` random cells the reader located (all when None)."""
    keys = [k for k in report.cells if k in report.provenance or k in report.blank_refs]
    if count is not None:
        keys = rng.sample(keys, min(count, len(keys)))
    out = {}
    for key in keys:
        old = report.cells[key]
        new = rng.choice([0, 1, 7, 12, 305, 1234]) if old is None else old + rng.randint(1, 99)
        out[key] = (old, new)
    return out


def round_trip(path: pathlib.Path, rng, count=10) -> Trip:
    doc, report = open_report(str(path), with_checks=False)
    changes = random_changes(report, rng, count)
    data = path.read_bytes()
    started = time.perf_counter()
    blob, result = corrected_bytes(data, report, changes)
    trip = Trip(result, changes, blob, time.perf_counter() - started)
    doc2 = docx_reader.read(str(path), blob)
    report2 = recognize_report(doc2)
    written = set(result.written)
    trip.wrong = [k for k in written if report2.cells.get(k) != changes[k][1]]
    trip.other_changes = [k for k in report.cells if k not in written
                          and report2.cells.get(k) != report.cells.get(k)]
    trip.other_changes += _text_changes(doc, doc2, report, written)
    return trip


def _text_changes(doc, doc2, report, written: set) -> list[str]:
    """Every paragraph and every table cell whose text differs, other than the written cells."""
    places = {(r.table, r.row, r.col) for k in written
              for r in [report.provenance.get(k) or report.blank_refs.get(k)]}
    if len(doc.blocks) != len(doc2.blocks):
        return [f"{len(doc.blocks)} blocks became {len(doc2.blocks)}"]
    out = []
    for a, b in zip(doc.blocks, doc2.blocks):
        if isinstance(a, Paragraph):
            if a.text != getattr(b, "text", None):
                out.append(f"paragraph {a.text[:30]!r}")
            continue
        cells_a = [c for row in a.rows for c in row]
        cells_b = [c for row in b.rows for c in row]
        for ca, cb in zip(cells_a, cells_b):
            place = (ca.ref.table, ca.ref.row, ca.ref.col)
            if place not in places and ca.text != cb.text:
                out.append(f"cell {place} {ca.text!r} → {cb.text!r}")
        if len(cells_a) != len(cells_b):
            out.append(f"table {a.ref.table}: cell count changed")
    return out
