"""Check a report: the 勾稽 rules, value checks, narrative cross-checks, and a one-cell repair hint."""
from __future__ import annotations

from typing import Optional

from . import rules as R
from .. import schema
from . import messages as M
from .messages import render
from .narrative import narrative_findings
from ..model import Finding, Report, Severity, SourceDocument
from .rules import Rule

# 万元 thresholds beyond which an amount is almost surely printed in 元 (董家镇-2020 prints
# 115045 for 6 procurement projects: 11.5 亿元 for a town). Warnings only; the person decides.
AMOUNT_MAX_WAN = 100_000          # 10 亿元 in one row of a single body's report
AMOUNT_MAX_PER_ITEM_WAN = 10_000  # 1 亿元 per procurement project on average


def run_checks(report: Report, doc: Optional[SourceDocument] = None) -> list[Finding]:
    """Every check: rules and values (recheck) plus, when the text is at hand, the narrative."""
    findings = recheck(report)
    if doc is not None and doc.text:
        findings += narrative_findings(report, doc.text)
    return _ordered(findings)


def recheck(report: Report) -> list[Finding]:
    """The table checks only (no narrative): the fast path after an edit."""
    missing = set(report.missing_tables)
    failing = failing_rules(report)
    errors = [_rule_finding(r, report) for r in failing]
    value_errors = _value_errors(report, missing)
    errors += value_errors
    bad = {f.cells[0] for f in value_errors}
    hint = _hint(report, failing, bad) if failing else None
    if hint:
        for f in errors:
            if hint["key"] in f.cells:
                f.hint = hint
    warnings = _missing_tables(report) + _blanks(report, missing) + _amounts(report, missing)
    return _ordered(errors + warnings)


def failing_rules(report: Report) -> list[Rule]:
    """The equality rules that fail (blank = 0); rules of a table not found are skipped."""
    missing = report.missing_tables
    cells = report.cells
    return [r for r in R.rules(report.layout)
            if not (missing and schema.table_of(r.id) in missing) and not R.holds(r, cells)]


def repair_hint(report: Report) -> Optional[dict]:
    """{"key", "value", "old", "label"}: the one cell change that fixes every error, if any."""
    failing = failing_rules(report)
    if not failing:
        return None
    bad = {f.cells[0] for f in _value_errors(report, set(report.missing_tables))}
    return _hint(report, failing, bad)


def has_errors(findings) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


# ---------------------------------------------------------------- findings of rules
def _ordered(findings: list[Finding]) -> list[Finding]:
    # Errors first, each group in the order the checks found them (stable sort).
    return sorted(findings, key=lambda f: f.severity != Severity.ERROR)


def _finding(code: str, severity: str, cells, params: dict) -> Finding:
    f = Finding(code=code, severity=severity, cells=tuple(cells), params=params)
    f.message = render(f)
    return f


def _rule_finding(rule: Rule, report: Report) -> Finding:
    """A failing rule. When its one blank cell, given the value the sums imply, would make
    every rule it is in hold, the printed numbers do not contradict each other: a cell was
    left out (more/03 prints 结转下年度 总计 empty while 自然人 is 1 and the text says 1 件),
    so it is a warning that says which value; with blanks the sums cannot place (spec: 805
    printed as （七）总计 over blank 办理结果 totals) or none, an error."""
    cells = report.cells
    lhs, rhs = R.sides(rule, cells)
    params = dict(rule.params)
    for name, key in zip(rule.terms, rule.keys):
        params[name] = cells.get(key)
    params.update(lhs=lhs, rhs=rhs, sum=rhs, diff=abs(lhs - rhs))
    blanks = [k for k in rule.keys if cells.get(k) is None]
    severity = rule.severity
    if blanks:
        params["blanks"] = len(blanks)
        # blanks among the summed parts: the message says the sum counted them as 0
        params["blank_parts"] = sum(1 for k in rule.rhs if cells.get(k) is None)
        implied = _implied(rule, blanks, report) if len(blanks) == 1 else None
        if implied is not None:
            severity = Severity.WARNING
            params.update(implied=implied, implied_label=schema.cell_label(report.layout, blanks[0]))
    return _finding(rule.id, severity, rule.keys, params)


def _implied(rule: Rule, blanks: list, report: Report):
    """The value of the rule's only blank cell that makes every rule of that cell hold, or None."""
    key = blanks[0]
    new = _solve(rule, key, report.cells)
    if value_problem(key, new):
        return None
    trial = dict(report.cells)
    trial[key] = new
    ok = all(R.holds(r, trial) for r in R.rules_for_cell(report.layout)[key])
    return new if ok else None


# ---------------------------------------------------------------- value checks
def value_problem(key: str, v) -> Optional[str]:
    """The value-check code a filled cell fails, or None. Blank (None) is not judged here."""
    if v is None or (type(v) is int and v >= 0):   # fast path: nearly every cell
        return None
    if not R.is_number(v):
        return "value.not_number"
    if v < 0 and not schema.may_be_negative(key):
        return "value.negative.amount" if schema.is_amount(key) else "value.negative"
    if not schema.is_amount(key) and v != int(v):
        return "value.decimal"
    return None


