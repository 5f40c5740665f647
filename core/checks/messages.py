"""The one catalogue of Chinese finding messages: code → template with named placeholders."""
from __future__ import annotations

import math
from typing import Any

from .. import schema
from .rules import row_name


# ---- fragments the checks put into a message's params (so that every word lives here)
BLANK_NOTE = "（其中 {n} 格空白，按 0 计）"
IMPLIED_NOTE = "；其中唯一的空白格「{label}」若为 {value}，各项即相符（可能漏填，或未能识别出该数）"
SUM_SUFFIX = "之和"
GROUP_SUM = "{first}等 {n} 行的总计之和"
YEAR_WHERE_PERIOD = "所列数据的统计期"
YEAR_WHERE_MOST = "最常提到的年份"
SECTION_WRONG_NUMBER = "「{heading}」应为「{number}、」"
SECTION_NO_NUMBER = "「{heading}」缺少编号「{number}、」"
AMOUNT_PER_ITEM = "{items} 个项目平均每个约 {per_item} 亿元"
AMOUNT_TOO_BIG = "超过 {limit} 亿元"
ROW_IN_TABLE = "{table}「{row}」行"
WHOLE_TABLE = "{table}（{title}）"
WHOLE_TABLE_COLUMNS = "整张表"

# A finding's code is looked up as is, then with its last dotted part dropped, and so on:
# requests.row.denied.state_secret → requests.row. Placeholders are named params of the finding.
CATALOGUE: dict[str, str] = {
    # ---- the 勾稽 rules of the layout (rules.py)
    "requests.balance": ("表三{column}列：第一项 {new} + 第二项 {carried} = {lhs}，"
                         "第三项 {total} + 第四项 {forward} = {rhs}，相差 {diff}{implied_note}"),
    "requests.outcomes": ("表三{column}列：（七）总计 {total}，而各项办理结果之和为 {sum}{blank_note}，"
                          "相差 {diff}{implied_note}"),
    "requests.row": "表三「{row}」行：总计 {total}，而六类申请人之和为 {sum}{blank_note}，相差 {diff}{implied_note}",
    "appeals": ("表四{group}：总计 {total}，而结果维持 {upheld} + 结果纠正 {corrected} + "
                "其他结果 {other} + 尚未审结 {pending} = {sum}，相差 {diff}{implied_note}"),
    # ---- value checks (checks.py)
    "value.negative": "{label}为 {value}：这里是件数，不能为负数",
    "value.negative.amount": "{label}为 {value}：金额不能为负数",
    "value.decimal": "{label}为 {value}：这里是件数，应为整数",
    "value.not_number": "{label}不是数字：{value}",
    "value.blank": "{row}有 {count} 格空白（核对时按 0 计）：{columns}",
    "table.missing": "未找到{table}「{title}」，无法核对该表",
    "amount.implausible": ("{label}为 {value} 万元（约 {yi} 亿元），{reason}，不合常理；"
                           "若原表单位实为元，应为 {as_wan} 万元"),
    # ---- cross-checks against the narrative (narrative.py)
    "narrative": "正文写「{quote}」（{text_value}），而{label}为 {table_value}",
    "narrative.year": "标题中的年份为 {title_year} 年，而正文{where}为 {text_year} 年",
    "narrative.sections.missing": "缺少第{numbers}部分（{titles}）：年报格式要求一至六共六部分",
    "narrative.sections.workbook": "这是表格文件，只有统计表，没有一至六部分的正文，正文部分未作检查",
    "narrative.sections.order": "各部分顺序不对：正文依次为第{order}部分，应为第一至第六部分",
    "narrative.sections.numbering": "部分标题的编号不符合格式（应依次为一、至六、）：{items}",
    "narrative.sections.untitled": ("第{number}部分（{title}）没有标题：正文中只见小标题「{sub}」，"
                                    "年报格式要求以「{number}、{title}」为题"),
    # ---- last year's report beside this one (core/last_year.py)
    "cross_year.carry": ("跨年核对：上年（{prev_year} 年，「{prev_name}」{prev_note}）「四、结转下年度继续办理」{column}为 {before}，"
                         "而本年「二、上年结转政府信息公开申请数量」{column}为 {now}"),
    # ---- the repair hint (checks.py)
    "repair.hint": "只改一格即可使全部勾稽关系成立：把{label}由 {old} 改为 {value}",
    # ---- extraction notices (core/extract/recognize.py); derived params: see _derive
    "extract.duplicate_row": "{row_label}出现了两次，只采用第一次的数值",
    "extract.unplaced_row": "有一行数值无法对应到表中的任何一行（标签「{text}」），已忽略",
    "extract.extra_values": "{row_label}多出数值 {values_text}，版式中没有对应的单元格，已忽略（未挪入下一行）",
    "extract.short_row": ("{row_label}只有 {count} 个数（表中有 7 列），原文没有留出空白格的位置，"
                          "已从「自然人」列起依次填入（末尾等于前面之和的数作为总计），请对照原文核对"),
    "extract.glued": ("{row_label}的数字在原文中连写为「{run}」，没有分隔，无法确定如何拆分，"
                      "已留空，请对照原文逐格填写{choices_note}"),
    "extract.glued_split": ("{row_label}的数字在原文中连写为「{run}」，已按合计关系拆分为 {parts}，"
                            "请对照原文核对"),
    "extract.tables_as_images": ("文件中有 {images} 张图片：未找到的统计表可能是以图片形式插入的，"
                                 "本程序不做文字识别，请对照原文手工填写，或改用含文字表格的原始文件"),
    "extract.not_number": "{cell_label}写的是「{text}」，不是数字，按空白处理",
    "extract.amount_converted": "{cell_label}原表以元为单位，已将 {value} 元换算为万元",
    "extract": "识别提示（{code}）：{params_text}",
    # ---- scans (core/ocr)
    "ocr.seal": "请核对：{row_label}上盖有印章，这一行的数字可能被遮挡、漏读或错位，请对照原页逐格核对",
    "ocr.doubt": "请核对：{cell_label}由文字识别读作「{text}」，把握不大（{score}%），请对照原页",
    "manual.entry": "{reason}——表格为空，请对照左侧原页手工录入（版式 {layout}，可在「编辑 → 手工录入版式」中切换）",
}


