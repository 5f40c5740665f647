"""Repair proposals: each one mends failing rules and breaks none; the cell to change is the one painted strongly."""
from hypothesis import assume, given
from hypothesis import strategies as st

from core import schema
from core.checks import rules as R
from core.checks.proposals import all_proposals, fill_blank_totals, likely_wrong, proposals_for
from core.checks.run import failing_rules
from core.model import Report
from test_checks_properties import SETTINGS, consistent_reports, ruled_keys


def apply(report, proposal):
    cells = dict(report.cells)
    cells.update(dict(proposal.changes))
    return Report(layout=report.layout, agency=report.agency, year=report.year, source="x",
                  format="txt", cells=cells)


@SETTINGS
@given(consistent_reports(), st.data())
def test_every_proposal_mends_and_breaks_nothing_and_the_changed_cell_is_found(report, data):
    key = data.draw(st.sampled_from(ruled_keys(report.layout)))
    original = report.cells[key]
    report.cells[key] = data.draw(st.one_of(st.none(), st.integers(0, 60)))
    assume(report.cells[key] != original and R.is_number(original))
    failing = failing_rules(report)
    assume(failing)
    found = all_proposals(report)
    assert set(found) == {r.id for r in failing}
    # the change that restores the number mends every failing rule of its cell
    best = sum(1 for r in failing if key in r.keys)
    for rule in failing:
        assert found[rule.id], rule.id                 # a proposal for every failing rule
        assert found[rule.id][0].fixes >= (best if key in rule.keys else 1)
        for p in found[rule.id]:
            after = apply(report, p)
            still = {r.id for r in failing_rules(after)}
            assert still <= {r.id for r in failing}    # no rule that held is broken
            assert len(failing) - len(still) == p.fixes >= 1
            assert rule.id not in still or p.kind == "fill_all"
    strong = likely_wrong(report, found)
    if best == len(failing) and best > 1:              # one cell explains every error
        assert key in strong
    painted = {k for r in failing for k in r.keys}
    assert strong <= painted


def zero(layout="2021", **cells):
    values = {k: 0 for k in schema.cell_keys(layout)}
    values.update(cells)
    return Report(layout=layout, agency="某镇", year=2021, source="x", format="txt", cells=values)


def test_a_blank_row_total_is_filled_by_the_sum_of_its_applicants():
    cells = {"requests.granted.natural": 200, "requests.granted.business": 72,
             "requests.granted.total": None, "requests.total.natural": 200,
             "requests.total.business": 72, "requests.total.total": 272,
             "requests.new.natural": 200, "requests.new.business": 72, "requests.new.total": 272}
    report = zero(**cells)
    rule = R.rules_by_id("2021")["requests.row.granted"]
    found = proposals_for(report, rule)
    assert found[0].changes == (("requests.granted.total", 272),) and found[0].kind == "fill"
    assert "填入" in found[0].text and "272" in found[0].text
    assert likely_wrong(report) == {"requests.granted.total"}
    assert not failing_rules(apply(report, found[0]))


def test_a_total_that_disagrees_with_its_parts_is_painted_alone():
    report = zero(**{"requests.granted.natural": 5, "requests.granted.total": 5,
                     "requests.total.natural": 5, "requests.total.total": 5,
                     "requests.new.natural": 5, "requests.new.total": 5})
    report.cells["requests.granted.natural"] = 7        # the one wrong number
    failing = failing_rules(report)
    assert len(failing) == 2                            # its row and its column
    strong = likely_wrong(report)
    assert strong == {"requests.granted.natural"}       # not the other 24 cells of the column
    first = all_proposals(report)["requests.row.granted"][0]
    assert first.changes == (("requests.granted.natural", 5),) and first.fixes == 2
    assert "同时使 2 条" in first.text
    # a rule whose total alone disagrees: the total set to the sum is offered
    report = zero(**{"appeals.review.upheld": 3, "appeals.review.total": 4})
    found = proposals_for(report, R.rules_by_id("2021")["appeals.review"])
    assert found[0].kind == "total" and found[0].changes == (("appeals.review.total", 3),)
    assert "各项之和 3" in found[0].text


def test_every_blank_total_filled_at_once_when_one_fill_is_not_enough():
    report = zero()
    for row in schema.rows("2021", "requests"):
        report.cells[f"{row.key}.natural"] = 2 if row.key in ("requests.granted", "requests.new") else 0
        report.cells[f"{row.key}.total"] = None
    report.cells["requests.total.natural"] = 2
    whole = fill_blank_totals(report)
    assert whole is not None and whole.keys == ("requests.new.total", "requests.granted.total",
                                                "requests.total.total")   # rows of zeros hold
    assert dict(whole.changes)["requests.granted.total"] == 2 and whole.fixes == 3
    assert not failing_rules(apply(report, whole))
    # and it is among the proposals of a rule whose total it fills
    found = proposals_for(report, R.rules_by_id("2021")["requests.row.granted"])
    assert any(p.kind == "fill_all" for p in found) or found[0].fixes >= whole.fixes


def test_nothing_proposed_when_the_rules_hold():
    report = zero()
    assert all_proposals(report) == {} and likely_wrong(report) == set()
    assert fill_blank_totals(report) is None
