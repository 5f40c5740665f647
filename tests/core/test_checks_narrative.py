"""Narrative cross-checks: the 办理结果 numbers a text states, sections found by best fit, caching."""
from core import schema
from core.checks.run import recheck, run_checks
from core.model import Report, SourceDocument
from core.checks.narrative import mentions, prose
from core.checks.sections import find_sections, section_findings

SECTIONS = ("一、总体情况\n{body}\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n"
            "六、其他需要报告的事项\n无。\n")


def report(layout="2021", **cells):
    values = {k: 0 for k in schema.cell_keys(layout)}
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return Report(layout=layout, agency="某局", year=2024, source="x", format="txt", cells=values)


def doc(body):
    return SourceDocument(path="x.txt", format="txt", text=SECTIONS.format(body=body))


def codes(findings):
    return sorted(f.code for f in findings)


# A table where 9 were granted, 2 denied (two reasons), 10 unable, 14 other (2021: three parts)
OUTCOMES = dict(requests__granted__total=9, requests__denied__internal__total=1,
                requests__denied__process__total=1, requests__unable__not_held__total=4,
                requests__unable__needs_creation__total=6, requests__other__no_correction__total=10,
                requests__other__other__total=4, requests__partial__total=0,
                requests__total__total=35, requests__carried_over__total=2)
TEXT_03 = ("全年收到政府信息公开申请 35 件，上年结转政府信息公开申请 2 件。所有办结的信息公开申请中同意公开"
           "答复 9 件，部分公开答复 0 件，不予公开答复 2 件，无法提供的 10 件，不予处理 0 件，其他处理 14 件。")


def test_outcome_numbers_the_text_states_agree_with_the_table():
    r = report(**OUTCOMES, requests__new__total=35)
    found = {m.code for m in mentions(doc(TEXT_03).text, "2021")}
    assert {"narrative.requests.granted", "narrative.requests.partial", "narrative.requests.denied",
            "narrative.requests.unable", "narrative.requests.rejected", "narrative.requests.other",
            "narrative.requests.carried_over"} <= found
    assert [f for f in run_checks(r, doc(TEXT_03)) if f.code.startswith("narrative")] == []


def test_each_outcome_number_contradicted_names_its_cells():
    r = report(**OUTCOMES, requests__new__total=35)
    text = TEXT_03.replace("不予公开答复 2 件", "不予公开答复 3 件").replace("其他处理 14 件", "其他处理 4 件")
    found = {f.code: f for f in run_checks(r, doc(text)) if f.code.startswith("narrative")}
    assert set(found) == {"narrative.requests.denied", "narrative.requests.other"}
    denied = found["narrative.requests.denied"]
    assert len(denied.cells) == 8 and all(k.startswith("requests.denied.") for k in denied.cells)
    assert "不予公开答复 3 件" in denied.message and "为 2" in denied.message
    assert "等 8 行的总计之和" in denied.message
    assert found["narrative.requests.other"].cells == (
        "requests.other.no_correction.total", "requests.other.no_fee.total", "requests.other.other.total")
    # 2019 has one （六）其他处理 row
    r19 = report("2019", requests__other__total=14)
    assert [m.keys for m in mentions("其他处理 14 件。", "2019")] == [("requests.other.total",)]
    assert not [f for f in run_checks(r19, doc("其他处理 14 件。")) if f.code.startswith("narrative")]


def test_granted_and_partial_together_and_negations():
    # more/04: "予以公开及部分公开 208 件" is 206 + 2, not 部分公开 208
    r = report(requests__granted__total=206, requests__partial__total=2)
    assert [f for f in run_checks(r, doc("其中，予以公开及部分公开 208 件（17.46%）。"))
            if f.code.startswith("narrative")] == []
    text = "其中，予以公开及部分公开 209 件。"
    assert codes(f for f in run_checks(r, doc(text)) if f.code.startswith("narrative")) == [
        "narrative.requests.granted"]
    # 不予以公开 is a refusal, never a grant
    assert [m.code for m in mentions("不予以公开 3 件。", "2021")] == ["narrative.requests.denied"]


def test_done_and_carried_over():
    r = report(requests__total__total=1191, requests__carried_over__total=189)
    ok = "办结 1191 件（含上年结转 189 件），均在法定期限内答复。"
    assert [f for f in run_checks(r, doc(ok)) if f.code.startswith("narrative")] == []
    bad = "已办结政府信息公开申请 1190 件，上年结转 18 件。"
    assert codes(f for f in run_checks(r, doc(bad)) if f.code.startswith("narrative")) == [
        "narrative.requests.carried_over", "narrative.requests.done"]


def test_table_cells_dumped_one_per_line_are_not_prose():
    # 肖寨门镇-2020 style: every table cell on its own line after a tab
    text = "\t（六）其他处理\n\t0\n\t3件\n本年度共收到政府信息公开申请 0 件。\n\t" + "长" * 45 + "，其他处理 2 件。\n"
    body = prose(text)
    assert "（六）其他处理" not in body and "本年度共收到" in body and "其他处理 2 件" in body


def test_a_missing_heading_whose_content_is_there_is_untitled_not_missing():
    text = doc("无。").text.replace("五、存在的主要问题及改进情况\n", "（一）主要问题\n")
    found = section_findings(text)
    assert codes(found) == ["narrative.sections.untitled"]
    assert "第五部分（存在的主要问题及改进情况）没有标题" in found[0].message
    assert "「（一）主要问题」" in found[0].message
    gone = doc("无。").text.replace("五、存在的主要问题及改进情况\n", "")
    assert codes(section_findings(gone)) == ["narrative.sections.missing"]


def test_sections_take_the_best_fitting_heading():
    # more/03: 总体情况 has sub-items numbered like sections; the real ones come later
    text = ("一、总体情况\n二、工作机制保障\n三、主动公开工作情况\n四、政府信息公开申请情况\n"
            "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n")
    found = find_sections(text)
    assert [found[i].line for i in range(6)] == [0, 4, 5, 6, 7, 8]
    assert section_findings(text) == []
    # 董家镇-2020: "一、主动公开政务信息总体情况" fits 二 as well, but 二 has its own heading
    text = text.replace("一、总体情况", "一、主动公开政务信息总体情况")
    assert found_lines(text) == [0, 4, 5, 6, 7, 8] and section_findings(text) == []
    # a table caption is not a heading
    caption = text.replace("二、主动公开政府信息情况", "## 表二：主动公开政府信息情况")
    assert codes(section_findings(caption)) == ["narrative.sections.numbering"]   # 三、主动公开工作情况


def found_lines(text):
    found = find_sections(text)
    return [found[i].line for i in sorted(found)]


def test_narrative_results_are_cached_but_never_shared():
    r = report(**OUTCOMES, requests__new__total=35)
    text = doc(TEXT_03.replace("其他处理 14 件", "其他处理 4 件")).text.replace("五、存在", "5、存在")
    source = SourceDocument(path="x.txt", format="txt", text=text)
    first = run_checks(r, source)
    first[0].message = "changed by a caller"
    second = run_checks(r, source)
    assert "changed by a caller" not in [f.message for f in second]
    first = [f for f in first if f.code.startswith("narrative")]
    assert codes(first) == ["narrative.requests.other", "narrative.sections.numbering"]
    # the comparison itself follows the cells: fix the table, the warning goes
    r.cells["requests.other.other.total"] = 0
    r.cells["requests.other.no_correction.total"] = 4
    assert "narrative.requests.other" not in codes(run_checks(r, source))
    assert codes(recheck(r)) != []   # the 勾稽 rules still see the changed cells
