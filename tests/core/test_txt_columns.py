"""Fixed-width text tables: the blank cells keep their columns (core/readers/txt_columns.py).

Hand-made snippets aligned by display width (CJK two columns, as people and OA exports lay text
out) or by character count (pdftotext -layout), with blank cells in every position.
"""
import pytest

from core.model import Paragraph, Table
from core.pipeline import extract
from core.readers import read_document
from core.readers.txt import parse_blocks

PITCH = """\
一、本年新收政府信息公开申请数量             3     0     1     0     0     4
二、上年结转政府信息公开申请数量       2     1           0     0     0     3
（七）总计                             5     4     0     1     0     0
四、结转下年度继续办理                 1
"""

PITCH_HOLES = """\
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量      23       4               1       2              30
二、上年结转政府信息公开申请数量       2       1               0       0               3
（七）总计                            22       5               1       1              29
"""

HEADER_CENTRED = """\
                                                               法人或其他组织
                                   自然人   商业企业  科研机构  社会公益组织  法律服务机构   其他    总计
一、本年新收政府信息公开申请数量     23         4                     1            12                 40
二、上年结转政府信息公开申请数量      2                               0             0         1       3
（七）总计                          125         5                     1             1                 132
"""

HEADER_RIGHT = """\
                                                               法人或其他组织
                                   自然人   商业企业  科研机构  社会公益组织  法律服务机构   其他    总计
一、本年新收政府信息公开申请数量       23          4                       1            12             40
二、上年结转政府信息公开申请数量        2                                  0             0      1       3
（七）总计                            125          5                       1             1            132
"""

ACTIVE = """\
信息内容                上一年项目数量    本年增/减     处理决定数量
行政处罚                             8            1               64
行政强制                             4                             9
行政事业性收费                       2            0
"""

PDFTOTEXT = """\
                          自然人  商业企业 科研机构 社会公益组织 法律服务机构 其他   总计

  一、本年新收政府信息公开申请数量         821   35              2    1    859

  二、上年结转政府信息公开申请数量          18                              18

  （七）总计                    767   35              2    1    805
"""


def tables(text):
    return [b for b in parse_blocks(text) if isinstance(b, Table)]


def grid(text):
    return [[c.text for c in row] for t in tables(text) for row in t.rows]


def check_refs(text):
    """Every cell points at its printed text; an empty cell is an empty span inside its line,
    between its neighbours."""
    for table in tables(text):
        for row in table.rows:
            line_start = text.rfind("\n", 0, row[0].ref.start) + 1
            line_end = text.find("\n", row[0].ref.start)
            line_end = len(text) if line_end < 0 else line_end
            last = line_start
            for cell in row:
                assert text[cell.ref.start:cell.ref.end] == cell.text
                assert line_start <= last <= cell.ref.start <= cell.ref.end <= line_end
                if not cell.text:
                    assert cell.ref.start == cell.ref.end
                last = cell.ref.end


def test_blank_cells_in_every_position_keep_their_column():
    assert grid(PITCH) == [
        ["一、本年新收政府信息公开申请数量", "", "3", "0", "1", "0", "0", "4"],
        ["二、上年结转政府信息公开申请数量", "2", "1", "", "0", "0", "0", "3"],
        ["（七）总计", "5", "4", "0", "1", "0", "0", ""],
        ["四、结转下年度继续办理", "1", "", "", "", "", "", ""],
    ]
    check_refs(PITCH)


def test_a_column_blank_in_every_row_is_a_hole_in_the_pitch():
    # the header lines are not aligned: only the regular 8-column pitch shows the two columns
    assert grid(PITCH_HOLES) == [
        ["一、本年新收政府信息公开申请数量", "23", "4", "", "1", "2", "", "30"],
        ["二、上年结转政府信息公开申请数量", "2", "1", "", "0", "0", "", "3"],
        ["（七）总计", "22", "5", "", "1", "1", "", "29"],
    ]
    check_refs(PITCH_HOLES)


def test_numbers_centred_on_a_regular_pitch():
    # centring numbers of one to four digits: no edge lines up exactly, the centres do
    text = ("一、本年新收政府信息公开申请数量        5       4               1       2             1234\n"
            "二、上年结转政府信息公开申请数量       17       1               0       0               3\n"
            "（七）总计                            1234      5             123       1              29\n")
    assert grid(text) == [
        ["一、本年新收政府信息公开申请数量", "5", "4", "", "1", "2", "", "1234"],
        ["二、上年结转政府信息公开申请数量", "17", "1", "", "0", "0", "", "3"],
        ["（七）总计", "1234", "5", "", "123", "1", "", "29"],
    ]