def _value_errors(report: Report, missing: set) -> list[Finding]:
    out = []
    cells, layout = report.cells, report.layout
    for key in schema.cell_keys(layout):
        code = value_problem(key, cells.get(key))
        if code and schema.table_of(key) not in missing:
            params = {"label": schema.cell_label(layout, key), "value": cells[key]}
            out.append(_finding(code, Severity.ERROR, (key,), params))
    return out


def _missing_tables(report: Report) -> list[Finding]:
    return [_finding(f"table.missing.{t}", Severity.WARNING, (),
                     {"table": schema.TABLE_SHORT[t], "title": schema.TABLE_TITLES[t]})
            for t in schema.TABLES if t in report.missing_tables]


def _blanks(report: Report, missing: set) -> list[Finding]:
    """One warning per row with blank cells; one per table when the whole table is blank."""
    out = []
    cells = report.cells
    for table in schema.TABLES:
        if table in missing:
            continue  # the missing-table warning says it all
        rows = schema.rows(report.layout, table)
        blank_rows = [(row, [c for c in row.columns if cells.get(f"{row.key}.{c.key}") is None])
                      for row in rows]
        n_cells = sum(len(row.columns) for row in rows)
        n_blank = sum(len(cols) for _, cols in blank_rows)
        if n_blank == n_cells:
            keys = [f"{row.key}.{c.key}" for row in rows for c in row.columns]
            out.append(_finding("value.blank", Severity.WARNING, keys, {
                "row": M.WHOLE_TABLE.format(table=schema.TABLE_SHORT[table],
                                            title=schema.TABLE_TITLES[table]),
                "count": n_blank, "columns": M.WHOLE_TABLE_COLUMNS}))
            continue
        for row, cols in blank_rows:
            if cols:
                out.append(_finding("value.blank", Severity.WARNING, [f"{row.key}.{c.key}" for c in cols], {
                    "row": M.ROW_IN_TABLE.format(table=schema.TABLE_SHORT[table],
                                                 row=R.row_name(row)),
                    "count": len(cols), "columns": "、".join(c.label for c in cols)}))
    return out


def _amounts(report: Report, missing: set) -> list[Finding]:
    if "active" in missing:
        return []
    out = []
    cells, layout = report.cells, report.layout
    for key in schema.cell_keys(layout):
        if not schema.is_amount(key):
            continue
        v = cells.get(key)
        if not R.is_number(v) or v <= 0:
            continue
        reason = _implausible(key, v, cells)
        if reason:
            out.append(_finding("amount.implausible", Severity.WARNING, (key,), {
                "label": schema.cell_label(layout, key), "value": v,
                "yi": round(v / 10_000, 4), "as_wan": round(v / 10_000, 4), "reason": reason}))
    return out


def _implausible(key: str, v, cells: dict) -> Optional[str]:
    items_key = key.rsplit(".", 1)[0] + ".items"
    items = cells.get(items_key)
    if R.is_number(items) and items > 0 and v / items >= AMOUNT_MAX_PER_ITEM_WAN:
        return M.AMOUNT_PER_ITEM.format(items=f"{items:g}", per_item=f"{v / items / 10_000:.2f}")
    if v >= AMOUNT_MAX_WAN:
        return M.AMOUNT_TOO_BIG.format(limit=f"{AMOUNT_MAX_WAN / 10_000:g}")
    return None


# ---------------------------------------------------------------- repair hint
def _hint(report: Report, failing: list[Rule], bad_values: set) -> Optional[dict]:
    """Try each cell common to every failing rule; keep values that break nothing else.

    `bad_values`: cells failing a value check. One inside a failing rule, other than the cell
    changed, rules a hint out: the sums would close around a number that is itself wrong. One
    elsewhere (a decimal in 表二) does not: the hint only promises the 勾稽 rules."""
    cells, layout = report.cells, report.layout
    common = set(failing[0].keys)
    in_rules = set()
    for rule in failing:
        common &= set(rule.keys)
        in_rules |= set(rule.keys)
    if not common:
        return None
    bad_values = bad_values & in_rules
    by_cell = R.rules_for_cell(layout)
    found = []
    for key in failing[0].keys:               # rule order: deterministic
        if key not in common or bad_values - {key}:
            continue
        new = _solve(failing[0], key, cells)
        if value_problem(key, new):
            continue
        trial = dict(cells)
        trial[key] = new
        if all(R.holds(r, trial) for r in by_cell[key]):
            found.append((key, new))
    return _choose(found, report)


def _solve(rule: Rule, key: str, cells: dict):
    """The value of `key` that makes `rule` hold, other cells kept."""
    lhs, rhs = R.sides(rule, cells)
    old = R.value(cells, key)
    new = old + (rhs - lhs) if key in rule.lhs else old + (lhs - rhs)
    if isinstance(new, float) and new == int(new):
        new = int(new)
    return new


def _choose(found: list, report: Report) -> Optional[dict]:
    # Several fixes (e.g. any part of one 表四 group) tell the person nothing; but a blank among
    # them is most likely the culprit (more/03: 结转下年度 总计 left empty, narrative says 1).
    if len(found) > 1:
        found = [(k, v) for k, v in found if report.cells.get(k) is None]
    if len(found) != 1:
        return None
    key, new = found[0]
    return {"key": key, "value": new, "old": report.cells.get(key),
            "label": schema.cell_label(report.layout, key)}
