"""Numbers the text states that disagree with the (corrected) table, and the safe rewordings."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .. import schema
from ..checks.messages import fmt_number
from ..model import Report
from ..checks.narrative import NUM, mentions, parse_number
from ..readers.docx import W
from .runs import Unsafe, check_scope, replace_span, text_map

MSG_QUOTE_GONE = "正文中找不到这句话"
MSG_QUOTE_TWICE = "正文中这句话出现了不止一次"
_NUM = re.compile(NUM)


@dataclass(frozen=True)
class NarrativeFix:
    """A sentence whose number disagrees with the table. `replacement` is the sentence with the
    table's number, offered only where the link is certain (one cell, one reading)."""

    code: str
    label: str                  # the cells the sentence speaks of, as the table names them
    quote: str                  # the words as the report prints them
    stated: int
    table_value: Optional[float]        # the one reading, when the link is certain
    replacement: Optional[str]
    readings: tuple = ()                # every value the sentence may mean

    def describe(self) -> str:
        shown = " 或 ".join(fmt_number(v) for v in self.readings) or fmt_number(self.table_value)
        head = f"正文“{self.quote}”中的 {self.stated} 与{self.label}（{shown}）不一致"
        return head + (f"，可改为“{self.replacement}”" if self.replacement else "，请人工核对")


def narrative_mismatches(report: Report, text: str) -> list[NarrativeFix]:
    """Every stated number (core.narrative's links) that no reading of the table bears out."""
    out = []
    for m in mentions(text, report.layout):
        if schema.table_of(m.keys[0]) in report.missing_tables:
            continue
        readings = set(m.readings(report.cells))
        if m.stated in readings:
            continue
        known = all(report.cells.get(k) is not None for k in m.keys)
        certain = known and len(readings) == 1
        value = next(iter(readings)) if certain else None
        label = "、".join(schema.cell_label(report.layout, k) for k in m.keys[:2])
        if len(m.keys) > 2:
            label += f"等 {len(m.keys)} 格之和"
        out.append(NarrativeFix(m.code, label, m.quote, m.stated, value,
                                _reworded(m.quote, m.stated, value) if certain else None,
                                tuple(sorted(readings))))
    return _unique(out)


def _unique(fixes: list[NarrativeFix]) -> list[NarrativeFix]:
    seen, out = set(), []
    for f in fixes:
        if (f.quote, f.stated) not in seen:
            seen.add((f.quote, f.stated))
            out.append(f)
    return out


def _number_span(quote: str, stated: int) -> Optional[tuple[int, int]]:
    """The stated number's place in the quote: the last number that reads as it."""
    for m in reversed(list(_NUM.finditer(quote))):
        if parse_number(m.group(0)) == stated:
            return m.span()
    return None


def _reworded(quote: str, stated: int, value) -> Optional[str]:
    span = _number_span(quote, stated)
    if span is None:
        return None
    return quote[:span[0]] + fmt_number(value) + quote[span[1]:]


def apply_fix(body, fix: NarrativeFix):
    """Rewrite the sentence's number in the one paragraph that prints it; returns the w:r."""
    if fix.replacement is None:
        raise Unsafe(MSG_QUOTE_GONE)
    found = []
    for p in body.iter(W + "p"):
        tmap = text_map(p)
        flat = tmap.text.replace("\xa0", " ")
        at = flat.find(fix.quote)
        while at >= 0:
            found.append((p, tmap, at))
            at = flat.find(fix.quote, at + 1)
    if not found:
        raise Unsafe(MSG_QUOTE_GONE)
    if len(found) > 1:
        raise Unsafe(MSG_QUOTE_TWICE)
    p, tmap, at = found[0]
    check_scope(p)
    s, e = _number_span(fix.quote, fix.stated)
    return replace_span(p, tmap, at + s, at + e, fmt_number(fix.table_value))