@pytest.mark.parametrize("text", [HEADER_CENTRED, HEADER_RIGHT], ids=["centred", "right"])
def test_a_column_blank_in_every_row_is_found_under_its_header(text):
    # irregular widths, 科研机构 blank in every row, 法人或其他组织 spanning five columns;
    # numbers centred under their headers or right-aligned with them read the same
    assert grid(text) == [
        ["一、本年新收政府信息公开申请数量", "23", "4", "", "1", "12", "", "40"],
        ["二、上年结转政府信息公开申请数量", "2", "", "", "0", "0", "1", "3"],
        ["（七）总计", "125", "5", "", "1", "1", "", "132"],
    ]
    check_refs(text)


def test_table_two_rows_with_a_blank_middle_or_last_cell():
    assert grid(ACTIVE) == [["行政处罚", "8", "1", "64"], ["行政强制", "4", "", "9"],
                            ["行政事业性收费", "2", "0", ""]]
    blocks = parse_blocks(ACTIVE)
    assert isinstance(blocks[0], Paragraph) and blocks[0].text.startswith("信息内容")


def test_pdftotext_layout_aligns_by_characters_and_spans_blank_lines():
    assert grid(PDFTOTEXT) == [
        ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"],
        ["二、上年结转政府信息公开申请数量", "18", "", "", "", "", "", "18"],
        ["（七）总计", "767", "35", "", "", "2", "1", "805"],
    ]
    assert len(tables(PDFTOTEXT)) == 1      # the blank lines between rows do not cut it
    check_refs(PDFTOTEXT)


def test_labels_with_spaces_and_wrapped_labels():
    text = ("（三）不予公开 1. 属于国家秘密           0       0       0\n"
            "2. 其他法律行政法规禁止                  1               1\n"
            "   公开\n"
            "3.危及“三安全一稳定”                     0       0       0\n")
    assert grid(text) == [["（三）不予公开 1. 属于国家秘密", "0", "0", "0"],
                          ["2. 其他法律行政法规禁止", "1", "", "1"],
                          ["3.危及“三安全一稳定”", "0", "0", "0"]]
    # the wrapped part of the label stays a line of text between the two tables, as before
    blocks = parse_blocks(text)
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
    assert blocks[1].text == "公开"


def test_ideographic_spaces_pad_like_two_columns():
    text = ("规章　　　　　　　1　　　1　　　5\n"
            "规范性文件　　　　3　　　　　　17\n"
            "行政许可　　　　 45　　 -3　　212\n")
    assert grid(text) == [["规章", "1", "1", "5"], ["规范性文件", "3", "", "17"],
                          ["行政许可", "45", "-3", "212"]]
    check_refs(text)


def test_a_row_whose_label_pushes_its_numbers_right_stays_text():
    text = ("2.重复申请                          0       1       0       1\n"
            "3.要求提供公开出版物                0       0       0       0\n"
            "5.要求行政机关确认或重新出具已获取信息、一个写得很长的标签       1       0       0       1\n"
            "4.无正当理由大量反复申请            0               0       0\n"
            "（七）总计                          2       3       1       6\n")
    blocks = parse_blocks(text)
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
    assert [c.text for c in blocks[2].rows[0]] == ["4.无正当理由大量反复申请", "0", "", "0", "0"]


def test_one_row_with_holes_in_a_regular_pitch():
    # table 四 printed as one line, 复议后起诉 partly blank
    text = "       1       1       0       1       3       2       0       0       0       2" \
           "                       1               1\n"
    assert grid(text) == [["1", "1", "0", "1", "3", "2", "0", "0", "0", "2", "", "", "1", "", "1"]]


def test_a_chinese_font_draws_curly_quotes_two_columns_wide():
    # typed in Notepad with SimSun: “” take two columns, as the CJK characters do
    text = ("3.危及“三安全一稳定”                 0               1\n"
            "4.保护第三方合法权益                   1       0       1\n"
            "5.属于三类内部事务信息                 0       0       0\n")
    assert grid(text) == [["3.危及“三安全一稳定”", "0", "", "1"],
                          ["4.保护第三方合法权益", "1", "0", "1"],
                          ["5.属于三类内部事务信息", "0", "0", "0"]]


