"""The sections 一 to 六 the format requires: found by best fit, checked for presence, order, numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterator, Optional

from . import messages as M
from ..model import Finding, Severity
from ..readers.txt_lines import iter_lines   # one line at a time: no list of every line

NUMERALS = "一二三四五六"
# (canonical title, words one of which a heading of that section contains, titles met in real
# reports: the heading that resembles one most is the section's heading)
SECTIONS = (
    ("总体情况", ("总体情况", "基本情况", "概述"), ("总体情况",)),
    ("主动公开政府信息情况", ("主动公开",), ("主动公开政府信息情况", "政府信息主动公开形式及情况")),
    ("收到和处理政府信息公开申请情况", ("申请",), ("收到和处理政府信息公开申请情况",)),
    ("政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼"),
     ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况")),
    ("存在的主要问题及改进情况", ("问题", "改进"),
     ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况")),
    ("其他需要报告的事项", ("其他需要报告", "其他事项"), ("其他需要报告的事项",)),
)
# An unnumbered line counts only when it ends like a section title (肖寨门镇-2020: 总体情况,
# 存在的主要问题及改进情况); PDF text wraps the preamble's list of titles over lines (more/03,
# more/04), and those lines hold a comma or end mid-title.
_UNNUMBERED_ENDINGS = (("总体情况",), ("主动公开政府信息情况",), ("信息公开申请情况",),
                       ("行政诉讼情况",), ("改进情况", "改进措施"), ("其他需要报告的事项",))
_TABLE_ROWS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度", "申请人情况")
_NUMBERED = re.compile(r"^(?P<num>[一二三四五六七八九十]+、|[0-9]{1,2}\s*、)\s*(?P<title>\S.*)$")
_SUB = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*\S")
_CAPTION = re.compile(r"^表[一二三四五六0-9]")     # "## 表二：主动公开政府信息情况" (more/03, 04)
_PUNCT = re.compile(r"[\s、，,：:。（）()“”\"]")


@dataclass(frozen=True)
class Heading:
    line: int
    text: str
    number: str          # "五、", "5、" or "" (unnumbered)
    title: str


def is_table_line(raw: str) -> bool:
    # Tab-separated rows, Markdown tables, and the one-cell-per-line dumps whose cells start
    # with a tab (肖寨门镇-2020: "\t（六）其他处理", then "\t0" …); a long tabbed line is prose.
    s = raw.strip()
    return "\t" in s or "|" in s or (raw.startswith("\t") and len(s) <= 40)


def _lines(text: str) -> Iterator[tuple[float, str]]:
    """(index, stripped text) of the lines that may be headings: no table cells, short; one
    at a time (a text of many short lines would otherwise hold a tuple each)."""
    for i, raw in enumerate(iter_lines(text)):
        if len(raw) > _RUN_ON:
            yield from _inline_headings(i, raw)
            continue
        if is_table_line(raw):
            continue
        s = raw.strip().lstrip("#").strip().strip("*").strip()
        if s and len(s) <= 30 and "。" not in s.rstrip("。"):
            yield i, s


# A page dumped as one line (crawler text, 平潭综合实验区): its headings are inside the line.
_RUN_ON = 400
_INLINE = re.compile(r"[一二三四五六]、")
_KNOWN_TITLES = sorted({t for _, words, titles in SECTIONS for t in titles + words}, key=len,
                       reverse=True)


def _inline_headings(index: int, line: str) -> list[tuple[float, str]]:
    """"一、总体情况2021年，…" inside a long line → (index + k/1000, "一、总体情况")."""
    out = []
    for k, m in enumerate(_INLINE.finditer(line)):
        rest = line[m.end():m.end() + 40].lstrip()
        title = next((t for t in _KNOWN_TITLES if rest.startswith(t)), None)
        if title:
            out.append((index + (k + 1) / 1000, m.group() + title))
    return out


def headings(text: str) -> Iterator[Heading]:
    """Lines that look like top-level headings: short, no table cells, not a sub-heading."""
    for i, s in _lines(text):
        if _CAPTION.match(s):
            continue
        m = _NUMBERED.match(s)
        number, title = (re.sub(r"\s", "", m.group("num")), m.group("title")) if m else ("", s)
        if any(w in title for w in _TABLE_ROWS):
            continue
        yield Heading(i, s, number, title)


def _score(h: Heading, sec: int) -> float:
    """How surely heading `h` opens section `sec` (0: not at all). A numbered heading beats an
    unnumbered one, the right numeral beats a wrong one, and the closest title wins: in more/03
    the 总体情况 has sub-items "三、主动公开工作情况", the real 二 is "一、主动公开政府信息情况"."""
    _, words, titles = SECTIONS[sec]
    if not any(w in h.title for w in words):
        return 0.0
    title = h.title.rstrip("：:。")
    if not h.number and (h.title[0] in "（(" or any(p in title for p in "，,；;") or len(title) > 25
                         or not title.endswith(_UNNUMBERED_ENDINGS[sec])):
        return 0.0
    clean = _PUNCT.sub("", title)
    ratio = max(SequenceMatcher(None, clean, _PUNCT.sub("", t)).ratio() for t in titles)
    score = ratio
    if h.number:
        score += 0.5
        if len(h.number) == 2 and NUMERALS.find(h.number[0]) == sec:
            score += 0.25
    return score


def find_sections(text: str) -> dict[int, Heading]:
    """Section index (0–5) → its heading, one heading per section and one section per heading,
    the assignment whose fits add up best (earlier headings among equals). 董家镇-2020's 一 is
    "一、主动公开政务信息总体情况": it fits 二 too, but 二 has "二、主动公开政府信息情况"."""
    cands = [(h, sc) for h in headings(text) if max(sc := [_score(h, i) for i in range(6)]) > 0]
    # best[mask] = (total score, -sum of lines, assignment) over the headings seen so far
    best: dict[int, tuple] = {0: (0.0, 0, ())}
    for h, scores in cands:
        for mask, (total, lines, chosen) in list(best.items()):
            for sec, sc in enumerate(scores):
                if sc <= 0 or mask & (1 << sec):
                    continue
                entry = (round(total + sc, 9), lines - h.line, chosen + ((sec, h),))
                cur = best.get(mask | (1 << sec))
                if cur is None or entry[:2] > cur[:2]:
                    best[mask | (1 << sec)] = entry
    top = max(best.values(), key=lambda e: e[:2])
    return dict(top[2])


def _untitled(text: str, sec: int, found: dict[int, Heading]) -> Optional[str]:
    """A sub-heading such as （一）主要问题 where section `sec` should be: its content is there,
    only its heading is not (more/03 and more/04, PDF text that lost the 五、 line)."""
    after = max((h.line for i, h in found.items() if i < sec), default=-1)
    before = min((h.line for i, h in found.items() if i > sec), default=1 << 30)
    words = SECTIONS[sec][1]
    for i, s in _lines(text):
        if after < i < before and _SUB.match(s) and any(w in s for w in words):
            return s
    return None


@lru_cache(maxsize=8)
def _section_findings(text: str) -> tuple[Finding, ...]:
    found = find_sections(text)
    out = []
    missing, untitled = [], []
    for i in range(6):
        if i not in found:
            sub = _untitled(text, i, found)
            (untitled if sub else missing).append((i, sub))
    if missing:
        out.append(_finding("narrative.sections.missing", {
            "numbers": "、".join(NUMERALS[i] for i, _ in missing),
            "titles": "、".join(SECTIONS[i][0] for i, _ in missing)}))
    for i, sub in untitled:
        out.append(_finding("narrative.sections.untitled", {
            "number": NUMERALS[i], "title": SECTIONS[i][0], "sub": sub}))
    order = sorted(found, key=lambda i: found[i].line)
    if order != sorted(order):
        out.append(_finding("narrative.sections.order",
                            {"order": "、".join(NUMERALS[i] for i in order)}))
    wrong = [(M.SECTION_WRONG_NUMBER if found[i].number else M.SECTION_NO_NUMBER).format(
                 heading=found[i].text, number=NUMERALS[i])
             for i in sorted(found) if found[i].number != NUMERALS[i] + "、"]
    if wrong:
        out.append(_finding("narrative.sections.numbering", {"items": "；".join(wrong)}))
    return tuple(out)


def section_findings(text: str) -> list[Finding]:
    return [replace(f) for f in _section_findings(text)]


def _finding(code: str, params: dict) -> Finding:
    f = Finding(code=code, severity=Severity.WARNING, cells=(), params=params)
    f.message = M.render(f)
    return f
