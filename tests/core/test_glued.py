"""Tables whose cells ran together in one line (crawler dumps): cut by the sums they keep."""
import json
import pathlib

import pytest

from core.extract.glued import all_splits, appeal_sums, looks_glued, request_sums
from core.pipeline import open_report

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "txt"


def cut(run, n, sums=()):
    """The one way to cut `run`, as texts; None if there is none or several."""
    found = all_splits(run, n, sums, limit=2)
    return [run[s:e] for s, e in found[0]] if found and len(found) == 1 else None


@pytest.mark.parametrize("run,parts", [
    ("640020470", ["64", "0", "0", "2", "0", "4", "70"]),      # 平潭综合实验区-2021
    ("0000000", ["0"] * 7),
    ("500000 5", ["5", "0", "0", "0", "0", "0", "5"]),         # a space kept by one cell
    ("0 0 0 0 0 00", ["0"] * 7),
])
def test_a_row_of_table_three_is_cut_by_its_total(run, parts):
    assert cut(run, 7, request_sums(7)) == parts


def test_table_four_is_cut_group_by_group():
    assert cut("10203120001200000", 15, appeal_sums(3, 5)) == \
        ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12"] + ["0"] * 5


def test_no_rule_no_guess():
    # table 二 keeps no sum: 898989 may be 89 89 89 or 8 98 989 …
    assert cut("898989", 3) is None
    assert cut("000", 3) == ["0", "0", "0"]            # only one way: no leading zeros
    assert cut("2293", 1) == ["2293"]
    assert cut("24252.311082", 1) == ["24252.311082"]
    assert cut("2648-18538", 3, ()) is None             # the minus starts a number, still ambiguous
    assert len(all_splits("270020130", 7, request_sums(7))) == 2   # 27…30 or 2 7 … 20 1 30
    assert len(all_splits("220000325", 7, request_sums(7))) == 2   # decided by the column sums


def test_prose_with_numbers_is_not_glued():
    text = "2021年，我区主动公开政府信息2645条，其中政策文件120条，" * 5
    assert not looks_glued(text)


def _glued_copy(src: pathlib.Path, tmp_path) -> pathlib.Path:
    """The corpus report with every table line run into one, as a crawler's text dump."""
    lines = src.read_bytes().decode("gbk").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("二、"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    table = "".join(ln.replace("\t", "") for ln in lines[start:end])
    out = tmp_path / "glued.txt"
    out.write_text("\n".join(lines[:start] + [table] + lines[end:]), encoding="utf-8")
    return out


def test_a_glued_report_gets_tables_three_and_four_right(tmp_path):
    src = CORPUS / "大坪镇-2022.txt"
    want = json.loads(src.with_name("大坪镇-2022.expected.json").read_text(encoding="utf-8"))
    _doc, report = open_report(str(_glued_copy(src, tmp_path)))
    for key, value in want["cells"].items():
        got = report.cells[key]
        if key.startswith(("requests.", "appeals.")):
            assert got == value, key
        else:
            assert got in (value, None), key        # table 二: right, or left for a person
    codes = {f.code for f in report.notices}
    assert "extract.glued" in codes or all(report.cells[k] == v for k, v in want["cells"].items())


def test_sections_inside_one_long_line_are_found():
    from core.checks.sections import section_findings
    text = ("某镇人民政府2021年政府信息公开工作年度报告 一、总体情况2021年，我镇……。" + "本年度工作。" * 80 +
            "二、主动公开政府信息情况 …… 三、收到和处理政府信息公开申请情况 …… "
            "四、政府信息公开行政复议、行政诉讼情况 …… 五、存在的主要问题及改进情况 …… 六、其他需要报告的事项 无。")
    assert not [f for f in section_findings(text) if f.code == "narrative.sections.missing"]


def test_a_space_that_was_a_blank_cell():
    from core.extract.glued import gap_split
    spans = gap_split("0 00000", 7)
    assert ["0 00000"[s:e] for s, e in spans] == ["0", "", "0", "0", "0", "0", "0"]
    assert gap_split("500000 5", 7) is None          # 7 digits: the space only parted cells


@pytest.mark.parametrize("line,items,amount", [
    ("政府集中采购\t2笔\t984361元", 2, 98.4361),          # a counting word after the count
    ("政府集中采购\t1个\t98.4361万", 1, 98.4361),
])
def test_counting_words_and_units_in_table_two(tmp_path, line, items, amount):
    path = tmp_path / "r.txt"
    path.write_text("测试镇人民政府2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
                    "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n" + line + "\n", encoding="utf-8")
    _doc, report = open_report(str(path))
    assert report.cells["active.procurement.items"] == items
    assert report.cells["active.procurement.amount"] == pytest.approx(amount)


# Table 三's header run into one line, as the crawler dumps print it.
HEADER_3 = ("三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构"
            "社会公益组织法律服务机构其他")


def _glued_report(tmp_path, table: str):
    path = tmp_path / "r.txt"
    path.write_text("测试镇人民政府2023年政府信息公开工作年度报告\n" + table + "\n", encoding="utf-8")
    return open_report(str(path))[1]


def test_glued_rows_that_break_their_sum_or_hold_a_blank(tmp_path):
    # 平潭农业农村局-2023: "6100000" is 6 1 0 0 0 0 | 0 as printed (the report's own error);
    # 平潭公安局-2019: "0 00000" had a blank 商业企业 cell
    table = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
             "规章000行政规范性文件000第二十条第（五）项信息内容本年处理决定数量行政许可5"
             + HEADER_3 + "一、本年新收政府信息公开申请数量6100000"
             "二、上年结转政府信息公开申请数量0 00000三、本年度办理结果（一）予以公开0000000"
             "（七）总计0000000四、结转下年度继续办理0000000五、存在的主要问题及改进情况无")
    report = _glued_report(tmp_path, table)
    cells = report.cells
    assert [cells[f"requests.new.{c}"] for c in ("natural", "business", "total")] == [6, 1, 0]
    assert cells["requests.carried_over.business"] is None
    assert cells["requests.carried_over.natural"] == 0 and cells["requests.carried_over.total"] == 0
    assert any(f.code == "requests.row.new" for f in report.findings)   # the checks say so


def test_rows_the_column_sums_decide_one_by_one(tmp_path):
    # two rows of table 三 with two cuts each ("270020130": 27…30 or 2 7 … 20 1 30); the
    # columns' sums decide both: 新收 = （七）总计 = 予以公开 + 无法提供, column by column
    table = (HEADER_3 + "一、本年新收政府信息公开申请数量490020455"
             "二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开270020130"
             "（四）无法提供1.本机关不掌握相关政府信息220000325（七）总计490020455"
             "四、结转下年度继续办理0000000五、存在的主要问题及改进情况无")
    report = _glued_report(tmp_path, table)
    cells = report.cells
    assert [cells[f"requests.granted.{c}"] for c in ("natural", "nonprofit", "other_org", "total")] \
        == [27, 2, 1, 30]
    assert [cells[f"requests.unable.not_held.{c}"] for c in ("natural", "other_org", "total")] \
        == [22, 3, 25]
