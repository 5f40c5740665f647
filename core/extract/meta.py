"""Report metadata from the text: the reporting body and the year reported on."""
from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from typing import Optional

from ..readers.txt_lines import iter_lines
from .labels import clean

_HAN = r"[\u4e00-\u9fff()（）]"
# The report's name, in the word orders offices use: 政府信息公开(工作)年度报告,
# 政府信息公开年度工作报告, 政务信息公开工作年度报告.
_REPORT = r"(?:政府|政务)信息公开(?:工作)?(?:年度?(?:工作)?报告|年报)"
# A title from the start of a line: [agency] year [agency] 政府信息公开(工作)年度报告.
_TITLE = re.compile(
    rf"(?P<before>{_HAN}{{0,40}}?)(?P<year>20\d\d)年度?(?P<after>{_HAN}{{0,40}}?)"
    rf"{_REPORT}")
# The patterns for a title without a year and for the body text are needed only when the
# title names no agency: kept as text and compiled on first use (re's cache), since a CJK
# range costs each process about a millisecond to compile.
_TITLE_NO_YEAR = rf"(?P<before>{_HAN}{{2,40}}?){_REPORT}"
_BODY_AGENCY = r"(?P<name>[\u4e00-\u9fff]{2,12}?(?:镇|乡|街道|县|区))(?:人民)?政府"
# "X区政府信息公开…" names no agency; "来源：平潭县人民政府" is the site that posted the page.
_NOT_AGENCY_AFTER = r"^(?:信息|网站|门户|公报|办公室|网)"
_NOT_AGENCY_BEFORE = r"(?:来源|主办|承办|网站|链接)[:：]?$"
# The regex starts a name as early as it can ("本报告由青山镇"): the name is what follows
# the last function word (only words no place name uses: 向阳镇, 全椒县, 本溪县, 和县 exist).
_FUNCTION_WORDS = r"通过|根据|按照|依据|报告|由|在|经|对|为|的|是|了|我|年"
# Page furniture that prefixes a title in saved pages and crawler dumps: "标题: …", a CMS
# metadata table row "名称 | …" (沭阳县发展和改革局-2023).
_TITLE_KEY = re.compile(r"^(?:标题|名称|题名|文件名称|文章标题|信息名称)[:：]?")
# Areas that are no 县/区 government: 平潭综合实验区, 经济开发区 … keep their own names.
_ZONE = re.compile(r"(?:实验区|开发区|高新区|新区|园区|示范区|管理区|试验区|保税区|经济区|风景区|景区|合作区)$")
# Lines a text dump carries before the title: provenance comments, "正文", page furniture.
_SKIP_LINE = re.compile(r"^\s*(#\s*source:|正文\s*$|目录\s*$|—\s*\d+\s*—)")
# Pages saved from a portal put the site name, menus and breadcrumbs above the title, so
# the title is looked for in the first lines, one line before two (titles that wrap).
_HEAD_LINES = 25
_HEAD_CHARS = 4000
_TITLE_VERBS_BEFORE = re.compile(r"^(?:关于印发|关于公布|关于发布|关于|印发)《?")
_TITLE_VERBS_AFTER = re.compile(r"(?:关于印发|关于公布|关于发布|关于|印发|公布|发布)$")
_TITLE_SPAN = 3


def _head_lines(text: str) -> list[str]:
    # lazily: only the first lines are wanted, and a 30-page report has thousands (and
    # text.split would hold every line of the text at once)
    # a title match spans ~100 characters from a line's start: the start of a long line (a
    # crawler's page on one line) is enough, and its whole would be cleaned and cached
    lines = (_TITLE_KEY.sub("", clean(ln[:_HEAD_CHARS])) for ln in iter_lines(text)
             if ln.strip() and not _SKIP_LINE.match(ln))
    return list(islice((ln for ln in lines if ln), _HEAD_LINES))


def _title(text: str, pattern: re.Pattern) -> Optional[re.Match]:
    """The first title match that starts a line, trying single lines before joined ones."""
    lines = _head_lines(text)
    fallback = None   # a title naming no body: used only when no span of lines names one
    for span in range(1, _TITLE_SPAN + 1):
        for i in range(len(lines) - span + 1):
            m = pattern.match("".join(lines[i:i + span]))
            if not m:
                continue
            # a joined match must use its last line, else the shorter span already had it
            if span > 1 and m.end() <= len("".join(lines[i:i + span - 1])):
                continue
            if _agency_of(m):
                return m
            fallback = fallback or m
    return fallback if pattern is _TITLE else None


def _agency_of(m: re.Match) -> str:
    groups = m.groupdict()
    name = groups.get("before") or groups.get("after") or ""
    # "莲花镇人民政府关于2021年度…的公告", "关于印发《…》的通知": the words around the name
    return _TITLE_VERBS_AFTER.sub("", _TITLE_VERBS_BEFORE.sub("", name))


def find_year(text: str) -> Optional[int]:
    """The year in the title, else the year the opening text speaks of most."""
    m = _title(text, _TITLE)
    if m:
        return int(m.group("year"))
    years = Counter(int(y) for y in re.findall(r"(20\d\d)\s*年", text[:4000]))
    return years.most_common(1)[0][0] if years else None


def find_agency(text: str) -> Optional[str]:
    """The reporting body the title (else the opening text) names; None when none is named."""
    for pattern in (_TITLE, _TITLE_NO_YEAR):
        m = _title(text, re.compile(pattern))   # _TITLE itself, compiled already
        if m and _agency_of(m):
            return _agency_of(m)
    return _body_agency(clean(text[:4000])) or None


def _body_agency(text: str) -> str:
    """The first 镇/乡/街道/县/区 government the opening text names as itself."""
    after, before = re.compile(_NOT_AGENCY_AFTER), re.compile(_NOT_AGENCY_BEFORE)
    for m in re.finditer(_BODY_AGENCY, text):
        if after.match(text, m.end()) or before.search(text[:m.start()]):
            continue
        name = re.split(_FUNCTION_WORDS, m.group("name"))[-1]
        if len(name) >= 2 and not _ZONE.search(name):
            return name + m.group(0)[len(m.group("name")):]
    return ""


def normalize_agency(name: Optional[str]) -> Optional[str]:
    """The formal name: 肖寨门镇政府 → 肖寨门镇人民政府, 董家镇 → 董家镇人民政府 (None stays None:
    an empty string is never an answer)."""
    name = (name or "").strip("()（） ")
    if not name:
        return None
    if re.search(r"(镇|乡|县|区|市)政府$", name) and not name.endswith("人民政府"):
        return name[:-2] + "人民政府"
    if re.search(r"(镇|乡|县|区)$", name) and not _ZONE.search(name):
        return name + "人民政府"
    if name.endswith("街道"):
        return name + "办事处"
    return name
