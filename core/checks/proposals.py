"""Repair proposals for the failing 勾稽 rules (values that make a rule hold), and the cells most likely wrong."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .. import schema
from ..model import Report
from . import rules as R
from .messages import fmt_number
from .rules import Rule
from .run import _solve, failing_rules, value_problem

MAX_PER_RULE = 3      # more choices than this tell the clerk nothing
FILL_ROUNDS = 4       # blank totals feed other totals (a row total into its column's sum)

# The proposal's kind orders equally good fixes: a blank filled by its sum first, then a total
# set to its parts' sum, then one part changed.
KIND_ORDER = {"fill": 0, "fill_all": 0, "total": 1, "part": 2}


@dataclass(frozen=True)
class Proposal:
    """Values that make at least one failing rule hold and break none that holds."""

    changes: tuple[tuple[str, object], ...]   # (cell key, new value), in table order
    kind: str                                 # fill | fill_all | total | part
    fixes: int                                # failing rules that hold afterwards
    text: str                                 # the Chinese sentence shown beside the finding

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.changes)


def proposals_for(report: Report, rule: Rule, failing: Optional[list[Rule]] = None) -> list[Proposal]:
    """The best few one-cell fixes of a failing rule (most failing rules mended first), then a
    fill of every blank total by its sum when that mends more."""
    failing = failing_rules(report) if failing is None else failing
    if rule not in failing:
        return []
    failing_ids = {r.id for r in failing}
    found = [p for p in (_one_cell(report, rule, key, failing_ids) for key in rule.keys) if p]
    whole = fill_blank_totals(report, failing)
    if whole is not None and rule.lhs[0] in whole.keys and len(whole.changes) > 1:
        found.append(whole)
    found.sort(key=lambda p: (-p.fixes, KIND_ORDER[p.kind]))
    return found[:MAX_PER_RULE]


def all_proposals(report: Report) -> dict[str, list[Proposal]]:
    """rule id → its proposals, for every failing rule (empty list: none found)."""
    failing = failing_rules(report)
    return {r.id: proposals_for(report, r, failing) for r in failing}


def _one_cell(report: Report, rule: Rule, key: str, failing_ids: set) -> Optional[Proposal]:
    cells, layout = report.cells, report.layout
    new = _solve(rule, key, cells)
    if value_problem(key, new) or new == cells.get(key):
        return None
    trial = dict(cells)
    trial[key] = new
    fixes = 0
    for other in R.rules_for_cell(layout)[key]:
        was_failing = other.id in failing_ids
        now = R.holds(other, trial)
        if not was_failing and not now:
            return None                     # would break a rule that holds
        fixes += was_failing and now
    old = cells.get(key)
    label = schema.cell_label(layout, key)
    if old is None:
        kind, text = "fill", f"填入「{label}」：{fmt_number(new)}"
    elif key in rule.lhs and len(rule.lhs) == 1:
        kind, text = "total", f"把「{label}」改为各项之和 {fmt_number(new)}（原为 {fmt_number(old)}）"
    else:
        kind, text = "part", f"把「{label}」由 {fmt_number(old)} 改为 {fmt_number(new)}"
    if fixes > 1:
        text += f"（同时使 {fixes} 条勾稽关系成立）"
    return Proposal(((key, new),), kind, fixes, text)


def fill_blank_totals(report: Report, failing: Optional[list[Rule]] = None) -> Optional[Proposal]:
    """Every blank total whose parts hold numbers, filled by their sum (a row total first feeds
    its column's sum), when that breaks nothing and mends at least one rule; else None."""
    failing = failing_rules(report) if failing is None else failing
    layout = report.layout
    trial = dict(report.cells)
    filled: dict[str, object] = {}
    for _ in range(FILL_ROUNDS):
        more = False
        for rule in R.rules(layout):
            total = rule.lhs[0]
            if len(rule.lhs) != 1 or trial.get(total) is not None or total in filled:
                continue
            if all(trial.get(k) is None for k in rule.rhs) or R.holds(rule, trial):
                continue
            value = R.sides(rule, trial)[1]
            if value_problem(total, value):
                continue
            trial[total] = filled[total] = value
            more = True
        if not more:
            break
    if not filled:
        return None
    failing_ids = {r.id for r in failing}
    touched = {r for key in filled for r in R.rules_for_cell(layout)[key]}
    if any(r.id not in failing_ids and not R.holds(r, trial) for r in touched):
        return None
    fixes = sum(1 for r in touched if r.id in failing_ids and R.holds(r, trial))
    if not fixes:
        return None
    order = {k: i for i, k in enumerate(schema.cell_keys(layout))}
    changes = tuple(sorted(filled.items(), key=lambda kv: order.get(kv[0], 0)))
    text = f"把 {len(changes)} 个空白的总计填为各项之和（使 {fixes} 条勾稽关系成立）"
    return Proposal(changes, "fill_all", fixes, text)


def likely_wrong(report: Report, proposals: Optional[dict[str, list[Proposal]]] = None) -> set[str]:
    """The cells to paint strongly: those the first proposal of each failing rule changes; for a
    rule with none, its cells named by the most failing rules (its total when all tie). The
    other cells of a failing rule are only lightly painted."""
    failing = failing_rules(report)
    if not failing:
        return set()
    proposals = all_proposals(report) if proposals is None else proposals
    count: dict[str, int] = {}
    for rule in failing:
        for key in rule.keys:
            count[key] = count.get(key, 0) + 1
    strong: set[str] = set()
    for rule in failing:
        found = proposals.get(rule.id)
        if found:
            strong.update(found[0].keys)
            continue
        most = max(count[k] for k in rule.keys)
        top = {k for k in rule.keys if count[k] == most}
        strong |= set(rule.lhs) if len(top) == len(rule.keys) else top
    return strong
