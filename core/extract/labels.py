"""Match row labels as reports print them (typos, variants, split words) to canonical rows."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from .. import schema


# compiled once: every row label passes clean (re.sub looks its cache up each call)
_NOT_LABEL = re.compile(r"[\s*#“”\"'‘’「」]+")


@lru_cache(maxsize=8192)   # every label is cleaned several times over (rows, markers, meta)
def clean(text: str) -> str:
    """Label text for matching: NFKC, no spaces, no quotes or Markdown emphasis."""
    text = unicodedata.normalize("NFKC", text)
    text = _NOT_LABEL.sub("", text)
    return text


# Keyword patterns per canonical row, tried in this order. They carry the typos the sample
# reports print: 危机 for 危及 (肖寨门镇-2020), 行政法案卷 for 行政执法案卷, 由大量 (城郊乡-2020).
_REQUEST_PATTERNS: tuple[tuple[str, str], ...] = (
    ("carry_forward", r"结转下年|下年度继续|继续办理"),
    ("carried_over", r"上年结转|上年度结转"),
    ("new", r"新收|本年收到|本年新"),
    ("partial", r"部分公开"),
    ("granted", r"予以公开"),
    ("denied.state_secret", r"国家秘密"),
    ("denied.prohibited", r"禁止公开|其他法律行政法规"),
    ("denied.three_safety", r"三安全|一稳定|危及|危机"),
    ("denied.third_party", r"第三方"),
    ("denied.internal", r"内部事务"),
    ("denied.process", r"过程性"),
    ("denied.enforcement", r"案卷"),
    ("denied.inquiry", r"查询事项|行政查询"),
    ("unable.not_held", r"不掌握"),
    ("unable.needs_creation", r"另行制作|现成信息"),
    ("unable.unclear", r"补正后|不明确"),
    ("rejected.petition", r"信访|举报投诉"),
    ("rejected.repeat", r"重复申请"),
    ("rejected.publication", r"出版物"),
    ("rejected.mass_repeat", r"大量反复|反复申请"),
    ("rejected.confirm", r"重新出具|确认或"),
    ("other.no_correction", r"不补正|逾期不补"),
    ("other.no_fee", r"缴纳|收费通知|逾期未按"),
    ("other", r"其他处理"),
    ("other.other", r"^(\(六\))?3[.、．]?其他$"),
    ("total", r"总计$|合计$|^\(七\)"),
)
_ACTIVE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("normative", r"规范性文件"),
    ("regulations", r"规章"),
    ("licensing", r"行政许可"),
    ("other_services", r"对外管理服务"),
    ("penalty", r"行政处罚"),
    ("coercion", r"行政强制"),
    ("fees", r"事业性收费"),
    ("procurement", r"集中采购|政府采购"),
)
_APPEAL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("suit_after_review", r"复议后起诉"),
    ("suit_direct", r"未经复议|直接起诉"),
    ("review", r"行政复议"),
)


def _match(patterns, label: str) -> Optional[str]:
    for key, pattern in patterns:
        if re.search(pattern, label):
            return key
    return None


# A label is matched for each table it might belong to, and again joined with the cells before
# it: the answers are remembered per text (each up to 26 searches, ~10 000 a report).
@lru_cache(maxsize=8192)
def match_request_row(label: str, layout: str, fuzzy: bool = True) -> Optional[str]:
    """'requests.<row>' for a table 三 row label, or None."""
    text = clean(label)
    if not text:
        return None
    key = _match(_REQUEST_PATTERNS, text)
    if key == "other" and layout == "2021":
        return None  # the 2021 （六） group label alone names no row
    if key == "other.other" and layout == "2019":
        return None
    if key is None and fuzzy:
        options = fuzzy_request_rows(text, layout)
        return options[0] if options else None
    # a row only the other layout has (a 2021 label in a 2019 report, two reports in one
    # file) names no row here: its numbers are strays, not a crash
    if key is None or f"requests.{key}" not in schema.row_keys(layout, "requests"):
        return None
    return f"requests.{key}"


@lru_cache(maxsize=8192)
def match_active_row(label: str) -> Optional[str]:
    key = _match(_ACTIVE_PATTERNS, clean(label))
    return None if key is None else f"active.{key}"


@lru_cache(maxsize=8192)
def match_appeal_group(label: str) -> Optional[str]:
    key = _match(_APPEAL_PATTERNS, clean(label))
    return None if key is None else f"appeals.{key}"


@lru_cache(maxsize=None)
def _official_labels(layout: str) -> dict[str, str]:
    out = {}
    for row in schema.rows(layout, "requests"):
        label = re.sub(r"^[（(][一二三四五六七][)）]|^[一二三四][、]|^\d+\.", "", row.label)
        out[clean(label)] = row.key.split(".", 1)[1]
    return out


def fuzzy_request_rows(label: str, layout: str) -> list[str]:
    """Last resort for a garbled label: the official labels close to it, best first.

    Several come back when they tie (a label cut to "行政机关不再处理其政府信息公" fits both
    （六）1 and （六）2): the caller decides by position.
    """
    text = re.sub(r"^[(（]?[一二三四五六七八九十\d]+[)）.、]?", "", clean(label))
    if len(text) < 4:
        return []
    # partial_ratio scores a short official label ("其他", 2021 （六）3) 100 against any text
    # that contains it: only labels long enough to mean something take part (t04 case)
    labels = {k: v for k, v in _official_labels(layout).items() if len(k) >= 4}
    # Imported here: a garbled label is rare, and rapidfuzz costs every process ~15 ms to load.
    from rapidfuzz import fuzz, process
    found = process.extract(text, list(labels), scorer=fuzz.partial_ratio, score_cutoff=80, limit=4)
    if not found:
        return []
    best = found[0][1]
    return [f"requests.{labels[m[0]]}" for m in found if m[1] >= best - 3]
