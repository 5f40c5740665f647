"""Parse what a table cell prints into a number, a blank, or text."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

# Blank markers the spec names ("", "/", "-", "—") and their full-width cousins.
# 无 is what many reports print in an empty cell ("行政强制 | 4 | 无 | 9").
BLANKS = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "―", "\\", "、", "空", "无"})
# Units and counting words printed after a number: amounts (万元, 元, 万 for 万元) and counts
# ("2笔", "1个", "3批": 政府集中采购 rows of 平潭 reports).
UNIT = r"万元|元|万|人次|件|个|条|项|次|宗|笔|批|家|份"
MAX_DIGITS = 18   # more digits than any statistic (or amount in 万元) a report prints
CACHED_TEXTS = 8192   # cell and label texts remembered with their reading (bounded memory)
_NUMBER = re.compile(
    r"^(?P<sign>[+\-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    rf"(?P<unit>{UNIT})?$")
# "22（其中修订16件）": a number with a note in brackets (上海市人民政府办公厅-2025 table 二)
_NUMBER_WITH_NOTE = re.compile(rf"^(?P<num>[+\-]?[\d,]+(?:\.\d+)?(?:{UNIT})?)[（(].*[)）]$")


# compiled once: every cell of a report passes normalize (re.sub looks its cache up each call)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Parsed:
    kind: str                         # "number" | "blank" | "text"
    value: Optional[Union[int, float]] = None
    unit: str = ""


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), U+2212 (the typeset minus) to "-", no spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    return _SPACES.sub("", text)


# A report's cells print the same few texts over and over ("0", "/", "1"), and a PDF cell
# is parsed when split and again when read: each text is parsed once (Parsed is immutable).
@lru_cache(maxsize=CACHED_TEXTS)
def parse_cell(text: str) -> Parsed:
    compact = normalize(text).replace("，", ",")
    if compact in BLANKS:
        return Parsed("blank")
    note = _NUMBER_WITH_NOTE.match(compact)
    if note:
        compact = note.group("num")
    m = _NUMBER.match(compact)
    if not m:
        return Parsed("text")
    digits = m.group("int").replace(",", "")
    if len(digits) > MAX_DIGITS:
        return Parsed("text")   # no count has that many digits (and int() refuses 4300+)
    sign = -1 if m.group("sign") == "-" else 1
    if m.group("frac"):
        value: Union[int, float] = sign * float(digits + m.group("frac"))
    else:
        value = sign * int(digits)
    return Parsed("number", value, m.group("unit") or "")


# A number as a flattened row prints it, unit included ("212件", "1.25万元", h07 case).
_SPACED_NUMBERS = re.compile(rf"[+\-−]?[\d０-９][\d０-９,，]*(?:\.[\d０-９]+)?(?:{UNIT})?")
# Blank marks that may sit among the numbers of a flattened row ("— — 1 1 1 — 3", 北门街道).
_SPACED_BLANKS = frozenset({"/", "／", "-", "－", "—", "——", "–", "―"})
_UNITS = frozenset(UNIT.split("|"))
# "— 3 —" or "- 12 -": a page number, not a row.
_PAGE_NUMBER = re.compile(r"^\s*[—\-－–]\s*\d{1,3}\s*[—\-－–]\s*$")


def trailing_numbers(text: str) -> Optional[tuple[str, list[tuple[int, int]]]]:
    """Split "行政许可 97" or "1.属于国家秘密 0 0 0 …" into a label and number spans.

    Returns (label, [(start, end), …]) with spans into `text`, or None when the line does not
    end in a run of whitespace-separated numbers. Blank marks may stand among the numbers
    (a row with empty cells); a run of blanks alone counts only with two or more of them.
    """
    if _PAGE_NUMBER.match(text):
        return None
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    # "政府集中采购 6 251000 元": a unit set apart from its number belongs to it
    if len(tokens) >= 2 and text[tokens[-1][0]:tokens[-1][1]] in _UNITS:
        unit = tokens.pop()
        tokens[-1] = (tokens[-1][0], unit[1])
    spans: list[tuple[int, int]] = []
    numbers = 0
    while tokens:
        s, e = tokens[-1]
        token = _SPACES.sub("", unicodedata.normalize("NFKC", text[s:e])).replace("，", ",")
        number = parse_cell(token).kind == "number" and _SPACED_NUMBERS.fullmatch(token)
        if not number and text[s:e] not in _SPACED_BLANKS:
            break
        numbers += bool(number)
        spans.insert(0, (s, e))
        tokens.pop()
    if not spans or (numbers == 0 and len(spans) < 2):
        return None
    label = text[:spans[0][0]].strip()
    return label, spans
