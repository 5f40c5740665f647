"""Find the w:tc a canonical cell was read from, and write its corrected number there."""
from __future__ import annotations

from typing import Optional

from .. import schema
from ..checks.messages import fmt_number
from ..model import Number, Report
from ..readers.docx import W, cell_elements
from .runs import (Unsafe, check_scope, first_number, insert_text, number_spans, replace_span,
                   styled_like, text_map)

MSG_NOWHERE = "原文中找不到这一格的位置"
MSG_ALTCHUNK = "这一格在嵌入的网页内容（altChunk）中，无法就地改写"
MSG_EXCEL = "这一格在嵌入的 Excel 表格中，无法就地改写"
MSG_TEXTBOX = "这一格在文本框中，无法就地改写"
MSG_NUMBER_GONE = "这一格中找不到原来的数字 {old}"
MSG_NUMBER_TWICE = "这一格中数字 {old} 出现了不止一次"
MSG_UNIT = "这一格的金额与识别的数值对不上（原文为 {printed}），请在原文中手工修改"


class CellLocator:
    """Table index → w:tbl (as the reader numbered them), and each table's cells by grid place."""

    def __init__(self, origins: list):
        self.origins = origins
        self._cells: dict[int, dict] = {}

    def tc(self, report: Report, key: str):
        ref = report.provenance.get(key) or report.blank_refs.get(key)
        if ref is None or ref.table is None or ref.table >= len(self.origins):
            raise Unsafe(MSG_NOWHERE)
        origin = self.origins[ref.table]
        if origin == "altChunk":
            raise Unsafe(MSG_ALTCHUNK)
        if origin == "excel" or origin is None:
            raise Unsafe(MSG_EXCEL)
        if any(el.tag == W + "txbxContent" for el in origin.iterancestors()):
            raise Unsafe(MSG_TEXTBOX)
        if ref.table not in self._cells:
            self._cells[ref.table] = cell_elements(origin)
        tc = self._cells[ref.table].get((ref.row, ref.col))
        if tc is None:
            raise Unsafe(MSG_NOWHERE)
        return tc


def printed_number(value: Optional[Number], old_printed: str) -> str:
    """The new value as the cell printed the old one: thousands separators, full-width digits."""
    if value is None:
        return ""
    text = fmt_number(value)
    if "," in (first_number(old_printed) or "") and float(value).is_integer():
        text = f"{int(value):,}"
    return styled_like(old_printed, text)


def rewrite_cell(tc, report: Report, key: str, old: Optional[Number], new: Optional[Number]):
    """Write `new` over the number the cell printed; returns the w:r holding it (None when the
    cell is now blank). Raises Unsafe, before touching anything, when it cannot be done."""
    check_scope(tc)
    tmap = text_map(tc)
    printed = report.raw.get(key, "")
    token = first_number(printed) if old is not None else None
    if old is None or token is None:
        # printed blank, or a placeholder such as "—" or "/": the whole text goes
        stripped = tmap.text.strip()
        if not stripped:
            return insert_text(tc, printed_number(new, printed)) if new is not None else None
        start = tmap.text.index(stripped)
        return replace_span(tc, tmap, start, start + len(stripped), printed_number(new, printed))
    spans = number_spans(tmap.text, token)
    if not spans:
        raise Unsafe(MSG_NUMBER_GONE.format(old=fmt_number(old)))
    if len(spans) > 1:
        raise Unsafe(MSG_NUMBER_TWICE.format(old=fmt_number(old)))
    start, end = spans[0]
    return replace_span(tc, tmap, start, end, printed_number(_as_printed(key, token, old, new),
                                                                printed))


def _as_printed(key: str, token: str, old: Number, new: Optional[Number]) -> Optional[Number]:
    """The new value in the unit the cell prints: an amount read in 元 was kept in 万元."""
    shown = float(token.replace(",", ""))
    if not schema.is_amount(key) or shown == float(old) or new is None:
        return new
    if abs(shown / 10000 - float(old)) < 1e-6:
        return round(new * 10000, 2)
    raise Unsafe(MSG_UNIT.format(printed=token))
