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
