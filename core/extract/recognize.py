"""Read a row stream as tables 二, 三 and 四 of either layout: which row each line is.

fill.py then puts the row's numbers into their cells.
"""
from __future__ import annotations

import re
from typing import Optional

from .. import schema
from ..model import Report, SourceDocument, TextCell
from . import labels
from .context import detect_layout, marker
from .fill import (N_REQUEST_COLUMNS, Slot, State, appeal_start, fill_active, fill_appeals,
                   fill_requests, resolve_deferred, unglue, unlabeled)
from .meta import find_agency, find_year, normalize_agency
from .numbers import Parsed
from .stream import StreamRow, is_sentence, iter_rows

_MAX_LINE_LABEL = 48
_LABEL_LINES = 6
# Lone values kept under one label: a row takes at most 15 (table 四's cells, one per line),
# and those a label gathers beyond it are only listed as extra; a text of nothing but numbers
# on their own lines would otherwise keep ~600 bytes of objects for every one of them.
_MAX_PENDING = 64
_APPEALS_HEADER = re.compile(r"结果维持.*(?:结果纠正|其他结果|尚未审结)")
_ORDER = {"active": ("active", "requests", "appeals"), "requests": ("requests", "active", "appeals"),
          "appeals": ("appeals", "requests", "active"), None: ("requests", "active", "appeals")}


def recognize_report(doc: SourceDocument) -> Report:
    year = find_year(doc.text)
    layout = detect_layout(doc.text, year)
    state = State(layout)
    state.cells = {key: None for key in schema.cell_keys(layout)}
    for row in iter_rows(doc):
        _take_line(state, row)
    _flush_pending(state)
    resolve_deferred(state)
    missing = [t for t in schema.TABLES
               if not any(k.startswith(t + ".") for k in state.filled_rows)]
    if missing and doc.images:
        # a table pasted as a picture (a screenshot of Excel, a scan in a Word file)
        state.notice("extract.tables_as_images", images=doc.images)
    return Report(layout=layout, agency=normalize_agency(find_agency(doc.text)), year=year,
                  source=doc.path, format=doc.format, cells=state.cells,
                  provenance=state.provenance, blank_refs=state.blank_refs, raw=state.raw,
                  missing_tables=missing,
                  notices=state.notices)


# ---------------------------------------------------------------- one row
def _take_line(state: State, row: StreamRow) -> None:
    """Gather the label lines and the lone values on the lines under them into one row."""
    line = not row.from_table and len(row.cells) == 1
    if line and row.parsed[0].kind == "text" and not labels.clean(row.cells[0].text):
        # a line of quotes alone ("危及\n“\n三安全一稳定\n”"): part of the label around it
        if state.pending_label and not state.pending_values:
            state.pending_label = (state.pending_label + [row.cells[0].text])[-_LABEL_LINES:]
        return
    lone_value = line and row.parsed[0].kind != "text"
    if lone_value and state.pending_label:
        if len(state.pending_values) < _MAX_PENDING:
            state.pending_values.append(Slot(row.cells[0], row.parsed[0]))
        return
    label_line = not row.from_table and len(row.cells) == 1 and _label_like(row.cells[0].text)
    carried = state.pending_label if label_line and not state.pending_values else None
    _flush_pending(state)
    _take(state, row)
    if label_line:
        # a label wrapped over lines ("部分公开\n（\n区分处理的，只计…）"): keep the last few
        state.pending_label = ((carried or []) + [row.cells[0].text])[-_LABEL_LINES:]


def _label_like(text: str) -> bool:
    """A short line that may name a row: no sentence, no heading that opens a table."""
    compact = labels.clean(text)
    return 0 < len(compact) <= _MAX_LINE_LABEL and not is_sentence(text) \
        and marker(compact, strict=True) is None


def _flush_pending(state: State) -> None:
    values, label = state.pending_values, state.pending_label
    state.pending_values, state.pending_label = [], None
    if not values:
        return
    if len(values) == 1 and not _single_value_row(state, label[-1]):
        unlabeled(state, [], values)   # what a lone number always was: a stray, or an orphan
        return
    if state.context == "appeals" and not labels.match_appeal_group(label[-1]):
        unlabeled(state, [], values, False)   # under table 四's header ("…尚未审结\n总计")
        return
    cells = [TextCell(text) for text in label] + [v.cell for v in values]
    parsed = [Parsed("text")] * len(label) + [v.parsed for v in values]
    _take(state, StreamRow(cells, parsed, False))


