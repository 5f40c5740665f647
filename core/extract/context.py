"""Which official table the stream is in, from headings and header rows; and the layout."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..readers.txt_lines import by_pieces
from .labels import clean

_MARKERS = (
    ("active", r"第二十条第|主动公开政府信息情况|主动公开形式|^表二|主动公开政府信息$"),
    ("requests", r"收到和处理|[勾钩]稽关系|^表三|申请人情况"),   # 钩稽: 平潭海坛片区-2020
    # 行政法复议: a typo a real heading prints (平潭综合实验区-2022)
    ("appeals", r"行政法?复议[、,，和及与]?行政诉讼|^表四|结果维持|未经复议"),
    ("end", r"^([一二三四五六七八九十]+[、.]|\d[、.])?(政府信息公开工作)?(存在的主要问题|其他需要报告)"),
)
_MAX_HEADING = 60
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d+[、.]|表[二三四一][:：]?)")


@lru_cache(maxsize=8192)   # asked of each row by recognition and again by the section checks
def marker(text: str, strict: bool = False) -> Optional[str]:
    """'active' / 'requests' / 'appeals' when a heading or header starts that table, 'end' when
    the tables are over (五、存在的主要问题…), else None.

    `strict` is for free text lines: the words must open the line (after a numbering such as
    三、 or 表三), so an introduction listing "主动公开政府信息情况、收到和处理…" is no heading.
    """
    t = clean(text)
    if not t or len(t) > _MAX_HEADING:
        return None
    body = _ORDINAL.sub("", t, count=1)
    for name, pattern in _MARKERS:
        m = re.search(pattern, body if strict else t)
        if m and (not strict or m.start() <= 6 or _ORDINAL.match(t) and t.startswith("表")):
            return name
    return None


# Words only one layout prints (国办公开办函〔2019〕60号 vs 〔2021〕30号).
_LAYOUT_WORDS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "逾期不补正", "收费通知要求", "行政规范性文件"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "政府集中采购", "采购项目数量", "其他对外管理服务事项", "处理决定数量"),
}


def detect_layout(text: str, year: Optional[int]) -> str:
    """The layout with more of its own words in the text; the year decides a tie."""
    # the whole text cleaned a piece at a time (no NFKC copies of all of it), and not through
    # clean's cache, which would keep the pieces
    compact = by_pieces(text, clean.__wrapped__)
    score = {layout: sum(compact.count(clean(w)) > 0 for w in words)
             for layout, words in _LAYOUT_WORDS.items()}
    # "处理决定数量" is inside "本年处理决定数量" too: only count it for 2019 when alone.
    if compact.count("处理决定数量") <= compact.count("本年处理决定数量"):
        score["2019"] -= 1 if "处理决定数量" in compact else 0
    if score["2021"] != score["2019"]:
        return "2021" if score["2021"] > score["2019"] else "2019"
    return "2021" if (year or 0) >= 2021 else "2019"
