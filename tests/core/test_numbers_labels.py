"""Number parsing and label matching: the variants real reports print."""
import pytest

from core.extract.labels import match_active_row, match_appeal_group, match_request_row
from core.extract.numbers import parse_cell, trailing_numbers
from core.pipeline import open_report
from core_fixtures import SHARED_FIXTURES


@pytest.mark.parametrize("text,value", [
    ("0", 0), (" 0", 0), ("0 ", 0), ("      115045", 115045), ("１２", 12), ("1,234", 1234),
    ("1，234", 1234), ("4068.208", 4068.208), ("-3", -3), ("－3", -3), ("12件", 12),
    ("22（其中修订 16 件）", 22), ("55(含自然失效29件)", 55), ("25.1万元", 25.1),
])
def test_numbers(text, value):
    parsed = parse_cell(text)
    assert parsed.kind == "number"
    assert parsed.value == value
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize("text", ["", " ", "/", "-", "—", "——", "／", "－"])
def test_blanks_are_null_not_zero(text):
    parsed = parse_cell(text)
    assert parsed.kind == "blank" and parsed.value is None


@pytest.mark.parametrize("text", ["数据1", "总计", "1.属于国家秘密", "2020年", "第二十条第（一）项"])
def test_labels_are_text(text):
    assert parse_cell(text).kind == "text"


def test_trailing_numbers_split_label_and_values():
    label, spans = trailing_numbers("1.属于国家秘密 0 1 0 0 0 0 1")
    assert label == "1.属于国家秘密" and len(spans) == 7
    assert trailing_numbers("行政许可 97")[0] == "行政许可"
    assert trailing_numbers("全年主动公开信息76条") is None


@pytest.mark.parametrize("label,layout,key", [
    ("一、本年新收到政府信息公开申请数量", "2019", "requests.new"),
    ("二、上年结转政府信息公开数量", "2019", "requests.carried_over"),
    ("三、本（一）予以公开", "2019", "requests.granted"),
    ("年度办 理结果(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "2019", "requests.partial"),
    ("3.危机“三安全一稳定”", "2019", "requests.denied.three_safety"),
    ("7.属于行政法案卷", "2019", "requests.denied.enforcement"),
    ("2.没有现成信息需另行制作", "2019", "requests.unable.needs_creation"),
    ("4.无正当理由由大量反复申请", "2019", "requests.rejected.mass_repeat"),
    ("(六) 其他处理", "2019", "requests.other"),
    ("3.其他", "2021", "requests.other.other"),
    ("缴纳费用、行政机关不再处理其政", "2021", "requests.other.no_fee"),
    ("（七）总计", "2021", "requests.total"),
    ("四、结转下年度继续办理", "2021", "requests.carry_forward"),
])
def test_request_rows(label, layout, key):
    assert match_request_row(label, layout) == key


def test_layout_specific_other_rows():
    assert match_request_row("（六）其他处理", "2021") is None       # a group label in 2021
    assert match_request_row("3.其他", "2019") is None
    assert match_request_row("其他", "2021") is None                 # a column header
    # a row only 2021 has, met in a 2019 report: no row (it crashed recognition before)
    assert match_request_row("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2021") \
        == "requests.other.no_correction"
    assert match_request_row("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2019") is None


def test_two_reports_of_both_layouts_in_one_file_read_as_the_first(tmp_path):
    reports = SHARED_FIXTURES / "reports"
    older, newer = (reports / name for name in ("董家镇-2020.txt", "大岚镇-2021.txt"))
    both = tmp_path / "两份.txt"
    both.write_text(older.read_text(encoding="utf-8") + newer.read_text(encoding="utf-8"),
                    encoding="utf-8")
    _, alone = open_report(str(older))
    _, report = open_report(str(both))
    assert report.layout == "2019" and report.cells == alone.cells
    assert any(n.code == "extract.duplicate_row" for n in report.notices)


def test_active_and_appeals():
    assert match_active_row("行政规范性文件") == "active.normative"
    assert match_active_row("规章") == "active.regulations"
    assert match_active_row("政府集中采购") == "active.procurement"
    assert match_appeal_group("行政诉讼（复议后起诉）") == "appeals.suit_after_review"
    assert match_appeal_group("未经复议直接起诉") == "appeals.suit_direct"
    assert match_appeal_group("行政复议") == "appeals.review"


def test_trailing_numbers_keep_blank_marks_among_numbers():
    # a flattened table 四 row with empty cells (北门街道办事处-2023.html)
    label, spans = trailing_numbers("— — — — — 1 1 1 — 3 — — — — —")
    assert label == "" and len(spans) == 15
    label, spans = trailing_numbers("规章 / / /")
    assert label == "规章" and len(spans) == 3
    assert trailing_numbers("第二部分 —") is None          # one dash is not a row
    assert trailing_numbers("— 3 —") is None             # a page number


def test_a_unit_set_apart_belongs_to_its_number():
    text = "政府集中采购  6  251000 元"
    label, spans = trailing_numbers(text)
    assert label == "政府集中采购" and len(spans) == 2
    parsed = parse_cell(text[spans[1][0]:spans[1][1]])
    assert (parsed.value, parsed.unit) == (251000, "元")
