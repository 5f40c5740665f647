"""Checks on real fixtures and crafted cases: rules, values, narrative cross-checks, repair hint, CLI lines."""
import pytest

from core_fixtures import load_expected, shared_reports
from core import schema
from core.checks import messages
from core.checks.text_report import exit_code, format_findings
from core.checks.run import recheck, repair_hint, run_checks
from core.model import Finding, Report, SourceDocument
from core.checks.narrative import parse_number, section_findings, year_findings


def fixture(name):
    path = next(p for p in shared_reports() if p.name == f"{name}.expected.json")
    data = load_expected(path)
    meta = data["meta"]
    report = Report(layout=meta["layout"], agency=meta["agency"], year=meta["year"],
                    source=str(path), format="txt", cells=dict(data["cells"]))
    text = path.with_name(f"{name}.txt").read_text(encoding="utf-8")
    return report, SourceDocument(path=str(path), format="txt", text=text)


def zero_report(layout="2019", **cells):
    values = {k: 0 for k in schema.cell_keys(layout)}
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return Report(layout=layout, agency="某镇人民政府", year=2020, source="x", format="txt",
                  cells=values)


def codes(findings, severity=None):
    return sorted(f.code for f in findings if severity in (None, f.severity))


def doc(text):
    return SourceDocument(path="x.txt", format="txt", text=text)


