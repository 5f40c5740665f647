"""The 勾稽 rules of spec/cells.md as data: one table of equality rules per layout, built from core.schema."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from .. import schema
from ..model import Severity


# The 办理结果 rows whose sum is （七）总计, per layout (rule 2 of the spec).
_NOT_OUTCOMES = ("requests.new", "requests.carried_over", "requests.total", "requests.carry_forward")


@dataclass(frozen=True)
class Rule:
    """sum(lhs) must equal sum(rhs); blank cells count as 0. `message` is a code of core.messages."""

    id: str                      # the rule id of shared/fixtures/check_expected.py
    severity: Severity
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)   # labels for the message
    terms: tuple[str, ...] = ()  # placeholder names of the first cells of `keys`, for the message

    @property
    def keys(self) -> tuple[str, ...]:
        return self.lhs + self.rhs


def outcome_rows(layout: str) -> tuple[str, ...]:
    """Row keys of the 办理结果 rows (granted … other), in spec order."""
    return tuple(r.key for r in schema.rows(layout, "requests") if r.key not in _NOT_OUTCOMES)


def row_name(row: schema.Row) -> str:
    # Group labels such as （三）不予公开 make "1.属于国家秘密" unambiguous; table 二's groups
    # are article numbers (第二十条第（八）项), not part of a row's name.
    if row.group and not row.group.startswith("三、") and row.table != "active":
        return f"{row.group}{row.label}"
    return row.label


def _balance_rules(layout: str) -> list[Rule]:
    out = []
    for col in schema.REQUEST_COLUMNS:
        c = col.key
        out.append(Rule(f"requests.balance.{c}", Severity.ERROR,
                        (f"requests.new.{c}", f"requests.carried_over.{c}"),
                        (f"requests.total.{c}", f"requests.carry_forward.{c}"),
                        "requests.balance", {"column": col.label},
                        ("new", "carried", "total", "forward")))
    return out


def _outcome_rules(layout: str) -> list[Rule]:
    rows = outcome_rows(layout)
    return [Rule(f"requests.outcomes.{col.key}", Severity.ERROR, (f"requests.total.{col.key}",),
                 tuple(f"{r}.{col.key}" for r in rows), "requests.outcomes", {"column": col.label},
                 ("total",))
            for col in schema.REQUEST_COLUMNS]


def _row_rules(layout: str) -> list[Rule]:
    out = []
    for row in schema.rows(layout, "requests"):
        name = row.key.split(".", 1)[1]
        out.append(Rule(f"requests.row.{name}", Severity.ERROR, (f"{row.key}.total",),
                        tuple(f"{row.key}.{c}" for c in schema.APPLICANT_COLUMNS),
                        "requests.row", {"row": row_name(row)}, ("total",)))
    return out


def _appeal_rules(layout: str) -> list[Rule]:
    out = []
    for row in schema.rows(layout, "appeals"):
        parts = tuple(f"{row.key}.{c.key}" for c in row.columns if c.key != "total")
        group = f"{row.group}（{row.label}）" if row.group else row.label
        out.append(Rule(row.key, Severity.ERROR, (f"{row.key}.total",), parts, "appeals", {"group": group},
                        ("total",) + tuple(k.rsplit(".", 1)[1] for k in parts)))
    return out


@lru_cache(maxsize=None)
def rules(layout: str) -> tuple[Rule, ...]:
    """Every equality rule of a layout: balance, outcomes, row sums, appeals (cached)."""
    if layout not in schema.LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    return tuple(_balance_rules(layout) + _outcome_rules(layout)
                 + _row_rules(layout) + _appeal_rules(layout))


@lru_cache(maxsize=None)
def rules_by_id(layout: str) -> dict[str, Rule]:
    return {r.id: r for r in rules(layout)}


@lru_cache(maxsize=None)
def rules_for_cell(layout: str) -> dict[str, tuple[Rule, ...]]:
    """cell key → the rules it takes part in (a cell of no rule is absent)."""
    index: dict[str, list[Rule]] = {}
    for rule in rules(layout):
        for key in rule.keys:
            index.setdefault(key, []).append(rule)
    return {k: tuple(v) for k, v in index.items()}


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def value(cells: dict, key: str):
    """A cell's value in the sums: blank (None or absent) counts as 0, per spec.

    A non-number (a stray string) also counts as 0 here; checks.py reports it on its own.
    """
    v = cells.get(key)
    if type(v) is int:      # the common case first: this runs ~400 times per recheck
        return v
    if v is None:
        return 0
    return v if is_number(v) else 0


def sides(rule: Rule, cells: dict) -> tuple:
    """(sum of lhs, sum of rhs) with blanks as 0."""
    return (sum(value(cells, k) for k in rule.lhs), sum(value(cells, k) for k in rule.rhs))


def holds(rule: Rule, cells: dict) -> bool:
    lhs, rhs = sides(rule, cells)
    return abs(lhs - rhs) < 1e-9
