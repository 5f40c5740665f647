"""CPU time of a whole `python -m core extract` process, this checkout against others.

    git worktree add --detach ../round1 0ef4469^      # the code before "Lighter start"
    .venv/bin/python scripts/bench_cli.py ../round1   # ratio of this checkout to round 1

Each checkout's `core` runs from its own folder with this venv's Python and libraries, one
process of each in turn (so that load from other jobs falls on all alike), after one warm-up
run each that writes the bytecode caches. CPU time is user + system of the child
(getrusage); the figures are medians. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "fixtures" / "corpus" / "pdf" / "黄岭镇-2020.pdf"   # 4 pages


def cpu_of(command: list[str], cwd: pathlib.Path, env: dict) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("baseline", type=pathlib.Path, help="the checkout the ratio is taken to")
    ap.add_argument("others", type=pathlib.Path, nargs="*", help="more checkouts to compare")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--file", type=pathlib.Path, default=PDF)
    args = ap.parse_args()
    # bytecode caches written and used, as an installed copy has them
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "core", "extract", str(args.file.resolve())]
    folders = [args.baseline.resolve(), *(p.resolve() for p in args.others), ROOT]
    for folder in folders:
        cpu_of(command, folder, env)
    seconds: dict[pathlib.Path, list[float]] = {folder: [] for folder in folders}
    for _ in range(args.runs):
        for folder in folders:
            seconds[folder].append(cpu_of(command, folder, env))
    base = statistics.median(seconds[folders[0]])
    for folder in folders:
        median = statistics.median(seconds[folder])
        print(f"{median * 1000:6.0f} ms median, {min(seconds[folder]) * 1000:4.0f} ms least, "
              f"{median / base:.3f}× the first  {folder.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
