"""The rule table matches spec/cells.md and the rule ids of shared/fixtures/check_expected.py."""
import importlib.util

import pytest

from core.checks import rules as R
from core import schema
from core.model import Severity
from core_fixtures import SHARED_FIXTURES


def _check_expected():
    spec = importlib.util.spec_from_file_location("check_expected", SHARED_FIXTURES / "check_expected.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


CHECK_EXPECTED = _check_expected()
ALL_RULES = [(layout, rule) for layout in schema.LAYOUTS for rule in R.rules(layout)]


def zeros(layout):
    return {k: 0 for k in schema.cell_keys(layout)}


@pytest.mark.parametrize("layout", schema.LAYOUTS)
def test_same_rules_as_check_expected(layout):
    ours = {r.id: (set(r.lhs), set(r.rhs)) for r in R.rules(layout)}
    theirs = {rid: (set(lhs), set(rhs)) for rid, lhs, rhs in CHECK_EXPECTED.rules(layout)}
    assert ours == theirs


def test_rule_counts():
    # 7 balance + 7 outcomes + one per table-三 row + 3 appeals
    assert len(R.rules("2019")) == 7 + 7 + 23 + 3
    assert len(R.rules("2021")) == 7 + 7 + 25 + 3


def test_rules_are_cached_per_layout():
    assert R.rules("2019") is R.rules("2019")
    assert R.rules_for_cell("2021") is R.rules_for_cell("2021")


def test_unknown_layout():
    with pytest.raises(ValueError):
        R.rules("2007")


@pytest.mark.parametrize("layout", schema.LAYOUTS)
def test_outcome_rows_per_layout(layout):
    rows = R.outcome_rows(layout)
    assert rows[0] == "requests.granted"
    other = {"2019": ("requests.other",),
             "2021": ("requests.other.no_correction", "requests.other.no_fee", "requests.other.other")}
    assert rows[-len(other[layout]):] == other[layout]
    assert len(rows) == 18 + len(other[layout])


@pytest.mark.parametrize("layout", schema.LAYOUTS)
def test_every_request_and_appeal_cell_is_covered(layout):
    covered = set(R.rules_for_cell(layout))
    keys = set(schema.cell_keys(layout))
    assert covered <= keys
    assert covered == {k for k in keys if not k.startswith("active.")}


def test_requests_cell_in_row_and_column_rule():
    by_cell = R.rules_for_cell("2019")
    assert {r.id for r in by_cell["requests.denied.state_secret.natural"]} == {
        "requests.row.denied.state_secret", "requests.outcomes.natural"}
    assert {r.id for r in by_cell["requests.total.total"]} == {
        "requests.balance.total", "requests.outcomes.total", "requests.row.total"}
    assert {r.id for r in by_cell["appeals.review.pending"]} == {"appeals.review"}


@pytest.mark.parametrize("layout,rule", ALL_RULES, ids=[f"{l}:{r.id}" for l, r in ALL_RULES])
def test_each_rule_passes_and_fails(layout, rule):
    cells = zeros(layout)
    assert R.holds(rule, cells)
    cells[rule.lhs[0]] = 5
    assert not R.holds(rule, cells)
    cells[rule.rhs[-1]] = 5            # balanced again
    assert R.holds(rule, cells)


def test_blank_counts_as_zero():
    rule = R.rules_by_id("2019")["appeals.review"]
    cells = {k: None for k in rule.keys}
    assert R.holds(rule, cells)
    cells["appeals.review.total"] = 2
    assert R.sides(rule, cells) == (2, 0) and not R.holds(rule, cells)
    cells["appeals.review.upheld"] = 2
    assert R.holds(rule, cells)


def test_rule_data():
    rule = R.rules_by_id("2021")["requests.balance.total"]
    assert rule.severity is Severity.ERROR and rule.message == "requests.balance"
    assert rule.lhs == ("requests.new.total", "requests.carried_over.total")
    assert rule.rhs == ("requests.total.total", "requests.carry_forward.total")
    assert rule.params["column"] == "总计"
    assert R.rules_by_id("2019")["requests.row.denied.state_secret"].params["row"] == "（三）不予公开1.属于国家秘密"
