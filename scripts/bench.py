"""Extraction benchmark: median seconds per report and peak memory per format; PDF vs bare readers.

Run `make bench` (or `.venv/bin/python scripts/bench.py`). Each format runs in a fresh
subprocess so its peak memory (ru_maxrss) is its own. Figures go to stdout as a Markdown table
and to docs/benchmarks.md. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import resource
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SUFFIXES = {"txt": (".txt",), "docx": (".docx",), "html": (".html", ".htm"), "pdf": (".pdf",),
            "doc": (".doc", ".wps"), "sheet": (".xlsx", ".xls", ".et"), "ofd": (".ofd",)}
OFFICE = ROOT / "tests" / "fixtures" / "office"
# the office formats' fixtures (tests/fixtures/office), by the folders that hold them
OFFICE_FOLDERS = {"doc": ("doc", "wps"), "sheet": ("xlsx", "xls", "et"), "ofd": ("ofd",)}
REPEAT = 3
TEN_PAGES = "report_10p.pdf"   # tests/fixtures/pdf: a whole report of 10 pages
CLI_PDF = CORPUS / "pdf" / "黄岭镇-2020.pdf"   # 4 pages: the CLI's whole-process CPU time
CLI_RUNS = 15


def files_for(fmt: str) -> list[pathlib.Path]:
    if fmt in OFFICE_FOLDERS:
        return [p for folder in OFFICE_FOLDERS[fmt] for p in sorted((OFFICE / folder).iterdir())
                if p.suffix.lower() in SUFFIXES[fmt]]
    found = []
    for folder in (CORPUS / fmt, ROOT / "tests" / "fixtures" / "pdf"):
        if folder.is_dir():
            found += [p for p in sorted(folder.iterdir()) if p.suffix.lower() in SUFFIXES[fmt]]
    if fmt == "txt":
        shared = ROOT / "tests" / "fixtures" / "real"
        found += sorted(shared.rglob("*.txt"))
    return found


def _bare_words(path: pathlib.Path) -> float:
    import pdfplumber
    start = time.perf_counter()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_words()
    return time.perf_counter() - start


def _bare_text(path: pathlib.Path) -> float:
    """pypdfium2 alone: every page's text, the least any PDF reader has to do."""
    import pypdfium2
    start = time.perf_counter()
    pdf = pypdfium2.PdfDocument(str(path))
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
    return time.perf_counter() - start


def measure(fmt: str) -> dict:
    """Run inside the per-format subprocess."""
    from core.errors import NianbaoError
    from core.pipeline import open_report
    times, ratios, pdfium_ratios, pages, failed = [], [], [], [], 0
    pdf_paths = []
    for path in files_for(fmt):
        try:
            open_report(str(path), with_checks=True)          # warm the imports and caches
        except NianbaoError:
            failed += 1                                        # broken-file fixtures
            continue
        runs = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            doc, _ = open_report(str(path), with_checks=True)
            runs.append(time.perf_counter() - start)
        best = statistics.median(runs)
        times.append(best)
        if fmt == "pdf":
            bare = statistics.median(_bare_words(path) for _ in range(REPEAT))
            ratios.append(best / bare if bare else 0.0)
            text_only = statistics.median(_bare_text(path) for _ in range(REPEAT))
            pdfium_ratios.append(best / text_only if text_only else 0.0)
            pages.append(doc.pages)
            pdf_paths.append(path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"format": fmt, "reports": len(times), "unreadable": failed,
           "median_s": statistics.median(times) if times else None,
           "max_s": max(times) if times else None, "peak_mb": round(peak_mb, 1)}
    if fmt == "doc":   # the same reports as DOCX (the corpus they were converted from)
        same = []
        for path in files_for(fmt):
            docx = CORPUS / "docx" / (path.stem + ".docx")
            if not docx.exists():
                continue   # converted from elsewhere (the adversarial set)
            open_report(str(docx), with_checks=True)
            same.append(statistics.median(_timed(docx) for _ in range(REPEAT)))
        out["same_docx_median_s"] = statistics.median(same)
    if ratios:
        out["pdf_ratio_median"] = statistics.median(ratios)
        out["pdfium_ratio_median"] = statistics.median(pdfium_ratios)
        out["pdf_pages_max"] = max(pages)
        ten = [(t, r) for path, t, r in zip(pdf_paths, times, ratios) if path.name == TEN_PAGES]
        if ten:
            out["ten_pages_s"], out["ten_pages_ratio"] = ten[0]
    return out


def _timed(path: pathlib.Path) -> float:
    from core.pipeline import open_report
    start = time.perf_counter()
    open_report(str(path), with_checks=True)
    return time.perf_counter() - start


def cli_cpu(runs: int = CLI_RUNS) -> float:
    """Median CPU seconds (user + system) of a whole `python -m core extract` process."""
    seconds = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "core", "extract", str(CLI_PDF)], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(seconds)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", choices=sorted(SUFFIXES))
    args = ap.parse_args()
    if args.format:
        print(json.dumps(measure(args.format)))
        return 0
    rows = []
    for fmt in ("txt", "docx", "html", "pdf", "doc", "sheet", "ofd"):
        proc = subprocess.run([sys.executable, __file__, "--format", fmt],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            continue
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    lines = ["| format | reports | median s/report | max s | peak MB | PDF: whole / bare extract_words (median) "
             "| PDF: whole / bare pypdfium2 text (median) | 10-page PDF report: s (ratio) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        fmt = lambda v, p=3: "—" if v is None else f"{v:.{p}f}"  # noqa: E731
        lines.append(f"| {r['format']} | {r['reports']} | {fmt(r['median_s'])} | {fmt(r['max_s'])} | "
                     f"{r['peak_mb']:.0f} | {fmt(r.get('pdf_ratio_median'), 2)} | "
                     f"{fmt(r.get('pdfium_ratio_median'), 2)} | "
                     + (f"{fmt(r['ten_pages_s'])} ({fmt(r['ten_pages_ratio'], 2)})"
                        if "ten_pages_s" in r else "—") + " |")
    for r in rows:
        if "same_docx_median_s" in r:
            lines.append(f"\n.doc/.wps vs the same reports as DOCX, median per report: "
                         f"{r['median_s']:.3f} s vs {r['same_docx_median_s']:.3f} s "
                         f"({r['median_s'] / r['same_docx_median_s']:.2f}×; goal within 2×).")
    lines.append(f"\nCLI `python -m core extract {CLI_PDF.name}` (4 pages), whole process: "
                 f"{cli_cpu():.3f} s CPU (median of {CLI_RUNS}).")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("# Extraction benchmark (scripts/bench.py)\n\n" + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
