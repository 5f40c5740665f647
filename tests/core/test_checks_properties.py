"""Property tests: random consistent reports raise no error; one changed number is always named."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import rules as R
from core import schema
from core.checks import recheck, repair_hint
from core.model import Report

SETTINGS = settings(max_examples=60, deadline=None,
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
    report.cells[key] = None
    assert any(key in f.cells for f in errors(report))
    assert any(key in f.cells for f in recheck(report) if f.code == "value.blank")


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
