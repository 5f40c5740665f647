"""Map the numbers of a row stream to canonical cells: tables 二, 三 and 四 of either layout."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .. import schema
from ..model import Finding, Report, SourceDocument, SourceRef, TextCell
from . import glued, labels
from .context import detect_layout, marker
from .meta import find_agency, find_year
from .numbers import Parsed, parse_cell
from .stream import StreamRow, is_sentence, rows_of

_N_REQUEST_COLUMNS = len(schema.REQUEST_COLUMNS)
_MAX_LINE_LABEL = 48
_LABEL_LINES = 4
_APPEALS_HEADER = re.compile(r"结果维持.*(?:结果纠正|其他结果|尚未审结)")
_N_APPEALS = len(schema.APPEAL_ROWS) * len(schema.APPEAL_COLUMNS)
_ORDER = {"active": ("active", "requests", "appeals"), "requests": ("requests", "active", "appeals"),
          "appeals": ("appeals", "requests", "active"), None: ("requests", "active", "appeals")}


@dataclass
class _Slot:
    cell: Optional[TextCell]
    parsed: Parsed

    @property
    def empty(self) -> bool:
        return self.parsed.kind != "number"


@dataclass
class _State:
    layout: str
    cells: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)
    filled_rows: set = field(default_factory=set)
    context: Optional[str] = None
    request_cursor: int = -1            # index of the last request row filled
    appeals_cursor: int = 0             # next of the 15 appeals cells
    orphans: list = field(default_factory=list)   # displaced table 二 numbers (04.txt)
    amount_unit: str = ""
    # One cell per line with nothing to mark the rows (text copied from a web page or a PDF
    # viewer: "规范性文件\n8\n0\n18"): the last label line, and the lone values under it.
    pending_label: Optional[list] = None
    pending_values: list = field(default_factory=list)
    # glued rows of table 三 with several possible cuts, decided once every row is known
    deferred: list = field(default_factory=list)

    def notice(self, code: str, cells=(), **params) -> None:
        self.notices.append(Finding(code=code, severity="warning", cells=tuple(cells), params=params))


def recognize_report(doc: SourceDocument) -> Report:
    from .meta import normalize_agency
    year = find_year(doc.text)
    layout = detect_layout(doc.text, year)
    state = _State(layout)
    state.cells = {key: None for key in schema.cell_keys(layout)}
    for row in rows_of(doc):
        _take_line(state, row)
    _flush_pending(state)
    _resolve_deferred(state)
    missing = [t for t in schema.TABLES
               if not any(k.startswith(t + ".") for k in state.filled_rows)]
    return Report(layout=layout, agency=normalize_agency(find_agency(doc.text)), year=year,
                  source=doc.path, format=doc.format, cells=state.cells,
                  provenance=state.provenance, raw=state.raw, missing_tables=missing,
                  notices=state.notices)


# ---------------------------------------------------------------- one row
def _take_line(state: _State, row: StreamRow) -> None:
    """Gather the label lines and the lone values on the lines under them into one row."""
    lone_value = not row.from_table and len(row.cells) == 1 and row.parsed[0].kind != "text"
    if lone_value and state.pending_label:
        state.pending_values.append(_Slot(row.cells[0], row.parsed[0]))
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


def _flush_pending(state: _State) -> None:
    values, label = state.pending_values, state.pending_label
    state.pending_values, state.pending_label = [], None
    if not values:
        return
    if len(values) == 1 and not _single_value_row(state, label[-1]):
        _unlabeled(state, [], values)   # what a lone number always was: a stray, or an orphan
        return
    if state.context == "appeals" and not labels.match_appeal_group(label[-1]):
        _unlabeled(state, [], values, False)   # under table 四's header ("…尚未审结\n总计")
        return
    cells = [TextCell(text) for text in label] + [v.cell for v in values]
    parsed = [Parsed("text")] * len(label) + [v.parsed for v in values]
    _take(state, StreamRow(cells, parsed, False))


def _single_value_row(state: _State, label: str) -> bool:
    """A label whose row has one column (2021 table 二: 行政许可, 行政处罚 …)."""
    key = labels.match_active_row(label)
    return bool(key) and any(r.key == key and len(r.columns) == 1
                             for r in schema.rows(state.layout, "active"))


def _take(state: _State, row: StreamRow) -> None:
    # The label is the text before the first number; a text cell among the numbers ("4 | 见注 |
    # 9") is a cell of its own, read as blank, so it cannot cut the row short.
    # Numbers before the first text are a 序号 column ("1 | 一、本年新收… | 23 | …").
    first_text = row.texts[0] if row.texts else -1
    first_number = next((i for i, p in enumerate(row.parsed)
                         if p.kind in ("number", "glued") and i > first_text), len(row.parsed))
    texts = [i for i in row.texts if i < first_number]
    last_text = texts[-1] if texts else -1
    slots = [_Slot(c, p) for c, p in zip(row.cells[last_text + 1:], row.parsed[last_text + 1:])]
    label_cells = [row.cells[i].text for i in texts]
    has_values = any(not s.empty or s.parsed.kind == "glued" for s in slots)
    if not has_values:
        _heading(state, row, label_cells, slots)
        return
    target = _classify(state, label_cells)
    if any(s.parsed.kind == "glued" for s in slots):
        slots = _unglue(state, target, label_cells, slots)
        if not slots:
            return
    if target is None:
        _unlabeled(state, label_cells, slots, row.from_table)
    elif target.startswith("requests."):
        _fill_requests(state, target, slots, row.from_table)
    elif target.startswith("active."):
        _fill_active(state, target, slots)
    else:
        state.context = "appeals"
        state.appeals_cursor = _appeal_start(target)
        _fill_appeals(state, slots)


def _heading(state: _State, row: StreamRow, label_cells: list[str], slots: list[_Slot]) -> None:
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
            state.appeals_cursor = _appeal_start(group)
    # a labelled row whose value cells print blank marks ("规章 | / | / | /") is still a row;
    # one whose cells are merely empty may be a label wrapped above its numbers (a PDF row
    # with a 3-line label, a row broken by a page): filling it would crowd out the real row
    if label_cells and slots and any(s.parsed.kind == "blank" and s.cell.text.strip() for s in slots):
        target = _classify(state, label_cells)
        if target and target.startswith("requests.") and len(slots) >= _N_REQUEST_COLUMNS - 1:
            _fill_requests(state, target, slots)
        elif target and target.startswith("active."):
            _fill_active(state, target, slots)


def _classify(state: _State, label_cells: list[str]) -> Optional[str]:
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


def _match(state: _State, table: str, text: str) -> Optional[str]:
    if table == "active":
        key = labels.match_active_row(text)
        if key and key in {r.key for r in schema.rows(state.layout, "active")}:
            return key
        return None
    if table == "requests":
        return labels.match_request_row(text, state.layout, fuzzy=False)
    if state.context == "appeals":
        return labels.match_appeal_group(text)
    return None


def _fuzzy_request(state: _State, text: str) -> Optional[str]:
    options = labels.fuzzy_request_rows(text, state.layout)
    if not options:
        return None
    rows = [r.key for r in schema.rows(state.layout, "requests")]
    for key in rows[state.request_cursor + 1:]:
        if key in options and key not in state.filled_rows:
            return key
    return options[0]


# ---------------------------------------------------------------- glued runs
def _unglue(state: _State, target: Optional[str], label_cells: list[str],
            slots: list[_Slot]) -> list[_Slot]:
    """The numbers of a run of digits whose cells ran together (core/extract/glued.py)."""
    run = next(s.cell for s in slots if s.parsed.kind == "glued")
    tries = []   # (numbers, sums, appeals start) to try, in order
    if target and target.startswith("requests."):
        tries = [(_N_REQUEST_COLUMNS, glued.request_sums(_N_REQUEST_COLUMNS), None)]
    elif target and target.startswith("active."):
        row = next(r for r in schema.rows(state.layout, "active") if r.key == target)
        tries = [(len(row.columns), (), None)]
    elif (target and target.startswith("appeals.")) or (target is None and state.context == "appeals"):
        per = len(schema.APPEAL_COLUMNS)
        tries = [(_N_APPEALS - start, glued.appeal_sums((_N_APPEALS - start) // per, per), start)
                 for start in range(0, _N_APPEALS, per)]
    text = re.sub(r"(万元|元)$", "", run.text)
    for n, sums, start in tries:
        found = glued.all_splits(text, n, sums)
        if not found:
            continue
        if len(found) > 1 and target and target.startswith("requests.") \
                and target not in state.filled_rows:
            # several cuts keep the row's sum: the columns' sums across rows decide, at the end
            state.deferred.append((target, run, found))
            state.filled_rows.add(target)
            state.context = "requests"
            return []
        if len(found) > 1:
            break
        if start is not None:
            state.context, state.appeals_cursor = "appeals", start
        _notice_split(state, target or "appeals", run, found[0])
        return [_Slot(cell, parse_cell(cell.text)) for cell in _sub_cells(run, found[0])]
    if tries:
        state.notice("extract.glued", row=target or "appeals", run=run.text)
    return []


def _notice_split(state: _State, row: str, run: TextCell, spans) -> None:
    if len(spans) > 1 and any(e - s > 1 for s, e in spans):
        state.notice("extract.glued_split", row=row, run=run.text,
                     parts=" ".join(run.text[s:e] for s, e in spans))


_MAX_COMBINATIONS = 20000


def _resolve_deferred(state: _State) -> None:
    """Rows of table 三 whose digits admit several cuts: the one choice, over all of them,
    under which every 勾稽 rule touching them holds (balance and outcome sums by column)."""
    if not state.deferred:
        return
    from itertools import islice, product
    from .. import rules
    by_cell = rules.rules_for_cell(state.layout)
    keys = [f"{row}.{c.key}" for row, _run, _found in state.deferred for c in schema.REQUEST_COLUMNS]
    relevant = {r for k in keys for r in by_cell.get(k, ())}
    good = []
    for combo in islice(product(*(found for _r, _run, found in state.deferred)), _MAX_COMBINATIONS):
        cells = dict(state.cells)
        for (row, run, _found), spans in zip(state.deferred, combo):
            for column, (s, e) in zip(schema.REQUEST_COLUMNS, spans):
                cells[f"{row}.{column.key}"] = parse_cell(run.text[s:e]).value
        if all(rules.holds(r, cells) for r in relevant):
            good.append(combo)
            if len(good) > 1:
                break
    for index, (row, run, _found) in enumerate(state.deferred):
        if len(good) != 1:
            state.notice("extract.glued", row=row, run=run.text)
            continue
        spans = good[0][index]
        _notice_split(state, row, run, spans)
        for column, cell in zip(schema.REQUEST_COLUMNS, _sub_cells(run, spans)):
            _put(state, f"{row}.{column.key}", _Slot(cell, parse_cell(cell.text)))


def _sub_cells(run: TextCell, spans: list[tuple[int, int]]) -> list[TextCell]:
    ref = run.ref
    out = []
    for text, s, e in glued.pieces(run.text, spans):
        sub = None if ref is None else SourceRef(ref.start + s, ref.start + e, page=ref.page,
                                                 bbox=ref.bbox)
        out.append(TextCell(text, sub))
    return out


# ---------------------------------------------------------------- table 三
def _fill_requests(state: _State, row_key: str, slots: list[_Slot], from_table: bool = True) -> None:
    state.context = "requests"
    rows = [r.key for r in schema.rows(state.layout, "requests")]
    if row_key in state.filled_rows:
        state.notice("extract.duplicate_row", row=row_key)
        return
    if not from_table and len(slots) < _N_REQUEST_COLUMNS:
        values = _short_text_row(state, row_key, slots)
    else:
        values = _fit(slots, _N_REQUEST_COLUMNS, state, row_key, right=True)
    for column, slot in zip(schema.REQUEST_COLUMNS, values):
        _put(state, f"{row_key}.{column.key}", slot)
    state.filled_rows.add(row_key)
    state.request_cursor = rows.index(row_key)


def _short_text_row(state: _State, row_key: str, slots: list[_Slot]) -> list[_Slot]:
    """A line of table 三 with fewer numbers than columns: its blank cells left no trace.

    Where the last number is the sum of the others it is 总计; the rest are placed from 自然人
    on (most applicants are natural persons, and the first columns are the ones filled).
    Either way the places are a guess, and the notice says so.
    """
    numbers = [s for s in slots if not s.empty]
    pad = _Slot(None, Parsed("blank"))
    values = [pad] * _N_REQUEST_COLUMNS
    head, total = numbers, None
    if len(numbers) >= 2 and numbers[-1].parsed.value == sum(s.parsed.value for s in numbers[:-1]):
        head, total = numbers[:-1], numbers[-1]
    elif len(numbers) == 1:
        head, total = [], numbers[0]     # a lone number on a line of table 三 is its 总计
    values[:len(head)] = head[:_N_REQUEST_COLUMNS - 1]
    if total is not None:
        values[-1] = total
    state.notice("extract.short_row", row=row_key, count=len(numbers))
    return values


def _unlabeled(state: _State, label_cells: list[str], slots: list[_Slot], from_table: bool = True) -> None:
    """Numbers whose label the source lost: place them by position in the current table."""
    if state.context == "requests":
        if len(slots) < _N_REQUEST_COLUMNS - 1:
            return  # a stray number (03.txt prints a lone "1"), not a row
        rows = [r.key for r in schema.rows(state.layout, "requests")]
        for key in rows[state.request_cursor + 1:]:
            if key not in state.filled_rows:
                _fill_requests(state, key, slots, from_table)
                return
        state.notice("extract.unplaced_row", text="".join(label_cells))
    elif state.context == "appeals":
        _fill_appeals(state, slots)
    elif state.context == "active" and len(slots) == 1 and not label_cells:
        state.orphans.append(slots[0])


def _fit(slots: list[_Slot], n: int, state: _State, row_key: str, right: bool) -> list[_Slot]:
    """Exactly the n value slots of a row.

    Trailing blanks beyond n are layout debris; leading blanks beyond n are the second column
    of a merged label ("(六)其他处理\\t\\t0…", 大水坑镇-2020). A short row is right-aligned in
    table 三: the label's merged cell swallowed the left columns (城郊乡-2020 予以公开 row).
    """
    slots = list(slots)
    if len(slots) > n:
        # doubled separators ("规章\t\t1\t\t1\t\t5") make empty cells between the real ones
        printed = [s for s in slots if s.cell is None or s.cell.text.strip()]
        if len(printed) >= n:
            slots = printed
    while len(slots) > n and slots[-1].parsed.kind == "blank" and not slots[-1].cell.text.strip():
        slots.pop()
    while len(slots) > n and slots[0].empty:
        slots.pop(0)
    if len(slots) > n:
        extra = [s.cell.text for s in slots[n:]]
        state.notice("extract.extra_values", row=row_key, values=extra)
        slots = slots[:n]
    if len(slots) < n:
        pad = [_Slot(None, Parsed("blank"))] * (n - len(slots))
        slots = pad + slots if right else slots + pad
    return slots


def _put(state: _State, key: str, slot: _Slot) -> None:
    if key not in state.cells:
        return
    value = slot.parsed.value if slot.parsed.kind == "number" else None
    if slot.parsed.kind == "text" and slot.cell is not None:
        state.notice("extract.not_number", cells=[key], text=slot.cell.text.strip())
    if value is not None and schema.is_amount(key):
        value = _to_wanyuan(state, key, value, slot.parsed.unit)
    state.cells[key] = value
    if slot.cell is not None:
        state.raw[key] = slot.cell.text
        if value is not None and slot.cell.ref is not None:
            state.provenance[key] = slot.cell.ref


def _to_wanyuan(state: _State, key: str, value, unit: str):
    if unit == "元" or (not unit and state.amount_unit == "元"):
        state.notice("extract.amount_converted", cells=[key], value=value)
        return round(value / 10000, 6)
    return value


# ---------------------------------------------------------------- table 二
def _fill_active(state: _State, row_key: str, slots: list[_Slot]) -> None:
    state.context = "active"
    if row_key in state.filled_rows:
        state.notice("extract.duplicate_row", row=row_key)
        return
    row = next(r for r in schema.rows(state.layout, "active") if r.key == row_key)
    n = len(row.columns)
    slots = [s for s in slots]
    numbers = [s for s in slots if not s.empty]
    if len(numbers) < n and len(slots) < n and state.orphans:
        # the displaced cell sat before the row's last column (现行有效件数 is one line)
        slots.insert(len(slots) - 1 if slots else 0, state.orphans.pop(0))
    values = _fit(slots, n, state, row_key, right=False)
    for column, slot in zip(row.columns, values):
        _put(state, f"{row_key}.{column.key}", slot)
    state.filled_rows.add(row_key)


# ---------------------------------------------------------------- table 四
def _appeal_start(group_key: str) -> int:
    keys = [r.key for r in schema.APPEAL_ROWS]
    return keys.index(group_key) * len(schema.APPEAL_COLUMNS)


def _fill_appeals(state: _State, slots: list[_Slot]) -> None:
    if len(slots) > _N_APPEALS - state.appeals_cursor:
        # more numbers than the cursor leaves room for: a header's last group label
        # ("复议后起诉", one cell per line) moved it; the numbers are the table's last cells
        state.appeals_cursor = max(0, _N_APPEALS - len(slots))
    room = _N_APPEALS - state.appeals_cursor
    if room <= 0:
        state.notice("extract.extra_values", row="appeals", values=[s.cell.text for s in slots])
        return
    values = _fit(slots, min(room, max(len(slots), 1)), state, "appeals", right=False)
    cells = [f"{r.key}.{c.key}" for r in schema.APPEAL_ROWS for c in schema.APPEAL_COLUMNS]
    for offset, slot in enumerate(values):
        key = cells[state.appeals_cursor + offset]
        _put(state, key, slot)
        state.filled_rows.add(key.rsplit(".", 1)[0])
    state.appeals_cursor += len(values)
