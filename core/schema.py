"""The two official layouts (2019, 2021) of docs/cells.md, as data.

Everything that names a cell uses these keys: the JSON, the Excel long sheet, the tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

LAYOUTS = ("2019", "2021")
TABLES = ("active", "requests", "appeals")
TABLE_TITLES = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
}
TABLE_SHORT = {"active": "表二", "requests": "表三", "appeals": "表四"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    """One row of an official table: its key (`requests.denied.state_secret`) and labels."""

    key: str
    label: str
    group: str = ""          # e.g. （三）不予公开 for the eight denied rows
    columns: tuple[Column, ...] = ()

    @property
    def table(self) -> str:
        return self.key.split(".", 1)[0]


# ---------------------------------------------------------------- table 二 (active)
_C = Column
_ACTIVE_DOCS_2019 = (_C("new_made", "本年新制作数量"), _C("new_published", "本年新公开数量"),
                     _C("total_published", "对外公开总数量"))
_ACTIVE_ITEMS_2019 = (_C("prev_items", "上一年项目数量"), _C("change", "本年增/减"),
                      _C("decisions", "处理决定数量"))
_ACTIVE_DOCS_2021 = (_C("issued", "本年制发件数"), _C("repealed", "本年废止件数"),
                     _C("in_force", "现行有效件数"))
_DECISIONS_2021 = (_C("decisions", "本年处理决定数量"),)

ACTIVE_ROWS = {
    "2019": (
        Row("active.regulations", "规章", "第二十条第（一）项", _ACTIVE_DOCS_2019),
        Row("active.normative", "规范性文件", "第二十条第（一）项", _ACTIVE_DOCS_2019),
        Row("active.licensing", "行政许可", "第二十条第（五）项", _ACTIVE_ITEMS_2019),
        Row("active.other_services", "其他对外管理服务事项", "第二十条第（五）项", _ACTIVE_ITEMS_2019),
        Row("active.penalty", "行政处罚", "第二十条第（六）项", _ACTIVE_ITEMS_2019),
        Row("active.coercion", "行政强制", "第二十条第（六）项", _ACTIVE_ITEMS_2019),
        Row("active.fees", "行政事业性收费", "第二十条第（八）项", _ACTIVE_ITEMS_2019[:2]),
        Row("active.procurement", "政府集中采购", "第二十条第（九）项",
            (_C("items", "采购项目数量"), _C("amount", "采购总金额"))),
    ),
    "2021": (
        Row("active.regulations", "规章", "第二十条第（一）项", _ACTIVE_DOCS_2021),
        Row("active.normative", "行政规范性文件", "第二十条第（一）项", _ACTIVE_DOCS_2021),
        Row("active.licensing", "行政许可", "第二十条第（五）项", _DECISIONS_2021),
        Row("active.penalty", "行政处罚", "第二十条第（六）项", _DECISIONS_2021),
        Row("active.coercion", "行政强制", "第二十条第（六）项", _DECISIONS_2021),
        Row("active.fees", "行政事业性收费", "第二十条第（八）项",
            (_C("amount", "本年收费金额（单位：万元）"),)),
    ),
}

# ---------------------------------------------------------------- table 三 (requests)
REQUEST_COLUMNS = (
    _C("natural", "自然人"),
    _C("business", "商业企业"),
    _C("research", "科研机构"),
    _C("nonprofit", "社会公益组织"),
    _C("legal", "法律服务机构"),
    _C("other_org", "其他"),
    _C("total", "总计"),
)
APPLICANT_COLUMNS = tuple(c.key for c in REQUEST_COLUMNS[:-1])

_R3 = "三、本年度办理结果"
_OUTCOMES_COMMON = (
    ("granted", "（一）予以公开", _R3),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _R3),
    ("denied.state_secret", "1.属于国家秘密", "（三）不予公开"),
    ("denied.prohibited", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("denied.three_safety", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("denied.third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("denied.internal", "5.属于三类内部事务信息", "（三）不予公开"),
    ("denied.process", "6.属于四类过程性信息", "（三）不予公开"),
    ("denied.enforcement", "7.属于行政执法案卷", "（三）不予公开"),
    ("denied.inquiry", "8.属于行政查询事项", "（三）不予公开"),
    ("unable.not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unable.unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("rejected.petition", "1.信访举报投诉类申请", "（五）不予处理"),
    ("rejected.repeat", "2.重复申请", "（五）不予处理"),
    ("rejected.publication", "3.要求提供公开出版物", "（五）不予处理"),
    ("rejected.mass_repeat", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("rejected.confirm", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
)
_OTHER = {
    "2019": (("other", "（六）其他处理", _R3),),
    "2021": (
        ("other.no_correction",
         "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
        ("other.no_fee",
         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
        ("other.other", "3.其他", "（六）其他处理"),
    ),
}


def _request_rows(layout: str) -> tuple[Row, ...]:
    spec = (
        (("new", "一、本年新收政府信息公开申请数量", ""),
         ("carried_over", "二、上年结转政府信息公开申请数量", ""))
        + _OUTCOMES_COMMON + _OTHER[layout]
        + (("total", "（七）总计", _R3), ("carry_forward", "四、结转下年度继续办理", ""))
    )
    return tuple(Row("requests." + k, label, group, REQUEST_COLUMNS) for k, label, group in spec)


# ---------------------------------------------------------------- table 四 (appeals)
APPEAL_COLUMNS = (
    _C("upheld", "结果维持"),
    _C("corrected", "结果纠正"),
    _C("other", "其他结果"),
    _C("pending", "尚未审结"),
    _C("total", "总计"),
)
APPEAL_ROWS = (
    Row("appeals.review", "行政复议", "", APPEAL_COLUMNS),
    Row("appeals.suit_direct", "未经复议直接起诉", "行政诉讼", APPEAL_COLUMNS),
    Row("appeals.suit_after_review", "复议后起诉", "行政诉讼", APPEAL_COLUMNS),
)


# ---------------------------------------------------------------- lookups
@lru_cache(maxsize=None)
def rows(layout: str, table: str | None = None) -> tuple[Row, ...]:
    """The rows of a layout in spec order, optionally of one table."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    every = ACTIVE_ROWS[layout] + _request_rows(layout) + APPEAL_ROWS
    return tuple(r for r in every if table is None or r.table == table)


