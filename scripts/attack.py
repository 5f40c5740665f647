"""The long attack run (`make attack`): thousands of hostile inputs, a batch with hostile files
mixed in, 100 MB of text, and the memory text costs per byte read. Prints the figures the README
quotes; exit 1 on any failure.

    python scripts/attack.py [--cases 2000] [--seed 12] [--batch 200] [--skip-text]
    python scripts/attack.py --memory-only      # just the bytes of memory per byte of text
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import pathlib
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "core")]

from attack_cases import SAMPLE_TXT, generate  # noqa: E402
from attack_runner import run_case  # noqa: E402
from hostile_inputs import html_span_bomb, pdf_form_fanout  # noqa: E402


def attack(count: int, seed: int) -> bool:
    folder = tempfile.mkdtemp(prefix="nianbao-attack-")
    started = time.monotonic()
    cases = generate(folder, count, seed)
    print(f"{len(cases)} cases generated in {time.monotonic() - started:.0f} s", flush=True)
    per_class = collections.defaultdict(lambda: collections.Counter())
    worst_time, worst_cpu, worst_mem, failures = 0.0, 0.0, 0, []
    for k, case in enumerate(cases, start=1):
        outcome = run_case(case.argv, folder)
        per_class[case.kind][outcome.rc] += 1
        worst_time, worst_mem = max(worst_time, outcome.seconds), max(worst_mem, outcome.peak_bytes)
        worst_cpu = max(worst_cpu, outcome.cpu_seconds)
        if outcome.problems():
            failures.append((case, outcome))
            print(f"FAIL {case.kind} {case.name}: {outcome.problems()} {outcome.stderr[-300:]!r}")
        if k % 200 == 0:
            print(f"  {k}/{len(cases)} run, {len(failures)} failing", flush=True)
    print(f"\nattack: {len(cases)} cases in {time.monotonic() - started:.0f} s; "
          f"{len(failures)} failing; slowest {worst_cpu:.1f} s CPU ({worst_time:.1f} s wall); "
          f"largest {worst_mem // 2**20} MB", flush=True)
    for kind, codes in sorted(per_class.items()):
        print(f"  {kind:12} {sum(codes.values()):5} cases  exit codes {dict(sorted(codes.items()))}")
    shutil.rmtree(folder, ignore_errors=True)
    return not failures


def batch(total: int, hostile: int) -> bool:
    """`total` files, `hostile` of them hostile: every good one summarised, every bad one listed."""
    from core.batch import run_batch
    from core.xlsx.summary import write_summary
    folder = tempfile.mkdtemp(prefix="nianbao-batch-")
    rng = random.Random(7)
    sample = SAMPLE_TXT.read_bytes()
    makers = [lambda: ("html", html_span_bomb(100, 300)), lambda: ("pdf", pdf_form_fanout(8)),
              lambda: ("pdf", b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(3000))),
              lambda: ("txt", b"\x00\x01" * 5000), lambda: ("docx", b"PK\x03\x04" + b"\0" * 100)]
    bad = set(rng.sample(range(total), hostile))
    for k in range(total):
        if k in bad:
            suffix, data = makers[k % len(makers)]()
        else:
            suffix, data = "txt", sample.replace("城郊乡".encode(), f"城郊乡{k}".encode(), 1)
        (pathlib.Path(folder) / f"{k:03d}.{suffix}").write_bytes(data)
    started = time.monotonic()
    result = run_batch([folder], workers=2)
    write_summary(result, os.path.join(folder, "汇总.xlsx"))
    seconds = time.monotonic() - started
    ok = len(result.reports) == total - hostile and len(result.failures) == hostile
    print(f"\nbatch: {total} files ({hostile} hostile) in {seconds:.0f} s: "
          f"{len(result.reports)} summarised, {len(result.failures)} listed in 无法读取 "
          f"— {'as expected' if ok else 'NOT as expected'}")
    shutil.rmtree(folder, ignore_errors=True)
    return ok


def big_text(megabytes: int = 100) -> bool:
    """100 MB of report text: read within 2 GB or refused plainly, in under 60 s."""
    folder = tempfile.mkdtemp(prefix="nianbao-text-")
    path = os.path.join(folder, "big.txt")
    sample = SAMPLE_TXT.read_bytes()
    with open(path, "wb") as fh:
        for _ in range(megabytes * 2**20 // len(sample) + 1):
            fh.write(sample)
    outcome = run_case(["extract", path], folder)
    ok = outcome.rc in (0, 2) and outcome.seconds < 60 and outcome.peak_bytes < 2 * 2**30 \
        and not outcome.problems()
    print(f"\ntext: {os.path.getsize(path) // 2**20} MB → exit {outcome.rc} in "
          f"{outcome.seconds:.1f} s, peak {outcome.peak_bytes // 2**20} MB: {outcome.stderr.strip()}")
    shutil.rmtree(folder, ignore_errors=True)
    return ok


# Measured in a fresh process: resident memory at its peak (VmHWM, restarted after the imports;
# not ru_maxrss, which a process started by a big parent inherits) minus before the read, the
# text caps lifted (the constant is what is measured; the caps refuse such sizes otherwise).
# For the text kinds, after reading 10 KB of the same shape: the first read of a process costs
# ~1 MB once (a 0.1 MB file of fixed-width tables: 15.6 bytes per byte cold, ~2–5 warm).
_MEASURE = """
import json, sys, time
import core.limits as limits
for name in ("MAX_TEXT_BYTES", "MAX_TEXT_CHARS", "MAX_TEXT_LINES"):
    setattr(limits, name, 10**9)
