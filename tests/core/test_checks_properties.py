"""Property tests: random consistent reports raise no error; one changed number is always named."""
import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.checks import rules as R
from core import schema
from core.checks.run import recheck, repair_hint
from core.model import Report

SETTINGS = settings(max_examples=int(os.environ.get("NIANBAO_EXAMPLES", 60)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = st.integers(0, 40)


@st.composite
def consistent_reports(draw, layout=None):
    """A report where every 勾稽 rule holds: parts drawn, totals computed."""
    layout = layout or draw(st.sampled_from(schema.LAYOUTS))
    cells = {}
    for key in schema.cell_keys(layout):
        if key.startswith("active."):
            if schema.may_be_negative(key):
                cells[key] = draw(st.integers(-40, 40))
            elif schema.is_amount(key):
                cells[key] = draw(st.integers(0, 500_000)) / 100   # ≤ 5000 万元, 2 decimals
            else:
                cells[key] = draw(SMALL)
    outcomes = R.outcome_rows(layout)
    for c in schema.APPLICANT_COLUMNS:
        for row in outcomes:
            cells[f"{row}.{c}"] = draw(SMALL)
        total = sum(cells[f"{row}.{c}"] for row in outcomes)
        forward = draw(SMALL)
        carried = draw(st.integers(0, total + forward))
        cells.update({f"requests.total.{c}": total, f"requests.carry_forward.{c}": forward,
                      f"requests.carried_over.{c}": carried,
                      f"requests.new.{c}": total + forward - carried})
    for row in schema.rows(layout, "requests"):
        cells[f"{row.key}.total"] = sum(cells[f"{row.key}.{c}"] for c in schema.APPLICANT_COLUMNS)
    for row in schema.rows(layout, "appeals"):
        parts = [f"{row.key}.{c.key}" for c in row.columns if c.key != "total"]
        for k in parts:
            cells[k] = draw(SMALL)
        cells[f"{row.key}.total"] = sum(cells[k] for k in parts)
    return Report(layout=layout, agency="某镇人民政府", year=2021, source="x", format="txt",
                  cells=cells)


def errors(report):
    return [f for f in recheck(report) if f.severity == "error"]


def ruled_keys(layout):
    return sorted(R.rules_for_cell(layout))


@SETTINGS
@given(consistent_reports())
def test_consistent_reports_raise_no_error(report):
    assert errors(report) == []
    assert repair_hint(report) is None


@SETTINGS
@given(st.data())
def test_changing_one_ruled_number_is_named(data):
    report = data.draw(consistent_reports())
    key = data.draw(st.sampled_from(ruled_keys(report.layout)))
    old = report.cells[key]
    new = data.draw(st.integers(0, 10_000).filter(lambda v: v != old))
    report.cells[key] = new
    found = errors(report)
    assert found and any(key in f.cells for f in found)
    hint = repair_hint(report)
    if hint is not None:
        report.cells[hint["key"]] = hint["value"]
        assert errors(report) == []          # the hint really fixes every error
        assert hint["value"] >= 0
    if key.startswith("requests."):
        # a table-三 cell sits in a row rule and a column rule: only it can fix both
        assert hint is not None and (hint["key"], hint["value"]) == (key, old)


@SETTINGS
@given(st.data())
def test_blanking_a_nonzero_ruled_number_is_named(data):
    report = data.draw(consistent_reports())
    keys = [k for k in ruled_keys(report.layout) if report.cells[k] != 0]
    if not keys:
        return
    key = data.draw(st.sampled_from(keys))
    old = report.cells[key]
    report.cells[key] = None
    findings = recheck(report)
    # The sums pin a lone blank down: every rule it breaks says so, as a warning naming the
    # value, and the hint puts the number back.
    broken = [f for f in findings if f.code in R.rules_by_id(report.layout)]
    assert broken and all(key in f.cells and f.severity == "warning" for f in broken)
    assert all(f.params["implied"] == old for f in broken)
    assert any(key in f.cells for f in findings if f.code == "value.blank")
    assert (repair_hint(report)["key"], repair_hint(report)["value"]) == (key, old)


@SETTINGS
@given(st.data())
def test_blanks_the_sums_cannot_place_are_errors(data):
    # Two blanks in one failing rule (spec: 805 printed as （七）总计 over blank totals):
    # the printed numbers do not add up, and no single value can be named.
    report = data.draw(consistent_reports())
    group = data.draw(st.sampled_from(schema.rows(report.layout, "appeals")))
    parts = [f"{group.key}.{c.key}" for c in group.columns if c.key != "total"]
    assume(sum(report.cells[k] for k in parts[:2]) > 0)
    report.cells[parts[0]] = report.cells[parts[1]] = None
    found = errors(report)
    assert [f.code for f in found] == [group.key]
    assert set(parts[:2]) <= set(found[0].cells)


@SETTINGS
@given(consistent_reports(), st.data())
def test_consistent_reports_with_blank_zeros_raise_no_error(report, data):
    # A blank counts as 0: blanking zeros keeps every rule (城郊乡-2020 leaves 12 cells empty).
    zeros = [k for k in schema.cell_keys(report.layout) if report.cells[k] == 0]
    for key in data.draw(st.lists(st.sampled_from(zeros), unique=True, max_size=12)) if zeros else []:
        report.cells[key] = None
    assert errors(report) == []
    assert repair_hint(report) is None


@SETTINGS
@given(st.data())
def test_negative_or_decimal_anywhere_is_named(data):
    report = data.draw(consistent_reports())
    keys = [k for k in schema.cell_keys(report.layout) if not schema.may_be_negative(k)]
    key = data.draw(st.sampled_from(keys))
    if schema.is_amount(key):
        report.cells[key] = -data.draw(st.integers(1, 100)) / 4
    else:
        report.cells[key] = data.draw(st.sampled_from([-1, -7, 0.5, 2.25]))
    assert any(key in f.cells for f in errors(report))
