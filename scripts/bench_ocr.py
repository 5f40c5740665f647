"""OCR benchmark on the own scanned corpus: cells right, wrong cells left unmarked, time, memory.

    python scripts/bench_ocr.py [DIR]     # DIR: scans with .expected.json beside them;
                                          # without it the full set is made in a temp folder
Each scan is read in a fresh process (its time and peak memory are its own), as
`python -m core extract` would. Informative cells are those whose expected value is not 0
(a number, or blank): a 0 read as 0 says little. A wrong cell is "marked" when a finding names
it: 请核对 (low OCR confidence) or a failing 勾稽 rule; "blank-noted" adds the row notes that
list blank cells (checked as 0).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ONE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
t, c = time.monotonic(), time.process_time()
from core.pipeline import open_report
doc, report = open_report(sys.argv[1])
wall, cpu = time.monotonic() - t, time.process_time() - c
marks = {"doubt": set(), "rule": set(), "blank": set()}
for f in report.notices + report.findings:
    kind = "doubt" if f.code == "ocr.doubt" else "rule" if f.severity == "error" else \
        "blank" if f.code.startswith("value.blank") else None
    if kind:
        marks[kind].update(f.cells)
print(json.dumps({"cells": report.cells, "layout": report.layout, "missing": report.missing_tables,
                  "pages": doc.pages, "ocr_pages": len(doc.ocr_pages), "wall": wall, "cpu": cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "marks": {k: sorted(v) for k, v in marks.items()}}))
"""


def run_one(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", ONE, str(path), str(ROOT)], capture_output=True,
                         text=True, check=False)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        folder = Path(argv[0])
    else:
        folder = Path(tempfile.mkdtemp(prefix="scans-"))
        sys.path.insert(0, str(ROOT / "scripts"))
        import make_scans
        make_scans.main([str(folder)])
    totals = dict(docs=0, cells=0, right=0, informative=0, informative_right=0, wrong=0,
                  unmarked=0, unmarked_strict=0, pages=0, wall=0.0, cpu=0.0, peak=0.0,
                  tables_found=0, layout_right=0)
    print("| scan | pages (OCR) | informative right | wrong | unmarked | s/page wall | s/page CPU | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for path in sorted(folder.glob("*.pdf")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        got = run_one(path)
        if "error" in got:
            print(f"| {path.stem} | — | {got['error']} | | | | | |")
            totals["docs"] += 1
            continue
        cells = expected["cells"]
        wrong = [k for k, v in cells.items() if got["cells"].get(k) != v]
        informative = [k for k, v in cells.items() if v != 0]
        marked = set(got["marks"]["doubt"]) | set(got["marks"]["rule"])
        noted = marked | set(got["marks"]["blank"])
        unmarked = [k for k in wrong if k not in noted]
        strict = [k for k in wrong if k not in marked]
        inf_right = sum(got["cells"].get(k) == cells[k] for k in informative)
        per_page = got["wall"] / max(1, got["pages"])
        totals.update(docs=totals["docs"] + 1, cells=totals["cells"] + len(cells),
                      right=totals["right"] + len(cells) - len(wrong),
                      informative=totals["informative"] + len(informative),
                      informative_right=totals["informative_right"] + inf_right,
                      wrong=totals["wrong"] + len(wrong), unmarked=totals["unmarked"] + len(unmarked),
                      unmarked_strict=totals["unmarked_strict"] + len(strict),
                      pages=totals["pages"] + got["ocr_pages"], wall=totals["wall"] + got["wall"],
                      cpu=totals["cpu"] + got["cpu"], peak=max(totals["peak"], got["peak_mb"]),
                      tables_found=totals["tables_found"] + (not got["missing"]),
                      layout_right=totals["layout_right"] + (got["layout"] == expected["meta"]["layout"]))
        print(f"| {path.stem} | {got['pages']} ({got['ocr_pages']}) | {inf_right}/{len(informative)} "
              f"| {len(wrong)} | {len(strict)} ({len(unmarked)} after blank notes) | {per_page:.1f} "
              f"| {got['cpu'] / max(1, got['pages']):.1f} | {got['peak_mb']:.0f} |")
        for k in wrong[:6]:
            print(f"|   {k} | | expected {cells[k]} | read {got['cells'].get(k)} | "
                  f"{'marked' if k in marked else 'blank-noted' if k in noted else 'UNMARKED'} | | | |")
    t = totals
    print(f"\n{t['docs']} scans, {t['pages']} OCR pages: informative cells right "
          f"{t['informative_right']}/{t['informative']} ({100 * t['informative_right'] / max(1, t['informative']):.2f} %), "
          f"all cells {t['right']}/{t['cells']}; wrong {t['wrong']}, unmarked {t['unmarked_strict']} "
          f"({t['unmarked']} after blank notes); every table found in {t['tables_found']}, layout right in "
          f"{t['layout_right']}; {t['wall'] / max(1, t['pages']):.2f} s and {t['cpu'] / max(1, t['pages']):.2f} s CPU "
          f"per OCR page; peak memory {t['peak']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
