"""Benchmark: recheck one report after one edit (goal: under 2 ms). Not a test; run it by hand."""
from __future__ import annotations

import json
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.checks import recheck  # noqa: E402
from core.corrections import CorrectionLog  # noqa: E402
from core.model import Report  # noqa: E402

FIXTURES = ROOT.parent / "shared" / "fixtures"


def load(name: str) -> Report:
    path = next(FIXTURES.rglob(f"{name}.expected.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data["meta"]
    return Report(layout=meta["layout"], agency=meta["agency"], year=meta["year"],
                  source=str(path), format="txt", cells=dict(data["cells"]))


def bench(name: str, key: str, rounds: int = 2000) -> list[float]:
    """Time edit + recheck, alternating a value that breaks two rules and one that fixes them."""
    report = load(name)
    log = CorrectionLog(report)
    recheck(report)                           # warm the per-layout rule caches
    times = []
    base = report.cells[key] or 0
    for i in range(rounds):
        start = time.perf_counter()
        log.apply(key, base + 1 + i % 2)      # every edit breaks rules: findings and a hint
        recheck(report)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    worst = 0.0
    for name, key in (("大岚镇-2021", "requests.granted.natural"), ("02", "requests.total.total"),
                      ("03", "appeals.review.upheld")):
        t = bench(name, key)
        p99 = sorted(t)[int(len(t) * 0.99)]
        worst = max(worst, statistics.median(t))
        print(f"{name:12s} edit {key:28s} recheck: median {statistics.median(t):.3f} ms, "
              f"p99 {p99:.3f} ms")
    print(f"goal < 2 ms (median): {'OK' if worst < 2 else 'TOO SLOW'} (worst median {worst:.3f} ms; p99 is noisy on a busy machine)")
    return 0 if worst < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
