"""Benchmark: recheck one report after one edit (goal: under 2 ms). Not a test; run it by hand.

    .venv/bin/python scripts/bench_checks.py

For each real fixture report (read by the real pipeline), time what the app does after a
person edits a cell: the cell set, then every check — the 勾稽 rules and value
checks (`recheck`) and the full `run_checks` with the narrative cross-checks the GUI runs (the
text is parsed once per document and cached, so only the number comparisons rerun). The
first, uncached narrative pass is printed too, for the record.
"""
from __future__ import annotations

import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.checks import narrative, sections  # noqa: E402
from core.checks.run import recheck, run_checks  # noqa: E402
from core.pipeline import open_report  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "real"
KEY = "requests.granted.natural"   # in a row rule and a column rule: findings and a hint


def bench(path: pathlib.Path, rounds: int = 2000) -> tuple[float, float, float, float]:
    """(median recheck ms, p99, median run_checks ms, first narrative pass ms)."""
    doc, report = open_report(str(path), with_checks=False)
    for fn in (narrative.mentions, narrative._year_findings, sections._section_findings):
        fn.cache_clear()
    start = time.perf_counter()
    narrative.narrative_findings(report, doc.text)
    first = (time.perf_counter() - start) * 1000
    base = report.cells.get(KEY) or 0
    quick, full = [], []
    for i in range(rounds):
        start = time.perf_counter()
        report.cells[KEY] = base + 1 + i % 2      # every edit breaks two rules
        recheck(report)
        quick.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        report.cells[KEY] = base + 2 - i % 2
        report.findings = run_checks(report, doc)
        full.append((time.perf_counter() - start) * 1000)
    p99 = sorted(quick)[int(len(quick) * 0.99)]
    return statistics.median(quick), p99, statistics.median(full), first


def main() -> int:
    worst = 0.0
    paths = sorted(FIXTURES.rglob("*.txt"))
    print(f"{'report':14s} {'chars':>6s}  recheck median/p99   with narrative   first text pass")
    for path in paths:
        quick, p99, full, first = bench(path)
        worst = max(worst, quick, full)
        chars = len(path.read_text(encoding="utf-8"))
        print(f"{path.stem:14s} {chars:6d}  {quick:6.3f} / {p99:6.3f} ms   {full:6.3f} ms"
              f"        {first:6.2f} ms")
    verdict = "OK" if worst < 2 else "TOO SLOW"
    print(f"goal: edit + recheck < 2 ms (median): {verdict}, worst median {worst:.3f} ms")
    return 0 if worst < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
