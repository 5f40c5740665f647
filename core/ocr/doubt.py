"""请核对 marks: the cells whose OCR'd text the engine was unsure of, as ordinary findings."""
from __future__ import annotations

from ..model import Finding, Report, SourceDocument
from . import DOUBT_SCORE

OVERLAP = 0.5   # a word belongs to a cell when at least half of its box lies in the cell's box


def doubt_notices(report: Report, doc: SourceDocument) -> list[Finding]:
    """One warning per cell filled from an OCR'd word read with less than DOUBT_SCORE, so that
    the findings list, the Excel (请核对) and the walk through the findings all show it."""
    words: dict[int, list] = {}
    for page, box, text, score in doc.ocr_words:
        words.setdefault(page, []).append((box, text, score))
    out = _under_seals(report, doc)
    sealed = {k for f in out for k in f.cells}
    for key, ref in report.provenance.items():
        if key in sealed:
            continue
        if ref.table is not None and (ref.table, ref.row, ref.col) in doc.ocr_cells \
                and report.cells.get(key) is not None:
            out.extend(_doubt(key, *doc.ocr_cells[(ref.table, ref.row, ref.col)]))   # a picture in a DOCX
            continue
        if ref.page not in words or not ref.bbox or report.cells.get(key) is None:
            continue
        inside = [(text, score) for box, text, score in words[ref.page] if _within(box, ref.bbox)]
        if not inside:
            continue
        out.extend(_doubt(key, *min(inside, key=lambda w: w[1])))
    return out


def _doubt(key: str, text: str, score: float) -> list[Finding]:
    if score >= DOUBT_SCORE:
        return []
    return [Finding("ocr.doubt", "warning", cells=(key,), params={"text": text, "score": int(score * 100)})]


def _within(word, cell) -> bool:
    x0, top = max(word[0], cell[0]), max(word[1], cell[1])
    x1, bottom = min(word[2], cell[2]), min(word[3], cell[3])
    if x1 <= x0 or bottom <= top:
        return False
    area = (word[2] - word[0]) * (word[3] - word[1])
    return area > 0 and (x1 - x0) * (bottom - top) >= OVERLAP * area


def _under_seals(report: Report, doc: SourceDocument) -> list[Finding]:
    """Every cell of a table row a seal lies over: its digits may be misread, dropped, or read
    into the next cell, and no confidence says so. One 请核对 per row, naming its cells."""
    seals: dict[int, list] = {}
    for page, box in doc.ocr_seals:
        seals.setdefault(page, []).append(box)
    rows: dict[str, list[str]] = {}
    for key in report.cells:
        rows.setdefault(key.rpartition(".")[0], []).append(key)
    out = []
    for row, keys in rows.items():
        refs = [report.provenance[k] for k in keys if k in report.provenance]
        boxes = [r.bbox for r in refs if r.page in seals and r.bbox]
        if not boxes:
            continue
        page = next(r.page for r in refs if r.page in seals and r.bbox)
        top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
        left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
        band = (left - 60, top, right + 60, bottom)   # the row, a cell's width either side
        if any(_overlap(band, seal) for seal in seals[page]):
            out.append(Finding("ocr.seal", "warning", cells=tuple(keys),
                               params={"row": row, "layout": report.layout}))
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