from core import pipeline
import core.checks.run, core.readers.html, core.readers.txt
if sys.argv[1].endswith(".html"):   # the HTML reader's parser, imported on its first use
    import lxml.etree                 # (4 MB of library: a fixed cost, not one per byte)
if len(sys.argv) > 2:   # a small read of the same shape first: what one read costs once per
    pipeline.open_report(sys.argv[2])   # process (regexes, rapidfuzz, tables paged in), not per byte
def status(field):
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith(field + ":"))
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")   # the peak restarts from here (imports done)
before = status("VmRSS")
started = time.perf_counter()
pipeline.open_report(sys.argv[1])
print(json.dumps({"bytes": status("VmHWM") - before, "seconds": time.perf_counter() - started}))
"""
HTML_SAMPLE = ROOT / "tests" / "fixtures" / "corpus" / "html" / "三合乡-2020.html"
HTML_KINDS = ("html", "layout")   # the page's body as is, and wrapped in a layout table
LAYOUT_SAMPLE = ROOT / "tests" / "fixtures" / "adversarial" / "cases" / "t04_pdftotext_layout.txt"
TITLE = "政府信息公开工作年度报告\n"
# Hostile shapes of text, (head, body repeated): the tables of pdftotext -layout (columns
# aligned with spaces), numbers one per line under a label (copied from a browser), short label
# lines, blank lines, one long table of pipes, and lines near the line-length cap.
TEXT_SHAPES = {
    "columns": lambda: ("", (lambda t: t[t.index("二、主动公开"):t.index("五、存在")])(
        LAYOUT_SAMPLE.read_text(encoding="utf-8"))),
    "numbers": lambda: (TITLE + "行政许可\n", "".join(f"{k % 97}\n" for k in range(1000))),
    "labels": lambda: (TITLE, "".join(f"行政许可{k}\n" for k in range(100))),
    "blanks": lambda: (TITLE, "\n" * 1000 + "行政许可 12\n"),
    "pipes": lambda: (TITLE, "| （一）行政许可 | " + " | ".join(["12"] * 30) + " |\n"),
    "long lines": lambda: (TITLE, "\t".join(["12"] * 16000) + "\n"),
}


def _repeated(kind: str, size: int, folder: str) -> str:
    """`size` bytes of a real report: the TXT over and over, or the HTML page's body repeated;
    or of one long table of text."""
    if kind == "txt":
        head, body, tail = b"", SAMPLE_TXT.read_bytes(), b""
    elif kind == "table":   # hostile: one table of 31 columns, row after row
        head, body, tail = "政府信息公开工作年度报告\n".encode(), ("（一）行政许可\t" + "\t".join(
            ["12"] * 30) + "\n").encode(), b""
    elif kind in TEXT_SHAPES:
        head, body = (part.encode() for part in TEXT_SHAPES[kind]())
        tail = b""
    else:
        page = HTML_SAMPLE.read_bytes()
        start, end = page.index(b"<body"), page.rindex(b"</body>")
        start = page.index(b">", start) + 1
        head, body, tail = page[:start], page[start:end], page[end:]
        if kind == "layout":   # the body in one cell of a layout table (old government sites)
            head, tail = head + b"<table><tr><td>", b"</td></tr></table>" + tail
    suffix = "html" if kind in HTML_KINDS else "txt"
    path = os.path.join(folder, f"{kind.replace(' ', '_')}-{size}.{suffix}")
    with open(path, "wb") as fh:
        fh.write(head + body * max(1, (size - len(head) - len(tail)) // len(body)) + tail)
    return path


def text_memory(sizes=(0.1, 0.5, 1.0)) -> bool:
    """Bytes of memory per byte of report text (TXT and HTML); the issue asks for ≤ 10."""
    folder = tempfile.mkdtemp(prefix="nianbao-memory-")
    ok = True
    for kind in ("txt", *HTML_KINDS, "table", *TEXT_SHAPES):
        for mb in sizes:
            path = _repeated(kind, int(mb * 2**20), folder)
            warm = [] if kind in HTML_KINDS else [_repeated(kind, 10_000, folder)]
            done = subprocess.run([sys.executable, "-c", _MEASURE, path, *warm], cwd=ROOT,
                                  capture_output=True, text=True, timeout=600)
            if done.returncode:
                print(f"memory: {kind} {mb} MB failed: {done.stderr.strip()[-300:]}")
                ok = False
                continue
            got = json.loads(done.stdout)
            per_byte = got["bytes"] / os.path.getsize(path)
            # the goal: every text shape; HTML from 0.5 MB, as reading any page costs about
            # 0.6 MB more than the baseline (a 17 KB one 0.67 MB): most of the figure at 0.1 MB
            counted = kind not in HTML_KINDS or mb >= 0.5
            ok = ok and (not counted or per_byte <= 10)
            print(f"memory: {kind} {os.path.getsize(path) / 2**20:.2f} MB → "
                  f"{got['bytes'] / 2**20:.1f} MB over the baseline = {per_byte:.1f} bytes per byte, "
                  f"{got['seconds']:.1f} s", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--skip-text", action="store_true")
    parser.add_argument("--memory-only", action="store_true")
    args = parser.parse_args()
    if args.memory_only:
        return 0 if text_memory() else 1
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    ok = attack(args.cases, args.seed)
    if args.batch:
        ok = batch(args.batch, args.batch // 10) and ok
    if not args.skip_text:
        ok = big_text() and ok
        ok = text_memory() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
