"""Round trip of the corrected DOCX copy over every DOCX fixture: correct cells, write, read back.

Usage: python scripts/roundtrip_docx.py [--all] [--seed N]
  --all  correct every located cell of every document (default: 10 random cells each)
Prints per document: cells written / refused, cells read back wrong, other text changed, time.
"""
from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests" / "core"))
from docx_roundtrip import docx_fixtures, round_trip  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    totals = [0, 0, 0, 0]
    times = []
    for path in docx_fixtures(ROOT):
        started = time.perf_counter()
        trip = round_trip(path, rng, None if args.all else 10)
        times.append(trip.seconds)
        totals[0] += len(trip.result.written)
        totals[1] += len(trip.result.refused)
        totals[2] += len(trip.wrong)
        totals[3] += len(trip.other_changes)
        print(f"{path.name}: written {len(trip.result.written)}, refused {len(trip.result.refused)},"
              f" wrong {trip.wrong[:3]}, other changes {trip.other_changes[:3]},"
              f" write {trip.seconds:.3f} s (all {time.perf_counter() - started:.2f} s)")
    times.sort()
    print(f"total: written {totals[0]}, refused {totals[1]}, read back wrong {totals[2]},"
          f" other text changed {totals[3]}; write median {times[len(times) // 2]:.3f} s,"
          f" max {times[-1]:.3f} s")
    return 0 if totals[2] == totals[3] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