def template_for(code: str) -> str | None:
    """The template of a code, or of its nearest dotted prefix; None when there is none."""
    parts = code.split(".")
    while parts:
        found = CATALOGUE.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


def source_place(ref) -> str:
    """Where a cell was read, in a clerk's words, the same in the app and in the workbook: a PDF
    page, a workbook cell, a DOCX/HTML table cell, or the character (counted from 1) in the text."""
    if ref is None:
        return ""
    if ref.page is not None:
        return f"第 {ref.page + 1} 页"
    if ref.address is not None:
        return f"工作表单元格 {ref.address}"
    if ref.table is not None:
        return f"原文第 {ref.table + 1} 个表格，第 {ref.row + 1} 行第 {ref.col + 1} 列"
    return f"原文第 {ref.start + 1} 个字处"


def fmt_number(v: Any) -> str:
    """3 → "3", 11.50450 → "11.5045", None → "空白" (how a person reads a cell)."""
    if v is None:
        return "空白"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return str(v)
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def _fallback(code: str, params: dict) -> str:
    detail = "，".join(f"{k}={fmt_number(v)}" for k, v in params.items())
    return f"{code}：{detail}" if detail else code


def row_label(row: str, layout: str | None = None) -> str:
    """"requests.granted" → 表三「（一）予以公开」行; "appeals" → 表四; else as given.
    With the layout known, its label (2021: 行政规范性文件, 2019: 规范性文件)."""
    if row in schema.TABLE_SHORT:
        return schema.TABLE_SHORT[row]
    layouts = [layout] + [x for x in schema.LAYOUTS if x != layout] if layout in schema.LAYOUTS \
        else list(schema.LAYOUTS)
    for layout in layouts:
        for r in schema.rows(layout):
            if r.key == row:
                return f"{schema.TABLE_SHORT[r.table]}「{row_name(r)}」行"
    return str(row)


def _cell_label(key: str) -> str:
    for layout in schema.LAYOUTS:
        if key in schema.cell_info(layout):
            return schema.cell_label(layout, key)
    return key


class _Params(dict):
    """Params for str.format_map: numbers written as a person writes them, plus names derived
    on demand from what the extractor's notices carry (keys, lists) — see _derived."""

    def __init__(self, params: dict, code: str, cells=()):
        super().__init__(params)
        self.code, self.cells = code, cells

    def __getitem__(self, name):
        if dict.__contains__(self, name):
            return fmt_number(dict.__getitem__(self, name))
        return self._derived(name)

    def _derived(self, name: str) -> str:
        if name == "code":
            return self.code
        if name == "params_text":
            return "，".join(f"{k}={fmt_number(v)}" for k, v in self.items())
        if name == "row_label" and "row" in self:
            return row_label(dict.__getitem__(self, "row"), dict.get(self, "layout"))
        if name == "values_text" and isinstance(self.get("values"), (list, tuple)):
            return "、".join(f"「{v}」" for v in dict.__getitem__(self, "values"))
        if name == "choices_note":   # the cuts offered in one click (most plausible first)
            choices = dict.get(self, "choices") or []
            texts = "、".join(f"「{c['text']}」" for c in choices if isinstance(c, dict) and "text" in c)
            return f"，或选用一种可能的拆分：{texts}" if texts else ""
        if name == "cell_label" and self.cells:
            return _cell_label(self.cells[0])
        if name == "blank_note":   # "（其中 20 格空白，按 0 计）" after a sum that counted blanks
            n = dict.get(self, "blank_parts") or 0
            return BLANK_NOTE.format(n=n) if n else ""
        if name == "implied_note":  # a blank the sums pin down: say which value would fit
            if dict.get(self, "implied") is None:
                return ""
            return IMPLIED_NOTE.format(label=dict.get(self, "implied_label", ""),
                                       value=self["implied"])
        raise KeyError(name)


def render_code(code: str, params: dict, cells=()) -> str:
    template = template_for(code)
    if template is None:
        return _fallback(code, params)
    try:
        return template.format_map(_Params(params, code, cells))
    except (KeyError, IndexError, ValueError):
        # A notice from a newer extractor may lack a placeholder: still say something useful.
        return _fallback(code, params)


def render(finding) -> str:
    """The Chinese message of a core.model.Finding (its code and params)."""
    return render_code(finding.code, finding.params, finding.cells)


def render_hint(hint: dict) -> str:
    """The sentence for a repair hint {"key", "value", "old", "label"}."""
    params = {"label": hint.get("label", hint.get("key")), "old": hint.get("old"),
              "value": hint.get("value")}
    return render_code("repair.hint", params)
