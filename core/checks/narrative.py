"""Cross-checks a careful reader makes against the text: stated numbers, the year (sections 一–六: core.sections)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Optional

from . import messages as M
from .. import schema
from ..model import Finding, Report, Severity
from ..readers.txt_lines import iter_lines   # one line at a time: no list of every line
from .rules import is_number
from .sections import is_table_line, section_findings

# ---------------------------------------------------------------- numbers in words
_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
MAX_DIGITS = 18   # no stated count is longer; int() refuses 4300+ digits
NUM = r"([0-9][0-9,，]*|[零〇一二两三四五六七八九十百千]+)"


def parse_number(s: str) -> Optional[int]:
    """"34" / "1,295" / "一" / "二十三" → int; None when it is not a number."""
    s = s.replace(",", "").replace("，", "")
    if s.isdecimal():   # not isdigit: "²" is a digit that int() refuses
        return int(s) if len(s) <= MAX_DIGITS else None
    total, digit = 0, None
    for ch in s:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            total += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


# ---------------------------------------------------------------- stated numbers
@dataclass(frozen=True)
class Statement:
    """A sentence pattern whose number must match one reading of the table."""

    code: str
    pattern: re.Pattern
    keys: tuple[str, ...]                       # the cells shown to the person
    readings: Callable[[dict], tuple]           # values the text may legitimately mean
    layouts: tuple[str, ...] = schema.LAYOUTS


def _v(cells: dict, key: str):
    v = cells.get(key)
    return v if is_number(v) else 0


def _total(*keys):
    return lambda cells: (sum(_v(cells, k) for k in keys),)


def _any_of(*keys):
    return lambda cells: tuple(_v(cells, k) for k in keys)


# 受理 is ambiguous: more/02 counts 749 = 新收 713 + 上年结转 36, more/04 counts only 新收 1295.
def _received(cells):
    new = _v(cells, "requests.new.total")
    return new, new + _v(cells, "requests.carried_over.total")


def _group_totals(layout: str, prefix: str) -> tuple[str, ...]:
    """The 总计 cells of the rows of one 办理结果 group, e.g. every requests.denied.* row."""
    return tuple(f"{r.key}.total" for r in schema.rows(layout, "requests")
                 if r.key == prefix or r.key.startswith(prefix + "."))


def _outcome(code: str, words: str, prefix: str, layout: str) -> Statement:
    # "同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件，无法提供的 10 件" (more/03)
    keys = _group_totals(layout, prefix)
    return Statement(code, re.compile(words + r"(?:答复|处理)?的?(?:申请)?(?:共计|共|为)?\s*" + NUM
                                      + r"\s*件"), keys, _total(*keys), (layout,))


_GAP = r"[^。；;，,、：:]{0,12}?"
STATEMENTS = (
    Statement("narrative.requests.received", re.compile(
        r"(?:收到|受理|新收|接收|接到)" + _GAP + r"(?:政府)?信息公开申请(?:数量)?(?:共计|共|合计|为)*\s*"
        + NUM + r"\s*[件条个宗]"), ("requests.new.total",), _received),
    Statement("narrative.requests.received", re.compile(
        r"收到依申请公开(?:政府)?信息\s*" + NUM + r"\s*[件条个]"), ("requests.new.total",), _received),
    Statement("narrative.requests.carried_over", re.compile(
        r"上年(?:度)?结转(?:政府信息公开)?(?:申请)?(?:数量)?(?:共计|共|为)?\s*" + NUM + r"\s*件"),
        ("requests.carried_over.total",), _total("requests.carried_over.total")),
    Statement("narrative.requests.done", re.compile(
        r"办结(?:政府信息公开)?(?:申请)?(?:共计|共|为)?\s*" + NUM + r"\s*件"),
        ("requests.total.total",), _total("requests.total.total")),
    Statement("narrative.requests.granted", re.compile(   # "予以公开及部分公开 208 件" (more/04)
        r"(?:予以公开|同意公开)(?:及|和|与|、)部分公开(?:答复)?的?(?:共计|共|为)?\s*" + NUM + r"\s*件"),
        ("requests.granted.total", "requests.partial.total"),
        _total("requests.granted.total", "requests.partial.total")),
    Statement("narrative.requests.carry_forward", re.compile(
        r"(?:结转|转)(?:至|到|入)?下一?个?年度?" + _GAP + NUM + r"\s*件"),
        ("requests.carry_forward.total",), _total("requests.carry_forward.total")),
    Statement("narrative.appeals.review", re.compile(
        r"行政复议(?:案件)?(?:共计|共|合计|数量?为?)*\s*" + NUM + r"\s*件"),
        ("appeals.review.total",), _total("appeals.review.total")),
    Statement("narrative.appeals.review", re.compile(
        r"有\s*" + NUM + r"\s*件[^。；;，,、纠维]{0,15}?行政复议"),
        ("appeals.review.total",), _total("appeals.review.total")),
    Statement("narrative.appeals.suits", re.compile(
        r"行政诉讼(?:案件)?(?:共计|共|合计|数量?为?)*\s*" + NUM + r"\s*件"),
        ("appeals.suit_direct.total", "appeals.suit_after_review.total"),
        _total("appeals.suit_direct.total", "appeals.suit_after_review.total")),
) + tuple(
    _outcome(code, words, prefix, layout)
    for layout in schema.LAYOUTS
    for code, words, prefix in (
        ("narrative.requests.granted", r"(?<![不未])(?:予以公开|同意公开)", "requests.granted"),
        ("narrative.requests.partial", r"(?<![及和与、])部分公开", "requests.partial"),
        ("narrative.requests.denied", r"不予(?:以)?公开", "requests.denied"),
        ("narrative.requests.unable", r"无法提供", "requests.unable"),
        ("narrative.requests.rejected", r"不予处理", "requests.rejected"),
        ("narrative.requests.other", r"其他处理", "requests.other"),
    )
)

# Only in a sentence about 主动公开: "全年主动公开市政府规章 22 件、…行政规范性文件 34 件" (more/04).
# 2019 has no 制发 column: the text may mean 本年新制作 or 本年新公开.
_ACTIVE_SENTENCE = re.compile(r"主动公开[^。；;]*")
_ACTIVE_DOCS = {
    "2021": ((re.compile(r"规章\s*" + NUM + r"\s*件"), ("active.regulations.issued",)),
             (re.compile(r"规范性文件\s*" + NUM + r"\s*件"), ("active.normative.issued",))),
    "2019": ((re.compile(r"规章\s*" + NUM + r"\s*件"),
              ("active.regulations.new_made", "active.regulations.new_published")),
             (re.compile(r"规范性文件\s*" + NUM + r"\s*件"),
              ("active.normative.new_made", "active.normative.new_published"))),
}


def prose(text: str) -> str:
    """The narrative with table lines dropped and wrapped lines joined (PDF text wraps mid-word).

    Joined a few thousand lines at a time: one join of them all would hold every line as a
    string of its own at once (~30 bytes per byte of a text of short lines)."""
    out, part = [], []
    for ln in iter_lines(text):
        if ln.strip() and not is_table_line(ln):
            part.append(ln.strip())
            if len(part) >= 1024:
                out.append("".join(part))
                part = []
    return "".join(out) + "".join(part)


@dataclass(frozen=True)
class Mention:
    """One number the text states: which statement, the words quoted, the number."""

    code: str
    keys: tuple[str, ...]
    readings: Callable[[dict], tuple]
    quote: str
    stated: int


@lru_cache(maxsize=8)
def mentions(text: str, layout: str) -> tuple[Mention, ...]:
    """Every stated number of the text (cached: the text does not change when a cell does)."""
    body = prose(text)
    out = []
    for st in STATEMENTS:
        if layout not in st.layouts:
            continue
        for m in st.pattern.finditer(body):
            stated = parse_number(m.group(1))
            if stated is not None:
                out.append(Mention(st.code, st.keys, st.readings, m.group(0), stated))
    for sentence in _ACTIVE_SENTENCE.finditer(body):
        for pattern, keys in _ACTIVE_DOCS[layout]:
            for m in pattern.finditer(sentence.group(0)):
                stated = parse_number(m.group(1))
                if stated is not None:
                    code = "narrative.active." + keys[0].split(".")[1]
                    out.append(Mention(code, keys[:1], _any_of(*keys), m.group(0), stated))
    return tuple(out)


def _number_finding(mention: Mention, report: Report) -> Finding:
    keys, layout = mention.keys, report.layout
    shown = sum(_v(report.cells, k) for k in keys)
    if all(report.cells.get(k) is None for k in keys):
        shown = None   # say 空白 rather than a 0 the report never printed
    label = "、".join(schema.cell_label(layout, k) for k in keys)
    if len(keys) > 2:   # 不予公开 1.… 8.: name the group, not eight cells
        label = M.GROUP_SUM.format(first=schema.cell_label(layout, keys[0]), n=len(keys))
    elif len(keys) > 1:
        label += M.SUM_SUFFIX
    params = {"quote": re.sub(r"\s+", " ", mention.quote), "text_value": mention.stated,
              "table_value": shown, "label": label}
    return _finding(mention.code, keys, params)


def number_findings(report: Report, text: str) -> list[Finding]:
    """A warning per statement kind whose every mention disagrees with the table."""
    missing = report.missing_tables
    by_code: dict[str, list[Mention]] = {}
    for m in mentions(text, report.layout):
        if schema.table_of(m.keys[0]) not in missing:
            by_code.setdefault(m.code, []).append(m)
    out = []
    for found in by_code.values():
        # A report may also quote last year's figure: one agreeing mention is enough.
        if any(m.stated in m.readings(report.cells) for m in found):
            continue
        out.append(_number_finding(found[0], report))
    return out


# ---------------------------------------------------------------- the year
_YEAR = re.compile(r"(20\d{2})\s*年")
_PERIOD = re.compile(r"统计(?:周期|期限|时限|时间|区间)[^。]{0,8}?(20\d{2})\s*年\s*1\s*月\s*1\s*日")


def title_line(text: str) -> tuple[int, str]:
    """(index, text) of the title among the first lines; (-1, "") when none is found."""
    seen = 0
    for i, line in enumerate(iter_lines(text)):
        s = line.strip().lstrip("#").strip()
        if not s or s.startswith("source:"):
            continue   # the fixtures' provenance comment is not part of the report
        if "政府信息公开" in s or "年度报告" in s:
            return i, s
        seen += 1
        if seen >= 6:
            break
    return -1, ""


def _after_line(text: str, index: int) -> int:
    """Where the line after line `index` starts (len(text) when there is none)."""
    start = 0
    for _ in range(index + 1):
        start = text.find("\n", start) + 1
        if not start:
            return len(text)
    return start


@lru_cache(maxsize=8)
def _year_findings(text: str) -> tuple[Finding, ...]:
    index, title = title_line(text)
    m = _YEAR.search(title)
    if not m:
        return ()   # 肖寨门镇-2020's title has no year: nothing to compare
    title_year = int(m.group(1))
    rest = text[_after_line(text, index):]
    period = _PERIOD.search(prose(rest))
    if period:
        text_year, where = int(period.group(1)), M.YEAR_WHERE_PERIOD
    else:
        counts = Counter(int(y) for y in _YEAR.findall(rest))
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return ()
        text_year, where = ranked[0][0], M.YEAR_WHERE_MOST
        if counts[title_year] * 2 > ranked[0][1]:
            return ()   # the title year is still well attested: not worth a warning
    if text_year == title_year:
        return ()
    return (_finding("narrative.year", (), {"title_year": title_year, "text_year": text_year,
                                             "where": where}),)


def year_findings(text: str) -> list[Finding]:
    return [replace(f) for f in _year_findings(text)]


def _finding(code: str, cells, params: dict) -> Finding:
    f = Finding(code=code, severity=Severity.WARNING, cells=tuple(cells), params=params)
    f.message = M.render(f)
    return f


WORKBOOKS = ("xls", "xlsx")


def narrative_findings(report: Report, text: str) -> list[Finding]:
    """Every cross-check against the text, as warnings. The text is parsed once and cached, so
    a recheck after an edit only compares numbers (scripts/bench_checks.py)."""
    if report.format in WORKBOOKS:   # a workbook holds the tables only: one line says so
        return number_findings(report, text) + [_finding("narrative.sections.workbook", (), {})]
    return number_findings(report, text) + year_findings(text) + section_findings(text)
