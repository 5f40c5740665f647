"""Recognition rules on small made-up reports: blanks, extra cells, units, missing tables."""
from core.pipeline import extract
from core.readers import read_document

HEAD = "测试镇人民政府2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
T2_2019 = ("信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t3\t-1\t7\n"
           "信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t0\t0\t0\n"
           "信息内容\t采购项目数量\t采购总金额（单位：元）\n政府集中采购\t2\t251000\n")


def _report(tmp_path, text, name="r.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read_document(str(path)))


def test_extra_value_is_ignored_and_noticed(tmp_path):
    report = _report(tmp_path, HEAD + T2_2019)
    assert report.cells["active.fees.prev_items"] == 0 and report.cells["active.fees.change"] == 0
    assert report.cells["active.procurement.items"] == 2          # the stray 0 did not shift
    assert any(n.code == "extract.extra_values" for n in report.notices)


def test_negative_change_and_yuan_converted(tmp_path):
    report = _report(tmp_path, HEAD + T2_2019)
    assert report.cells["active.licensing.change"] == -1
    assert report.cells["active.procurement.amount"] == 25.1       # 251000元 → 25.1 万元
    assert any(n.code == "extract.amount_converted" for n in report.notices)


def test_missing_tables_reported_not_invented(tmp_path):
    report = _report(tmp_path, HEAD + T2_2019)
    assert report.missing_tables == ["requests", "appeals"]
    assert all(v is None for k, v in report.cells.items() if k.startswith(("requests.", "appeals.")))


def test_blank_cells_are_null(tmp_path):
    text = HEAD.replace("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况") + \
        "一、本年新收政府信息公开申请数量\t/\t-\t—\t\t0\t0\t5\n"
    report = _report(tmp_path, text)
    row = [report.cells[f"requests.new.{c}"] for c in
           ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")]
    assert row == [None, None, None, None, 0, 0, 5]


def test_appeals_in_three_labelled_rows(tmp_path):
    text = HEAD.replace("二、主动公开政府信息情况", "四、政府信息公开行政复议、行政诉讼情况") + \
        "行政复议\t1\t0\t0\t0\t1\n行政诉讼（未经复议直接起诉）\t0\t0\t0\t2\t2\n复议后起诉\t0\t1\t0\t0\t1\n"
    report = _report(tmp_path, text)
    assert report.cells["appeals.review.upheld"] == 1
    assert report.cells["appeals.suit_direct.pending"] == 2
    assert report.cells["appeals.suit_after_review.corrected"] == 1


# A report copied out of a web page or a PDF viewer: every cell on a line of its own, no tabs,
# labels and headers wrapped over lines (沭阳县发展和改革局-2023 as a browser shows it).
ONE_PER_LINE = """测试镇人民政府2023年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
规范性文件
8
0
18
第二十条第（五）项
信息内容
本年处理决定数量
行政许可
12
三、收到和处理政府信息公开申请情况
申请人情况
自然人
法人或其他组织
总计
商业企业
科研机构
社会公益组织
法律服务机构
其他
一、本年新收政府信息公开申请数量
20
1
0
0
0
0
21
（二）部分公开
（
区分处理的，只计
这一情形，不计其他情形
）
2
0
0
0
0
0
2
（三）不予公开
1.属于国家秘密
0
0
0
0
0
0
0
2.其他法律行政法规禁止公开
0
0
0
0
0
0
0
3.
危及
“
三安全一稳定
”
1
0
0
0
0
0
1
四、政府信息公开行政复议、行政诉讼情况
行政复议
行政诉讼
结果维持
结果纠正
其他结果
尚未审结
总计
未经复议直接起诉
复议后起诉
结果维持
结果纠正
其他结果
尚未审结
总计
结果维持
结果纠正
其他结果
尚未审结
总计
1
0
0
1
2
0
0
0
0
0
3
0
0
0
3
五、存在的主要问题及改进情况
"""


def test_one_cell_per_line_without_tabs(tmp_path):
    report = _report(tmp_path, ONE_PER_LINE)
    cells = report.cells
    assert report.layout == "2021"
    assert [cells[f"active.normative.{c}"] for c in ("issued", "repealed", "in_force")] == [8, 0, 18]
    assert cells["active.licensing.decisions"] == 12
    assert [cells[f"requests.new.{c}"] for c in ("natural", "business", "total")] == [20, 1, 21]
    assert cells["requests.partial.natural"] == 2 and cells["requests.partial.total"] == 2
    assert cells["requests.denied.three_safety.natural"] == 1     # a label over five lines
    assert [cells[f"appeals.review.{c}"] for c in ("upheld", "pending", "total")] == [1, 1, 2]
    assert cells["appeals.suit_after_review.upheld"] == 3
    assert cells["appeals.suit_after_review.total"] == 3


def test_short_text_row_fills_from_the_left_and_says_so(tmp_path):
    # blank cells that left no trace (a PDF-to-text dump): 821 35 2 1 859 — the last is 总计
    text = HEAD.replace("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况") + \
        "一、本年新收政府信息公开申请数量 821 35 2 1 859\n"
    report = _report(tmp_path, text)
    assert report.cells["requests.new.natural"] == 821
    assert report.cells["requests.new.total"] == 859
    assert report.cells["requests.new.other_org"] is None
    assert any(n.code == "extract.short_row" for n in report.notices)
