"""Put a row's numbers into canonical cells: tables 三, 二 and 四, and runs of glued digits.

recognize.py decides which row a line is; this module decides which cell each number is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .. import schema
from ..checks import rules
from ..model import Finding, Severity, SourceRef, TextCell
from . import glued
from .numbers import Parsed, parse_cell

N_REQUEST_COLUMNS = len(schema.REQUEST_COLUMNS)
N_APPEALS = len(schema.APPEAL_ROWS) * len(schema.APPEAL_COLUMNS)


@dataclass
class Slot:
    cell: Optional[TextCell]
    parsed: Parsed

    @property
    def empty(self) -> bool:
        return self.parsed.kind != "number"


@dataclass
class State:
    layout: str
    cells: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    blank_refs: dict = field(default_factory=dict)
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
    noticed: set = field(default_factory=set)   # notices given: the same one twice says nothing

    def notice(self, code: str, cells=(), **params) -> None:
        params.setdefault("layout", self.layout)   # rows are named as this layout names them
        # a text that repeats its tables would otherwise hold a notice per repeated row
        said = repr((code, tuple(cells), sorted(params.items())))
        if said in self.noticed:
            return
        self.noticed.add(said)
        self.notices.append(Finding(code=code, severity=Severity.WARNING, cells=tuple(cells), params=params))


# ---------------------------------------------------------------- glued runs
def unglue(state: State, target: Optional[str], slots: list[Slot]) -> list[Slot]:
    """The numbers of a run of digits whose cells ran together (core/extract/glued.py)."""
    run = next(s.cell for s in slots if s.parsed.kind == "glued")
    tries = []   # (numbers, sums, appeals start) to try, in order
    if target and target.startswith("requests."):
        tries = [(N_REQUEST_COLUMNS, glued.request_sums(N_REQUEST_COLUMNS), None)]
    elif target and target.startswith("active."):
        row = next(r for r in schema.rows(state.layout, "active") if r.key == target)
        tries = [(len(row.columns), (), None)]
    elif (target and target.startswith("appeals.")) or (target is None and state.context == "appeals"):
        per = len(schema.APPEAL_COLUMNS)
        tries = [(N_APPEALS - start, glued.appeal_sums((N_APPEALS - start) // per, per), start)
                 for start in range(0, N_APPEALS, per)]
    text = re.sub(r"(万元|元)$", "", run.text)
    for n, sums, start in tries:
        found = glued.all_splits(text, n, sums)
        if not found and sums:
            # the printed numbers may break their own sum: a cut forced without it stands,
            # and the checks will say the row does not add up
            loose = glued.all_splits(text, n, (), limit=2)
            found = loose if loose and len(loose) == 1 else found
        if not found:
            gaps = glued.gap_split(text, n)
            found = [gaps] if gaps else found
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
        return [Slot(cell, parse_cell(cell.text)) for cell in _sub_cells(run, found[0])]
    if tries:
        choices = {}
        if target and not target.startswith("appeals"):
            choices = _choices(state, target, run, glued.ranked_cuts(text, _columns(target, state)))
        state.notice("extract.glued", _row_cells(state, target or "appeals"),
                     row=target or "appeals", run=run.text, **choices)
    return []


def _columns(row: str, state: State) -> tuple[str, ...]:
    for r in schema.rows(state.layout, row.split(".", 1)[0]):
        if r.key == row:
            return tuple(c.key for c in r.columns)
    return tuple(c.key for c in schema.REQUEST_COLUMNS)


def _choices(state: State, row: str, run: TextCell, cuts: list) -> dict:
    """The cuts a person may pick in one click, as notice params: each the row's cells filled."""
    columns = _columns(row, state)
    out = [{"cells": {f"{row}.{col}": parse_cell(text).value
                      for col, (text, _s, _e) in zip(columns, glued.pieces(run.text, spans))},
            "text": " / ".join(text for text, _s, _e in glued.pieces(run.text, spans))}
           for spans in cuts]
    return {"choices": out} if len(out) > 1 else {}


def _row_cells(state: State, row: str) -> list[str]:
    """The cells a notice about row `row` names (table 四: all fifteen)."""
    if row == "appeals" or row.startswith("appeals."):
        return [f"{r.key}.{c.key}" for r in schema.APPEAL_ROWS for c in schema.APPEAL_COLUMNS]
    return [k for k in state.cells if k.rsplit(".", 1)[0] == row]


def _notice_split(state: State, row: str, run: TextCell, spans) -> None:
    if len(spans) > 1 and any(e - s != 1 for s, e in spans):
        state.notice("extract.glued_split", _row_cells(state, row), row=row, run=run.text,
                     parts=" ".join(run.text[s:e] or "空" for s, e in spans))


_MAX_COMBINATIONS = 20000
_MAX_GOOD = 64


def resolve_deferred(state: State) -> None:
    """Rows of table 三 whose digits admit several cuts: the choices under which every 勾稽
    rule touching them holds (balance and outcome sums by column); a row is cut where all
    such choices agree on it, and left empty with a notice where they do not."""
    if not state.deferred:
        return
    from itertools import islice, product
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
            if len(good) >= _MAX_GOOD:
                break
    for index, (row, run, _found) in enumerate(state.deferred):
        choices = {tuple(combo[index]) for combo in good}
        if len(choices) != 1 or len(good) >= _MAX_GOOD:
            cuts = [list(c) for c in choices] if len(good) < _MAX_GOOD and choices else _found
            ranked = glued.ranked_cuts(re.sub(r"(万元|元)$", "", run.text), _columns(row, state),
                                       candidates=list(cuts))
            state.notice("extract.glued", _row_cells(state, row), row=row, run=run.text,
                         **_choices(state, row, run, ranked))
            continue
        spans = list(choices.pop())
        _notice_split(state, row, run, spans)
        for column, cell in zip(schema.REQUEST_COLUMNS, _sub_cells(run, spans)):
            put(state, f"{row}.{column.key}", Slot(cell, parse_cell(cell.text)))


