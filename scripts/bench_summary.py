"""Summary workbook benchmark: write the county summary of N generated reports (no parsing).

    .venv/bin/python scripts/bench_summary.py [--reports 500]

Wall time and process CPU time of `write_summary` (the machine may be shared: CPU time is the
steadier figure), and the file size. The reports are bench_batch's generated cells, half 2019
layout and half 2021, two consecutive years per body.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_batch import PLACE_A, PLACE_B, report_cells  # noqa: E402
from core.batch import BatchResult  # noqa: E402
from core.xlsx.summary import write_summary  # noqa: E402


def reports(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out, carried = [], {}
    for i in range(n):
        agency = f"{PLACE_A[i // 2 % len(PLACE_A)]}{PLACE_B[i // 2 // len(PLACE_A) % len(PLACE_B)]}{i // 800 or ''}镇人民政府"
        year = 2020 + i % 2
        layout = "2019" if i % 4 < 2 else "2021"
        out.append({"path": f"{agency}-{year}.txt", "ok": True, "errors": 0, "warnings": 0,
                    "first_error": "", "meta": {"agency": agency, "year": year, "layout": layout},
                    "cells": report_cells(layout, rng, carried)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=500)
    args = parser.parse_args()
    result = BatchResult(reports(args.reports), [], 1.0)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "年报汇总.xlsx")
        wall, cpu = time.perf_counter(), time.process_time()
        write_summary(result, out)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = os.path.getsize(out)
    print(f"{args.reports} reports: summary written in {wall:.2f} s wall, {cpu:.2f} s CPU, "
          f"{size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