def test_a_first_column_blank_in_every_row_is_found_under_its_header():
    text = ("信息内容            本年新制作数量    本年新公开数量    对外公开总数量\n"
            "规章                                               1                 5\n"
            "规范性文件                                         2                17\n")
    # 信息内容 heads the labels, not a column of numbers: no empty cell for it
    assert grid(text) == [["规章", "", "1", "5"], ["规范性文件", "", "2", "17"]]


def test_table_four_on_one_line_under_headers_aligned_by_characters():
    # pdftotext -layout: the numbers start where their headers start, counted in characters
    text = ("四、政府信息公开行政复议、行政诉讼情况\n"
            "                 行政复议                     行政诉讼\n"
            "\n"
            "                                         未经复议直接起诉               复议后起诉\n"
            "                结果维持 结果纠正 其他结果 尚未审结 总计\n"
            "                                         结果维持 结果纠正 其他结果 尚未审结 总计 "
            "结果维持 结果纠正 其他结果 尚未审结 总计\n"
            "\n"
            "                3             1    4     6             2    8\n")
    assert grid(text) == [["3", "", "", "1", "4", "6", "", "", "2", "8", "", "", "", "", ""]]


@pytest.mark.parametrize("text", [
    "联系人：张三  电话：0571-88888888  邮编：310000\n",        # prose with double spaces
    "本机关  2021  年共收到申请  30  件。\n上年结转  3  件，办结  33  件。\n",
    "行政许可                    212\n",                          # a single aligned line
    "规章        1        5\n",                                   # one line, no evidence of a blank
    "规章    1    1    5\n规范性文件  3  2  17\n行政许可   45  -3  212\n",   # not aligned
    "规章　　0　　1　　2\n行政规范性文件　　3　　1　　25\n",     # ideographic spaces, not aligned
], ids=["prose", "sentences", "single-line", "single-row", "unaligned", "ideographic"])
def test_text_that_is_no_fixed_width_table_is_left_alone(text):
    assert tables(text) == []


def test_the_other_flattenings_are_unaffected():
    tab = "规章\t1\t\t5\n规范性文件\t3\t2\t17\n"
    pipe = "| 规章 | 1 |  | 5 |\n| 规范性文件 | 3 | 2 | 17 |\n"
    cells = "\t规章\n\t1\n\t\n\t5\n\n\t规范性文件\n\t3\n\t2\n\t17\n"
    assert grid(tab) == [["规章", "1", "", "5"], ["规范性文件", "3", "2", "17"]]
    assert grid(pipe) == [["规章", "1", "", "5"], ["规范性文件", "3", "2", "17"]]
    assert grid(cells) == [["规章", "1", "", "5"], ["规范性文件", "3", "2", "17"]]


REPORT = """\
城关镇人民政府2020年政府信息公开工作年度报告

二、主动公开政府信息情况

第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚                     8       1      64
行政强制                     4               9

三、收到和处理政府信息公开申请情况

（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
""" + PITCH_HOLES.split("\n", 2)[2] + """
四、政府信息公开行政复议、行政诉讼情况

行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计
       1       1       0       1       3       2       0       0       0       2                       1               1

五、存在的主要问题及改进情况
"""


def test_report_cells_land_in_their_columns(tmp_path):
    path = tmp_path / "fixed.txt"
    path.write_text(REPORT, encoding="utf-8")
    report = extract(read_document(str(path)))
    cells = report.cells
    assert (cells["active.coercion.prev_items"], cells["active.coercion.change"],
            cells["active.coercion.decisions"]) == (4, None, 9)
    assert [cells[f"requests.new.{c}"] for c in
            ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")] \
        == [23, 4, None, 1, 2, None, 30]
    assert [cells[f"requests.total.{c}"] for c in ("research", "legal", "total")] == [None, 1, 29]
    assert [cells[f"appeals.suit_after_review.{c}"] for c in
            ("upheld", "corrected", "other", "pending", "total")] == [None, None, 1, None, 1]
    assert cells["appeals.suit_direct.total"] == 2
    for key, ref in report.provenance.items():
        assert report.raw[key] == path.read_text(encoding="utf-8")[ref.start:ref.end]
