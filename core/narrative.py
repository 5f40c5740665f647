"""Cross-checks a careful reader makes against the report's text: stated numbers, the year, sections 一–六."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Optional

from . import schema
from .messages import render
from .model import Finding, Report
from .rules import WARNING, is_number

# ---------------------------------------------------------------- numbers in words
_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
NUM = r"([0-9][0-9,，]*|[零〇一二两三四五六七八九十百千]+)"


def parse_number(s: str) -> Optional[int]:
    """"34" / "1,295" / "一" / "二十三" → int; None when it is not a number."""
    s = s.replace(",", "").replace("，", "")
    if s.isdigit():
        return int(s)
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


# 受理 is ambiguous: more/02 counts 749 = 新收 713 + 上年结转 36, more/04 counts only 新收 1295.
def _received(cells):
    new = _v(cells, "requests.new.total")
    return new, new + _v(cells, "requests.carried_over.total")


_GAP = r"[^。；;，,、：:]{0,12}?"
STATEMENTS = (
    Statement("narrative.requests.received", re.compile(
        r"(?:收到|受理|新收|接收|接到)" + _GAP + r"(?:政府)?信息公开申请(?:数量)?(?:共计|共|合计|为)*\s*"
        + NUM + r"\s*[件条个宗]"), ("requests.new.total",), _received),
    Statement("narrative.requests.received", re.compile(
        r"收到依申请公开(?:政府)?信息\s*" + NUM + r"\s*[件条个]"), ("requests.new.total",), _received),
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
)

# Only in a sentence about 主动公开: "全年主动公开市政府规章 22 件、…行政规范性文件 34 件" (more/04).
_ACTIVE_SENTENCE = re.compile(r"主动公开[^。；;]*")
_ACTIVE_DOCS = (
    (re.compile(r"规章\s*" + NUM + r"\s*件"), "active.regulations.issued"),
    (re.compile(r"规范性文件\s*" + NUM + r"\s*件"), "active.normative.issued"),
)


def prose(text: str) -> str:
    """The narrative with table lines dropped and wrapped lines joined (PDF text wraps mid-word)."""
    lines = [ln.strip() for ln in text.split("\n")]
    return "".join(ln for ln in lines if ln and "\t" not in ln and "|" not in ln)


def _number_finding(code: str, keys, quote: str, stated: int, report: Report) -> Finding:
    layout = report.layout
    shown = sum(_v(report.cells, k) for k in keys)
    if all(report.cells.get(k) is None for k in keys):
        shown = None   # say 空白 rather than a 0 the report never printed
    label = "、".join(schema.cell_label(layout, k) for k in keys)
    if len(keys) > 1:
        label += "之和"
    params = {"quote": re.sub(r"\s+", " ", quote), "text_value": stated,
              "table_value": shown, "label": label}
    f = Finding(code=code, severity=WARNING, cells=tuple(keys), params=params)
    f.message = render(f)
    return f


def number_findings(report: Report, text: str) -> list[Finding]:
    """A warning per statement kind whose every mention disagrees with the table."""
    body = prose(text)
    missing = report.missing_tables
    mentions: dict[str, list] = {}
    for st in STATEMENTS:
        if report.layout not in st.layouts or schema.table_of(st.keys[0]) in missing:
            continue
        for m in st.pattern.finditer(body):
            stated = parse_number(m.group(1))
            if stated is not None:
                mentions.setdefault(st.code, []).append((st, m.group(0), stated))
    if report.layout == "2021" and "active" not in missing:
        for sentence in _ACTIVE_SENTENCE.finditer(body):
            for pattern, key in _ACTIVE_DOCS:
                for m in pattern.finditer(sentence.group(0)):
                    st = Statement("narrative.active." + key.split(".")[1], pattern, (key,),
                                   _total(key))
                    mentions.setdefault(st.code, []).append((st, m.group(0), parse_number(m.group(1))))
    out = []
    for code, found in mentions.items():
        # A report may also quote last year's figure: one agreeing mention is enough.
        if any(stated in st.readings(report.cells) for st, _, stated in found):
            continue
        st, quote, stated = found[0]
        out.append(_number_finding(code, st.keys, quote, stated, report))
    return out


# ---------------------------------------------------------------- the year
_YEAR = re.compile(r"(20\d{2})\s*年")
_PERIOD = re.compile(r"统计(?:周期|期限|时限|时间|区间)[^。]{0,8}?(20\d{2})\s*年\s*1\s*月\s*1\s*日")


def title_line(text: str) -> tuple[int, str]:
    """(index, text) of the title among the first lines; (-1, "") when none is found."""
    seen = 0
    for i, line in enumerate(text.split("\n")):
        s = line.strip().lstrip("#").strip()
        if not s or s.startswith("source:"):
            continue   # the fixtures' provenance comment is not part of the report
        if "政府信息公开" in s or "年度报告" in s:
            return i, s
        seen += 1
        if seen >= 6:
            break
    return -1, ""


def year_findings(text: str) -> list[Finding]:
    index, title = title_line(text)
    m = _YEAR.search(title)
    if not m:
        return []   # 肖寨门镇-2020's title has no year: nothing to compare
    title_year = int(m.group(1))
    rest = "\n".join(text.split("\n")[index + 1:])
    period = _PERIOD.search(prose(rest))
    if period:
        text_year, where = int(period.group(1)), "所列数据的统计期"
    else:
        counts = Counter(int(y) for y in _YEAR.findall(rest))
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return []
        text_year, where = ranked[0][0], "最常提到的年份"
        if counts[title_year] * 2 > ranked[0][1]:
            return []   # the title year is still well attested: not worth a warning
    if text_year == title_year:
        return []
    f = Finding("narrative.year", WARNING, (), {"title_year": title_year, "text_year": text_year,
                                                "where": where})
    f.message = render(f)
    return [f]


# ---------------------------------------------------------------- sections 一 to 六
NUMERALS = "一二三四五六"
# (canonical title, words one of which a heading of that section contains)
SECTIONS = (
    ("总体情况", ("总体情况", "基本情况", "概述")),
    ("主动公开政府信息情况", ("主动公开",)),
    ("收到和处理政府信息公开申请情况", ("申请",)),
    ("政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼")),
    ("存在的主要问题及改进情况", ("问题", "改进")),
    ("其他需要报告的事项", ("其他需要报告", "其他事项")),
)
# An unnumbered line counts only when it ends like a section title (肖寨门镇-2020: 总体情况,
# 存在的主要问题及改进情况); PDF text wraps the preamble's list of titles over lines (more/03,
# more/04), and those lines hold a comma or end mid-title.
_UNNUMBERED_ENDINGS = (("总体情况",), ("主动公开政府信息情况",), ("信息公开申请情况",),
                       ("行政诉讼情况",), ("改进情况", "改进措施"), ("其他需要报告的事项",))
_TABLE_ROWS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度", "申请人情况")
_NUMBERED = re.compile(r"^(?P<num>[一二三四五六七八九十]+、|[0-9]{1,2}\s*、)\s*(?P<title>\S.*)$")


@dataclass(frozen=True)
class Heading:
    line: int
    text: str
    number: str          # "五、", "5、" or "" (unnumbered)
    title: str


def headings(text: str) -> list[Heading]:
    """Lines that look like top-level headings: short, no table cells, not a sub-heading."""
    out = []
    for i, raw in enumerate(text.split("\n")):
        if "\t" in raw.strip() or "|" in raw:
            continue
        s = raw.strip().lstrip("#").strip().strip("*").strip()
        if not s or len(s) > 30 or "。" in s.rstrip("。"):
            continue
        m = _NUMBERED.match(s)
        number, title = (re.sub(r"\s", "", m.group("num")), m.group("title")) if m else ("", s)
        if any(w in title for w in _TABLE_ROWS):
            continue
        out.append(Heading(i, s, number, title))
    return out


def _section_of(h: Heading) -> Optional[int]:
    """Which of the six sections a heading opens (0-based), or None."""
    if not h.number:
        title = h.title.rstrip("：:。")
        if h.title[0] in "（(" or any(p in title for p in "，,；;") or len(title) > 25:
            return None
        return next((i for i, ends in enumerate(_UNNUMBERED_ENDINGS) if title.endswith(ends)), None)
    stated = NUMERALS.find(h.number[0]) if h.number[0] in NUMERALS and len(h.number) == 2 else -1
    if stated >= 0 and any(w in h.title for w in SECTIONS[stated][1]):
        return stated
    return next((i for i, (_, words) in enumerate(SECTIONS) if any(w in h.title for w in words)), None)


def section_findings(text: str) -> list[Finding]:
    found: dict[int, Heading] = {}
    for h in headings(text):
        sec = _section_of(h)
        if sec is not None and sec not in found:
            found[sec] = h
    out = []
    missing = [i for i in range(6) if i not in found]
    if missing:
        out.append(_section_finding("narrative.sections.missing", {
            "numbers": "、".join(NUMERALS[i] for i in missing),
            "titles": "、".join(SECTIONS[i][0] for i in missing)}))
    order = sorted(found, key=lambda i: found[i].line)
    if order != sorted(order):
        out.append(_section_finding("narrative.sections.order",
                                    {"order": "、".join(NUMERALS[i] for i in order)}))
    wrong = [f"「{found[i].text}」应为「{NUMERALS[i]}、」" if found[i].number
             else f"「{found[i].text}」缺少编号「{NUMERALS[i]}、」"
             for i in sorted(found) if found[i].number != NUMERALS[i] + "、"]
    if wrong:
        out.append(_section_finding("narrative.sections.numbering", {"items": "；".join(wrong)}))
    return out


def _section_finding(code: str, params: dict) -> Finding:
    f = Finding(code=code, severity=WARNING, cells=(), params=params)
    f.message = render(f)
    return f


def narrative_findings(report: Report, text: str) -> list[Finding]:
    """Every cross-check against the text, as warnings."""
    return number_findings(report, text) + year_findings(text) + section_findings(text)
