"""Extraction benchmark: median seconds per report and peak memory per format; PDF vs bare readers.

Run `make bench` (or `.venv/bin/python scripts/bench.py`). Each format runs in a fresh
subprocess so its peak memory (ru_maxrss) is its own. Figures go to stdout as a Markdown table
and to docs/benchmarks.md. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
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
PDF_REPEAT = 7   # the PDF ratios: whole and bare runs taken in turn, CPU time, medians
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
    start = time.process_time()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_words()
    return time.process_time() - start


def _bare_text(path: pathlib.Path) -> float:
    """pypdfium2 alone: every page's text, the least any PDF reader has to do."""
    return _pdfium_text(path)[0]


def _pdfium_text(path: pathlib.Path) -> tuple[float, str, int]:
    """CPU seconds for pypdfium2 to give every page's text; the text; the pages."""
    import pypdfium2
    start = time.process_time()
    pdf = pypdfium2.PdfDocument(str(path))
    texts = []
    for page in pdf:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    pages = len(pdf)
    pdf.close()
    return time.process_time() - start, "".join(texts), pages


def _has_text_layer(path: pathlib.Path) -> bool | None:
    """A readable text PDF, not an image-only scan (which OCR reads, with nothing for bare
    text extraction to compare with): as many chars per page as the reader asks of text.
    None for a file pdfium cannot open (the broken-file fixtures: the reader refuses them)."""
    import pypdfium2
    from core.readers.pdf import MIN_CHARS_PER_PAGE
    try:
        _, text, pages = _pdfium_text(path)
    except pypdfium2.PdfiumError:
        return None
    return len("".join(text.split())) >= MIN_CHARS_PER_PAGE * pages


def _pdf_ratios(path: pathlib.Path) -> tuple[float, float]:
    """(whole ÷ pdfplumber extract_words, whole ÷ pypdfium2 text) in CPU time: medians of
    runs taken in turn, so that other work on a shared machine weighs on each alike."""
    from core.pipeline import open_report
    whole, words, text = [], [], []
    for _ in range(PDF_REPEAT):
        start = time.process_time()
        open_report(str(path), with_checks=True)
        whole.append(time.process_time() - start)
        words.append(_bare_words(path))
        text.append(_bare_text(path))
    cpu = statistics.median(whole)
    return cpu / statistics.median(words), cpu / statistics.median(text)


def measure(fmt: str) -> dict:
    """Run inside the per-format subprocess."""
    from core.errors import NianbaoError
    from core.pipeline import open_report
    times, ratios, pdfium_ratios, pages, failed = [], [], [], [], 0
    image_only, ten_pages = [], None
    for path in files_for(fmt):
        if fmt == "pdf" and _has_text_layer(path) is False:
            # an image-only scan is read by OCR (~800 MB at its peak): left out of the PDF
            # row altogether, its times and peak memory as well as its ratios
            image_only.append(path.name)
            continue
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
            pages.append(doc.pages)
            words, text = _pdf_ratios(path)
            ratios.append(words)
            pdfium_ratios.append(text)
            if path.name == TEN_PAGES:
                ten_pages = (best, words)
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
        out["pdf_ratio_count"], out["pdf_image_only"] = len(ratios), image_only
        if ten_pages:
            out["ten_pages_s"], out["ten_pages_ratio"] = ten_pages
    return out


def _timed(path: pathlib.Path) -> float:
    from core.pipeline import open_report
    start = time.perf_counter()
    open_report(str(path), with_checks=True)
    return time.perf_counter() - start


def cli_cpu(runs: int = CLI_RUNS) -> float:
    """Median CPU seconds (user + system) of a whole `python -m core extract` process, with
    the bytecode caches written and used (PYTHONDONTWRITEBYTECODE, if set, is unset for it:
    otherwise every run compiles every module again, which no installed copy does)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "core", "extract", str(CLI_PDF)]
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)   # warm
    seconds = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
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
        if "pdf_ratio_count" in r:
            lines.append(f"\nPDF ratios: CPU time, medians of {PDF_REPEAT} runs taken in turn, over the "
                         f"{r['pdf_ratio_count']} readable text PDFs; left out as image-only (read by "
                         f"OCR, no text layer to compare with): {', '.join(r['pdf_image_only']) or '—'}.")
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