def _single_value_row(state: State, label: str) -> bool:
    """A label whose row has one column (2021 table 二: 行政许可, 行政处罚 …)."""
    key = labels.match_active_row(label)
    return bool(key) and any(r.key == key and len(r.columns) == 1
                             for r in schema.rows(state.layout, "active"))


def _take(state: State, row: StreamRow) -> None:
    # The label is the text before the first number; a text cell among the numbers ("4 | 见注 |
    # 9") is a cell of its own, read as blank, so it cannot cut the row short.
    # Numbers before the first text are a 序号 column ("1 | 一、本年新收… | 23 | …").
    all_texts = row.texts   # a property that walks the row: once
    first_text = all_texts[0] if all_texts else -1
    first_number = next((i for i, p in enumerate(row.parsed)
                         if p.kind in ("number", "glued") and i > first_text), len(row.parsed))
    texts = [i for i in all_texts if i < first_number]
    last_text = texts[-1] if texts else -1
    slots = [Slot(c, p) for c, p in zip(row.cells[last_text + 1:], row.parsed[last_text + 1:])]
    label_cells = [row.cells[i].text for i in texts]
    has_values = any(not s.empty or s.parsed.kind == "glued" for s in slots)
    if not has_values:
        _heading(state, row, label_cells, slots)
        return
    target = _classify(state, label_cells)
    if any(s.parsed.kind == "glued" for s in slots):
        slots = unglue(state, target, slots)
        if not slots:
            return
    if target is None:
        unlabeled(state, label_cells, slots, row.from_table)
    elif target.startswith("requests."):
        fill_requests(state, target, slots, row.from_table)
    elif target.startswith("active."):
        fill_active(state, target, slots)
    else:
        state.context = "appeals"
        state.appeals_cursor = appeal_start(target)
        fill_appeals(state, slots)


def _heading(state: State, row: StreamRow, label_cells: list[str], slots: list[Slot]) -> None:
    """A row without numbers: a heading, a header row, a blank data row, or junk."""
    joined = "".join(label_cells)
    strict = not row.from_table
    found = marker(joined, strict) or (marker(label_cells[-1], strict) if label_cells else None)
    if found:
        state.context = None if found == "end" else found
    if state.context == "active" and "金额" in joined:
        state.amount_unit = "元" if re.search(r"[（(](单位[:：])?元[)）]", joined) else ""
    if state.context == "appeals" and len([t for t in label_cells if t.strip()]) == 1:
        group = labels.match_appeal_group(joined)
        if group and not found:
            state.appeals_cursor = appeal_start(group)
    # a labelled row whose value cells print blank marks ("规章 | / | / | /") is still a row;
    # one whose cells are merely empty may be a label wrapped above its numbers (a PDF row
    # with a 3-line label, a row broken by a page): filling it would crowd out the real row
    if label_cells and slots and any(s.parsed.kind == "blank" and s.cell.text.strip() for s in slots):
        target = _classify(state, label_cells)
        if target and target.startswith("requests.") and len(slots) >= N_REQUEST_COLUMNS - 1:
            fill_requests(state, target, slots)
        elif target and target.startswith("active."):
            fill_active(state, target, slots)


def _classify(state: State, label_cells: list[str]) -> Optional[str]:
    """The canonical row a label names, trying the current table's vocabulary first."""
    if not label_cells:
        return None
    if _APPEALS_HEADER.search(labels.clean(label_cells[-1])):
        # numbers right after table 四's column headers (a flattened "…尚未审结总计 0 1 1 …"):
        # the table's cells in order, whatever group or 总计 the header names last
        state.context = "appeals"
        return None
    # the last cell, then the last cells joined (a label split over cells or lines)
    candidates = [label_cells[-1]] + ["".join(label_cells[-n:]) for n in range(2, len(label_cells) + 1)]
    for table in _ORDER[state.context]:
        for text in candidates:
            key = _match(state, table, text)
            if key:
                return key
    if state.context == "requests":
        for text in candidates:
            key = _fuzzy_request(state, text)
            if key:
                return key
    return None


def _match(state: State, table: str, text: str) -> Optional[str]:
    if table == "active":
        key = labels.match_active_row(text)
        if key and key in schema.row_keys(state.layout, "active"):
            return key
        return None
    if table == "requests":
        return labels.match_request_row(text, state.layout, fuzzy=False)
    if state.context == "appeals":
        return labels.match_appeal_group(text)
    return None


def _fuzzy_request(state: State, text: str) -> Optional[str]:
    options = labels.fuzzy_request_rows(text, state.layout)
    if not options:
        return None
    for key in schema.row_keys(state.layout, "requests")[state.request_cursor + 1:]:
        if key in options and key not in state.filled_rows:
            return key
    return options[0]