@lru_cache(maxsize=None)
def row_keys(layout: str, table: str) -> tuple[str, ...]:
    """The keys of one table's rows in a layout, in spec order ('requests.total', …)."""
    return tuple(r.key for r in rows(layout, table))


@lru_cache(maxsize=None)
def cell_keys(layout: str) -> tuple[str, ...]:
    """Every canonical cell key of a layout, in spec order (198 for 2019, 200 for 2021)."""
    return tuple(f"{r.key}.{c.key}" for r in rows(layout) for c in r.columns)


@dataclass(frozen=True)
class CellInfo:
    key: str
    table: str
    row: Row
    column: Column


@lru_cache(maxsize=None)
def cell_info(layout: str) -> dict[str, CellInfo]:
    return {f"{r.key}.{c.key}": CellInfo(f"{r.key}.{c.key}", r.table, r, c)
            for r in rows(layout) for c in r.columns}


def table_of(key: str) -> str:
    return key.split(".", 1)[0]


def is_amount(key: str) -> bool:
    """Amounts (万元) may be decimals; every other cell is an integer."""
    return key.endswith(".amount")


def may_be_negative(key: str) -> bool:
    """Only 本年增/减 may be negative."""
    return key.endswith(".change")


def cell_label(layout: str, key: str) -> str:
    """A short Chinese name for a cell, e.g. 表三 1.属于国家秘密 · 自然人."""
    info = cell_info(layout)[key]
    row = info.row.label
    if info.row.group and not info.row.group.startswith("三、") and info.table != "active":
        row = f"{info.row.group}{row}"
    return f"{TABLE_SHORT[info.table]} {row} · {info.column.label}"
