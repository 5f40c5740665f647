"""Report metadata from the text: the reporting body and the year reported on."""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .labels import clean

_HAN = r"[\u4e00-\u9fff()（）]"
_TITLE = re.compile(
    rf"(?P<before>{_HAN}{{0,40}}?)(?P<year>20\d\d)年度?(?P<after>{_HAN}{{0,40}}?)"
    r"政府信息公开(?:工作)?年度?报告")
_TITLE_NO_YEAR = re.compile(rf"(?P<before>{_HAN}{{2,40}}?)政府信息公开(?:工作)?年度?报告")
_BODY_AGENCY = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,12}}?(?:镇|乡|街道|县|区))(?:人民)?政府")
# Lines a text dump carries before the title: provenance comments, "正文", page furniture.
_SKIP_LINE = re.compile(r"^\s*(#\s*source:|正文\s*$|目录\s*$|—\s*\d+\s*—)")
_HEAD_LINES = 6


def _head(text: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip() and not _SKIP_LINE.match(ln)]
    return clean("".join(lines[:_HEAD_LINES]))


def find_year(text: str) -> Optional[int]:
    """The year in the title, else the year the opening text speaks of most."""
    m = _TITLE.search(_head(text))
    if m:
        return int(m.group("year"))
    years = Counter(int(y) for y in re.findall(r"(20\d\d)\s*年", text[:4000]))
    return years.most_common(1)[0][0] if years else None


def find_agency(text: str) -> str:
    head = _head(text)
    m = _TITLE.search(head)
    if m:
        name = m.group("before") or m.group("after")
        if name:
            return name
    m = _TITLE_NO_YEAR.search(head)
    if m and m.group("before"):
        return m.group("before")
    m = _BODY_AGENCY.search(clean(text[:4000]))
    return m.group(0) if m else ""


def normalize_agency(name: str) -> str:
    """The formal name: 肖寨门镇政府 → 肖寨门镇人民政府, 董家镇 → 董家镇人民政府."""
    name = name.strip("()（） ")
    if re.search(r"(镇|乡|县|区|市)政府$", name) and not name.endswith("人民政府"):
        return name[:-2] + "人民政府"
    if re.search(r"(镇|乡|县|区)$", name):
        return name + "人民政府"
    if name.endswith("街道"):
        return name + "办事处"
    return name
