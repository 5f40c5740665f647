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
    out = []
    for key, ref in report.provenance.items():
        if ref.page not in words or not ref.bbox or report.cells.get(key) is None:
            continue
        inside = [(text, score) for box, text, score in words[ref.page] if _within(box, ref.bbox)]
        if not inside:
            continue
        text, score = min(inside, key=lambda w: w[1])
        if score < DOUBT_SCORE:
            out.append(Finding("ocr.doubt", "warning", cells=(key,),
                               params={"text": text, "score": int(score * 100)}))
    return out


def _within(word, cell) -> bool:
    x0, top = max(word[0], cell[0]), max(word[1], cell[1])
    x1, bottom = min(word[2], cell[2]), min(word[3], cell[3])
    if x1 <= x0 or bottom <= top:
        return False
    area = (word[2] - word[0]) * (word[3] - word[1])
    return area > 0 and (x1 - x0) * (bottom - top) >= OVERLAP * area