def _sub_cells(run: TextCell, spans: list[tuple[int, int]]) -> list[TextCell]:
    ref = run.ref
    out = []
    for text, s, e in glued.pieces(run.text, spans):
        sub = None if ref is None else SourceRef(ref.start + s, ref.start + e, page=ref.page,
                                                 bbox=ref.bbox)
        out.append(TextCell(text, sub))
    return out


# ---------------------------------------------------------------- table 三
def fill_requests(state: State, row_key: str, slots: list[Slot], from_table: bool = True) -> None:
    state.context = "requests"
    if row_key in state.filled_rows:
        state.notice("extract.duplicate_row", row=row_key)
        return
    if not from_table and len(slots) < N_REQUEST_COLUMNS:
        values = _short_text_row(state, row_key, slots)
    else:
        values = _fit(slots, N_REQUEST_COLUMNS, state, row_key, right=True)
    for column, slot in zip(schema.REQUEST_COLUMNS, values):
        put(state, f"{row_key}.{column.key}", slot)
    state.filled_rows.add(row_key)
    state.request_cursor = schema.row_keys(state.layout, "requests").index(row_key)


def _short_text_row(state: State, row_key: str, slots: list[Slot]) -> list[Slot]:
    """A line of table 三 with fewer numbers than columns: its blank cells left no trace.

    Where the last number is the sum of the others it is 总计; the rest are placed from 自然人
    on (most applicants are natural persons, and the first columns are the ones filled).
    Either way the places are a guess, and the notice says so.
    """
    numbers = [s for s in slots if not s.empty]
    pad = Slot(None, Parsed("blank"))
    values = [pad] * N_REQUEST_COLUMNS
    head, total = numbers, None
    if len(numbers) >= 2 and numbers[-1].parsed.value == sum(s.parsed.value for s in numbers[:-1]):
        head, total = numbers[:-1], numbers[-1]
    elif len(numbers) == 1:
        head, total = [], numbers[0]     # a lone number on a line of table 三 is its 总计
    values[:len(head)] = head[:N_REQUEST_COLUMNS - 1]
    if total is not None:
        values[-1] = total
    state.notice("extract.short_row", row=row_key, count=len(numbers))
    return values


def unlabeled(state: State, label_cells: list[str], slots: list[Slot], from_table: bool = True) -> None:
    """Numbers whose label the source lost: place them by position in the current table."""
    if state.context == "requests":
        if len(slots) < N_REQUEST_COLUMNS - 1:
            return  # a stray number (03.txt prints a lone "1"), not a row
        for key in schema.row_keys(state.layout, "requests")[state.request_cursor + 1:]:
            if key not in state.filled_rows:
                fill_requests(state, key, slots, from_table)
                return
        state.notice("extract.unplaced_row", text="".join(label_cells))
    elif state.context == "appeals":
        fill_appeals(state, slots)
    elif state.context == "active" and len(slots) == 1 and not label_cells:
        state.orphans.append(slots[0])


def _fit(slots: list[Slot], n: int, state: State, row_key: str, right: bool) -> list[Slot]:
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
        pad = [Slot(None, Parsed("blank"))] * (n - len(slots))
        slots = pad + slots if right else slots + pad
    return slots


def put(state: State, key: str, slot: Slot) -> None:
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
        elif slot.cell.ref is not None:   # printed blank ("", "—"): a correction may fill it
            state.blank_refs[key] = slot.cell.ref


def _to_wanyuan(state: State, key: str, value, unit: str):
    if unit == "元" or (not unit and state.amount_unit == "元"):
        state.notice("extract.amount_converted", cells=[key], value=value)
        return round(value / 10000, 6)
    return value


# ---------------------------------------------------------------- table 二
def fill_active(state: State, row_key: str, slots: list[Slot]) -> None:
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
        put(state, f"{row_key}.{column.key}", slot)
    state.filled_rows.add(row_key)


# ---------------------------------------------------------------- table 四
def appeal_start(group_key: str) -> int:
    keys = [r.key for r in schema.APPEAL_ROWS]
    return keys.index(group_key) * len(schema.APPEAL_COLUMNS)


def fill_appeals(state: State, slots: list[Slot]) -> None:
    if len(slots) > N_APPEALS - state.appeals_cursor:
        # more numbers than the cursor leaves room for: a header's last group label
        # ("复议后起诉", one cell per line) moved it; the numbers are the table's last cells
        state.appeals_cursor = max(0, N_APPEALS - len(slots))
    room = N_APPEALS - state.appeals_cursor
    if room <= 0:
        state.notice("extract.extra_values", row="appeals", values=[s.cell.text for s in slots])
        return
    values = _fit(slots, min(room, max(len(slots), 1)), state, "appeals", right=False)
    cells = [f"{r.key}.{c.key}" for r in schema.APPEAL_ROWS for c in schema.APPEAL_COLUMNS]
    for offset, slot in enumerate(values):
        key = cells[state.appeals_cursor + offset]
        put(state, key, slot)
        state.filled_rows.add(key.rsplit(".", 1)[0])
    state.appeals_cursor += len(values)