# ---------------------------------------------------------------- the real fixtures
# What each real report deserves, and why (see the fixtures' notes):
EXPECTED = {
    "城郊乡-2020": ([], ["value.blank", "value.blank"]),   # 12 applicant cells left empty
    "大岚镇-2021": ([], ["narrative.sections.numbering"]),   # 五/六 numbered "5、"/"6、"
    "大水坑镇-2020": ([], []),
    "肖寨门镇-2020": ([], ["narrative.sections.numbering"]),   # 总体情况 / 存在的… unnumbered
    "董家镇-2020": ([], ["amount.implausible"]),           # 115045 万元 for 6 projects
    "02": ([], []),
    # 四、结转下年度继续办理 · 总计 printed empty while 自然人 is 1 and the text says 1 件: the
    # one blank breaks two rules, and 1 in it would make both hold, so the printed numbers do
    # not contradict each other (the fixture has no known_inconsistent): warnings that name
    # the value, not errors. The text lost its 五、 heading (only （一）主要问题 is left), and
    # numbers its sections 一、二、三、五、 after the 总体情况.
    "03": ([], ["requests.balance.total", "requests.row.carry_forward",
                "narrative.requests.carry_forward", "narrative.sections.untitled",
                "narrative.sections.numbering", "value.blank"]),
    "04": ([], ["narrative.sections.untitled"]),   # 五's heading lost; its （一） is there
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_fixture_findings(name):
    report, source = fixture(name)
    findings = run_checks(report, source)
    errors, warnings = EXPECTED[name]
    assert codes(findings, "error") == sorted(errors)
    assert codes(findings, "warning") == sorted(warnings)
    assert all(f.message and not f.message.startswith(f.code) for f in findings)


def test_fixtures_without_known_inconsistency_and_no_blank_raise_no_error():
    for path in shared_reports():
        data = load_expected(path)
        name = path.name[: -len(".expected.json")]
        report, source = fixture(name)
        assert not data.get("known_inconsistent")
        assert codes(run_checks(report, source), "error") == [], name


def test_real_report_blank_total_is_caught_with_hint():
    report, source = fixture("03")
    findings = run_checks(report, source)
    balance = next(f for f in findings if f.code == "requests.balance.total")
    assert balance.message == ("表三总计列：第一项 34 + 第二项 2 = 36，"
                               "第三项 35 + 第四项 空白 = 35，相差 1；其中唯一的空白格"
                               "「表三 四、结转下年度继续办理 · 总计」若为 1，各项即相符"
                               "（可能漏填，或未能识别出该数）")
    assert balance.severity == "warning" and balance.params["implied"] == 1
    assert "requests.carry_forward.total" in balance.cells
    assert balance.hint == {"key": "requests.carry_forward.total", "value": 1, "old": None,
                            "label": "表三 四、结转下年度继续办理 · 总计"}
    assert repair_hint(report) == balance.hint
    report.cells["requests.carry_forward.total"] = 1
    assert codes(recheck(report), "error") == []


def test_chengjiaoxiang_like_blank_outcome_totals_are_an_error():
    # spec: a report leaving the 总计 of every 办理结果 row blank but printing （七）总计 805.
    report = zero_report()
    for row in schema.rows("2019", "requests"):
        report.cells[f"{row.key}.total"] = None
    report.cells.update({"requests.new.total": 805, "requests.total.total": 805})
    for c in ("natural",):
        report.cells.update({f"requests.new.{c}": 805, f"requests.total.{c}": 805,
                             f"requests.granted.{c}": 805})
    findings = recheck(report)
    assert "requests.outcomes.total" in codes(findings, "error")
    outcome = next(f for f in findings if f.code == "requests.outcomes.total")
    assert "（七）总计 805" in outcome.message and "之和为 0" in outcome.message
    blanks = [f for f in findings if f.code == "value.blank"]
    assert blanks and all(f.severity == "warning" for f in blanks)


# ---------------------------------------------------------------- the rules as findings
def test_consistent_report_has_no_finding():
    assert recheck(zero_report()) == []
    assert recheck(zero_report("2021")) == []


def test_balance_message_has_the_numbers():
    report = zero_report(requests__new__total=3, requests__total__total=2,
                         requests__granted__total=2)
    f = next(f for f in recheck(report) if f.code == "requests.balance.total")
    assert "总计列：第一项 3 + 第二项 0 = 3，第三项 2 + 第四项 0 = 2，相差 1" in f.message
    assert f.severity == "error"
    assert set(f.cells) == {"requests.new.total", "requests.carried_over.total",
                            "requests.total.total", "requests.carry_forward.total"}


def test_row_and_appeal_messages():
    report = zero_report("2021", requests__partial__natural=2, requests__partial__total=3,
                         appeals__review__total=4, appeals__review__upheld=1)
    findings = {f.code: f for f in recheck(report)}
    assert "「（二）部分公开" in findings["requests.row.partial"].message
    assert "总计 3，而六类申请人之和为 2，相差 1" in findings["requests.row.partial"].message
    assert findings["appeals.review"].message == (
        "表四行政复议：总计 4，而结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1，相差 3")
    assert "行政诉讼（复议后起诉）" in messages.render_code(
        "appeals", {"group": "行政诉讼（复议后起诉）", "total": 1, "upheld": 0, "corrected": 0,
                    "other": 0, "pending": 0, "sum": 0, "diff": 1})


# ---------------------------------------------------------------- value checks
def test_negative_count_is_an_error_change_may_be_negative():
    report = zero_report(requests__granted__natural=-1, active__licensing__change=-3)
    findings = recheck(report)
    neg = [f for f in findings if f.code == "value.negative"]
    assert [f.cells for f in neg] == [("requests.granted.natural",)]
    assert "-1" in neg[0].message and neg[0].severity == "error"
    assert recheck(zero_report(active__licensing__change=-3)) == []


def test_decimal_count_is_an_error_amount_may_be_decimal():
    findings = recheck(zero_report(active__penalty__decisions=2.5, active__procurement__amount=11.5045))
    assert [(f.code, f.cells) for f in findings] == [("value.decimal", ("active.penalty.decisions",))]
    assert recheck(zero_report(active__penalty__decisions=2.0)) == []


def test_not_a_number_is_an_error():
    findings = recheck(zero_report(appeals__review__total="三"))
    assert ("value.not_number", ("appeals.review.total",)) in [(f.code, f.cells) for f in findings]


def test_negative_amount_is_an_error():
    findings = recheck(zero_report("2021", active__fees__amount=-1.5))
    assert codes(findings) == ["value.negative.amount"]
    assert findings[0].message == "表二 行政事业性收费 · 本年收费金额（单位：万元）为 -1.5：金额不能为负数"


def test_blank_cells_grouped_per_row_with_all_cells_listed():
    report = zero_report(requests__granted__natural=None, requests__granted__legal=None,
                         appeals__review__pending=None)
    blanks = [f for f in recheck(report) if f.code == "value.blank"]
    assert [f.cells for f in blanks] == [("requests.granted.natural", "requests.granted.legal"),
                                         ("appeals.review.pending",)]
    assert "2 格空白" in blanks[0].message and "自然人、法律服务机构" in blanks[0].message


def test_absent_key_is_blank():
    report = zero_report()
    del report.cells["active.fees.change"]
    assert [f.cells for f in recheck(report)] == [("active.fees.change",)]


def test_whole_blank_table_is_one_warning():
    report = zero_report()
    for k in schema.cell_keys("2019"):
        if k.startswith("appeals."):
            report.cells[k] = None
    findings = recheck(report)
    assert codes(findings) == ["value.blank"] and len(findings[0].cells) == 15


def test_missing_table_is_one_warning_without_blank_flood():
    report = zero_report("2021")
    for k in schema.cell_keys("2021"):
        if k.startswith("requests."):
            report.cells[k] = None
    report.cells["requests.new.total"] = 5   # stray: the table is marked missing anyway
    report.missing_tables = ["requests"]
    findings = recheck(report)
    assert codes(findings) == ["table.missing.requests"]
    assert findings[0].severity == "warning" and "表三" in findings[0].message


def test_implausible_amount_warns():
    findings = recheck(zero_report(active__procurement__items=6, active__procurement__amount=115045))
    assert codes(findings) == ["amount.implausible"]
    assert "11.5045 万元" in findings[0].message and findings[0].severity == "warning"
    assert recheck(zero_report("2021", active__fees__amount=4068.208)) == []
    assert codes(recheck(zero_report("2021", active__fees__amount=250000))) == ["amount.implausible"]
    assert recheck(zero_report(active__procurement__items=3, active__procurement__amount=900)) == []


# ---------------------------------------------------------------- repair hint
def test_hint_for_a_single_typo():
    report = zero_report(requests__new__natural=2, requests__new__total=2, requests__granted__natural=2,
                         requests__granted__total=2, requests__total__natural=2,
                         requests__total__total=2)
    assert recheck(report) == []
    report.cells["requests.granted.natural"] = 3          # typo: breaks its row and its column
    findings = recheck(report)
    assert codes(findings) == ["requests.outcomes.natural", "requests.row.granted"]
    hint = {"key": "requests.granted.natural", "value": 2, "old": 3,
            "label": schema.cell_label("2019", "requests.granted.natural")}
    assert all(f.hint == hint for f in findings)
    assert repair_hint(report) == hint


def test_no_hint_when_ambiguous_or_two_cells_wrong():
    assert repair_hint(zero_report(appeals__review__total=2)) is None       # any of 4 parts
    report = zero_report(appeals__review__total=2, requests__partial__natural=1)
    assert repair_hint(report) is None
    assert all(f.hint is None for f in recheck(report))
    assert repair_hint(zero_report()) is None


def test_a_value_error_inside_the_failing_rules_rules_the_hint_out_one_elsewhere_does_not():
    report = zero_report(requests__granted__natural=1, requests__granted__total=1,
                         requests__total__natural=1, requests__total__total=1,
                         requests__new__natural=1, requests__new__total=1,
                         active__penalty__decisions=-2)
    report.cells["requests.granted.natural"] = 2
    hint = repair_hint(report)      # the -2 in 表二 is in no rule: reported on its own
    assert (hint["key"], hint["value"]) == ("requests.granted.natural", 1)
    assert "value.negative" in codes(recheck(report), "error")
    # 表四 total 4 over 1.5 + 0.5: 其他结果 → 2 would close the sum around two wrong numbers
    inside = zero_report(appeals__review__total=4, appeals__review__upheld=1.5,
                         appeals__review__corrected=0.5)
    assert repair_hint(inside) is None
    # … but the one bad cell itself may be the fix: 3 over 2 + 0.5 → 尚未审结 0.5 should be 1
    own = zero_report(appeals__review__total=3, appeals__review__upheld=2, appeals__review__pending=0.5)
    assert (repair_hint(own)["key"], repair_hint(own)["value"]) == ("appeals.review.pending", 1)


def test_hint_prefers_the_blank_cell():
    # upheld → 0 or the blank total → 2 would both do; the blank one is the likelier slip
    hint = repair_hint(zero_report(appeals__review__total=None, appeals__review__upheld=2))
    assert (hint["key"], hint["value"], hint["old"]) == ("appeals.review.total", 2, None)


def test_hint_never_proposes_a_negative_count():
    # total 1, upheld 3: corrected/other/pending would need -2; upheld → 1 and total → 3 both
    # work, so there is no single answer to give.
    assert repair_hint(zero_report(appeals__review__total=1, appeals__review__upheld=3)) is None


# ---------------------------------------------------------------- narrative cross-checks
BASE_TEXT = ("某镇人民政府2020年政府信息公开工作年度报告\n一、总体情况\n2020年，我镇{body}\n"
             "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
             "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n2020年无。\n"
             "六、其他需要报告的事项\n无。\n")


def test_narrative_request_count_contradicted():
    report = zero_report(requests__new__natural=2, requests__new__total=2,
                         requests__granted__natural=2, requests__granted__total=2,
                         requests__total__natural=2, requests__total__total=2)
    findings = run_checks(report, doc(BASE_TEXT.format(body="共收到政府信息公开申请3件。")))
    assert [(f.code, f.cells, f.severity) for f in findings] == [
        ("narrative.requests.received", ("requests.new.total",), "warning")]
    assert "3" in findings[0].message and "为 2" in findings[0].message
    assert run_checks(report, doc(BASE_TEXT.format(body="共收到政府信息公开申请2件。"))) == []
    assert run_checks(report, doc(BASE_TEXT.format(body="收到依申请公开政府信息两条。"))) == []


def test_narrative_count_may_include_carried_over():
    report = zero_report(requests__new__total=713, requests__new__natural=713,
                         requests__carried_over__total=36, requests__carried_over__natural=36,
                         requests__total__total=749, requests__total__natural=749,
                         requests__granted__total=749, requests__granted__natural=749)
    text = BASE_TEXT.format(body="全年共受理政府信息公开申请 749 件。")
    assert run_checks(report, doc(text)) == []


def test_narrative_appeals_and_carry_forward():
    report = zero_report(appeals__review__total=1, appeals__review__upheld=1)
    ok = BASE_TEXT.format(body="有 1 件涉及政府信息公开工作的行政复\n议，行政诉讼数为 0 件。")
    assert run_checks(report, doc(ok)) == []
    bad = BASE_TEXT.format(body="被申请行政复议2件，结转下一年度 3 件。")
    assert codes(run_checks(report, doc(bad))) == ["narrative.appeals.review",
                                                   "narrative.requests.carry_forward"]


def test_narrative_active_docs_only_where_a_cell_maps():
    report = zero_report("2021", active__regulations__issued=22, active__normative__issued=30)
    text = BASE_TEXT.format(body="全年主动公开市政府规章 22 件、行政规范性文件 34 件。")
    findings = run_checks(report, doc(text))
    assert [(f.code, f.cells) for f in findings] == [
        ("narrative.active.normative", ("active.normative.issued",))]
    # the 2019 layout has no cell for 主动公开信息 N 条: nothing to compare
    assert run_checks(zero_report(), doc(BASE_TEXT.format(body="主动公开信息76条。"))) == []


def test_narrative_skipped_without_document():
    report = zero_report()
    assert run_checks(report, None) == run_checks(report) == []


def test_year_in_title_and_text_disagree():
    text = BASE_TEXT.replace("2020年，", "2019年，").replace("2020年无", "2019年无")
    assert codes(year_findings(text)) == ["narrative.year"]
    assert "2020 年" in year_findings(text)[0].message
    assert year_findings(BASE_TEXT) == []
    period = "某局2021年政府信息公开工作年度报告\n本报告中所列数据的统计期限为2020年1月1日至12月31日。\n"
    assert year_findings(period)[0].params["text_year"] == 2020


def test_sections_missing_out_of_order_misnumbered():
    assert section_findings(BASE_TEXT) == []
    missing = BASE_TEXT.replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    assert codes(section_findings(missing)) == ["narrative.sections.missing"]
    assert "第四部分" in section_findings(missing)[0].message
    swapped = BASE_TEXT.replace("五、存在的主要问题及改进情况\n2020年无。\n", "") + "五、存在的主要问题及改进情况\n"
    assert codes(section_findings(swapped)) == ["narrative.sections.order"]
    arabic = BASE_TEXT.replace("五、存在", "5、 存在")
    found = section_findings(arabic)
    assert codes(found) == ["narrative.sections.numbering"] and "「5、 存在" in found[0].message


def test_sections_ignore_sub_headings_and_table_rows():
    text = (BASE_TEXT + "（一）主动公开情况\n一、本年新收政府信息公开申请数量\t0\t0\n"
            "| 二、上年结转政府信息公开申请数量 | 0 |\n一、明确责任。为适应新时代对政务公开需求，我镇配备人员。\n")
    assert section_findings(text) == []


def test_parse_number():
    assert [parse_number(s) for s in ("34", "1,295", "一", "两", "十", "二十三", "一百零五", "x")] == [
        34, 1295, 1, 2, 10, 23, 105, None]


# ---------------------------------------------------------------- messages and the CLI lines
def test_unknown_codes_fall_back_to_params():
    f = Finding(code="extract.something_new", severity="warning", params={"row": "行政许可"})
    assert messages.render(f) == "识别提示（extract.something_new）：row=行政许可"
    f = Finding(code="zzz.unknown", severity="warning", params={"a": 1.50})
    assert messages.render(f) == "zzz.unknown：a=1.5"
    f = Finding(code="requests.balance.total", severity="error", params={"column": "总计"})
    assert messages.render(f).startswith("requests.balance.total：")   # placeholder missing


def test_extraction_notices_are_worded():
    # The codes and params core/extract/recognize.py emits (it names rows by key).
    cases = [
        (Finding("extract.extra_values", "warning", (), {"row": "active.fees", "values": ["0"]}),
         "表二「行政事业性收费」行多出数值 「0」"),
        (Finding("extract.extra_values", "warning", (), {"row": "appeals", "values": ["1", "2"]}),
         "表四多出数值 「1」、「2」"),
        (Finding("extract.duplicate_row", "warning", (), {"row": "requests.denied.state_secret"}),
         "表三「（三）不予公开1.属于国家秘密」行出现了两次"),
        (Finding("extract.amount_converted", "warning", ("active.procurement.amount",),
                 {"value": 251000}), "表二 政府集中采购 · 采购总金额原表以元为单位，已将 251000 元"),
        (Finding("extract.unplaced_row", "warning", (), {"text": "合计"}), "（标签「合计」）"),
    ]
    for finding, expected in cases:
        assert expected in messages.render(finding)


def test_format_findings_and_exit_code():
    report, source = fixture("03")
    findings = run_checks(report, source)
    lines = format_findings(findings)
    assert lines[0].startswith("警告 [requests.balance.total] 表三总计列：")
    assert any(line.startswith("警告 [narrative.sections.untitled]") for line in lines)
    assert sum(line.startswith("建议：") for line in lines) == 1
    assert lines[-1] == "共 0 个错误、6 个警告。"
    assert exit_code(findings) == 0
    report.cells["requests.carry_forward.natural"] = 2      # now no value fits the blank
    findings = run_checks(report, source)
    lines = format_findings(findings)
    # 自然人 no longer balances, and 2 in the blank would fit its row but not the 总计 column
    assert codes(findings, "error") == ["requests.balance.natural", "requests.balance.total",
                                        "requests.row.carry_forward"]
    assert lines[0].startswith("错误 [") and exit_code(findings) == 1
    assert format_findings([]) == ["未发现问题。"] and exit_code([]) == 0


def test_findings_serialise():
    report, source = fixture("03")
    data = [f.to_json() for f in run_checks(report, source)]
    assert data[0]["hint"]["key"] == "requests.carry_forward.total"
    assert all(isinstance(d["message"], str) and d["message"] for d in data)
