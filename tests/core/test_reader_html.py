"""HTML reader: encodings, boilerplate removal, rowspan/colspan grids, layout tables, MHTML."""
from __future__ import annotations

import base64
import quopri

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import Cancelled, UnreadableFile
from core.model import Paragraph, Table
from core.readers import html as html_reader
from core.readers import read_document

TABLE_THREE = """
<table border="1">
 <tr><td colspan="3" rowspan="2">本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和</td>
     <td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
 <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
 <tr><td rowspan="3">三、本年度办理结果</td><td rowspan="3">（三）不予公开</td>
     <td>1.属于国家秘密</td><td>0</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td></tr>
 <tr><td>2.其他法律行政法规禁止公开</td><td>10</td><td>11</td><td>12</td><td>13</td><td>14</td><td>15</td><td>16</td></tr>
 <tr><td>3.危及&ldquo;三安全一稳定&rdquo;</td><td>20</td><td>21</td><td>22</td><td>23</td><td>24</td><td>25</td><td>26</td></tr>
</table>"""


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>标题</title></head><body>{body}</body></html>"


def _read(markup, path="t.html", **kw):
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return html_reader.read(path, data, **kw)


def assert_refs(doc) -> None:
    """Every paragraph and cell points at exactly its own text in doc.text."""
    for i, block in enumerate(b for b in doc.blocks if isinstance(b, Table)):
        assert block.ref.table == i
        for r, row in enumerate(block.rows):
            for cell in row:
                assert doc.text[cell.ref.start:cell.ref.end] == cell.text
                assert (cell.ref.table, cell.ref.row) == (i, r)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert doc.text[block.ref.start:block.ref.end] == block.text


def test_rowspan_and_colspan_place_cells_on_the_grid():
    doc = _read(_page("<p>三、收到和处理政府信息公开申请情况</p>" + TABLE_THREE + "<p>四、复议诉讼</p>"))
    assert doc.format == "html"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    rows = doc.blocks[1].rows
    header = {c.text: (c.ref.col, c.rowspan, c.colspan) for c in rows[0]}
    assert header["法人或其他组织"] == (4, 1, 5)
    assert header["总计"] == (9, 2, 1)
    assert [c.ref.col for c in rows[1]] == [4, 5, 6, 7, 8]
    assert (rows[2][1].text, rows[2][1].rowspan, rows[2][1].ref.col) == ("（三）不予公开", 3, 1)
    assert [c.ref.col for c in rows[4]] == list(range(2, 10))
    assert rows[4][0].text == "3.危及“三安全一稳定”"
    assert "2.其他法律行政法规禁止公开\t10\t11\t12\t13\t14\t15\t16" in doc.text.split("\n")
    assert_refs(doc)


def test_gbk_page_declared_in_meta():
    page = _page("<p>本年新收政府信息公开申请数量</p>", '<meta charset="gb2312">')
    doc = _read(page.encode("gbk"))
    assert doc.encoding == "gb18030"
    assert doc.blocks[0].text == "本年新收政府信息公开申请数量"


def test_gbk_page_declared_in_http_equiv_with_gbk_only_characters():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">'
    doc = _read(_page("<p>镕基同志</p>", head).encode("gbk"))   # 镕 is in GBK, not GB2312
    assert doc.blocks[0].text == "镕基同志"


def test_undeclared_gbk_page_is_detected():
    doc = _read(_page("<p>国家秘密</p><p>予以公开</p>").encode("gbk"))
    assert [b.text for b in doc.blocks] == ["国家秘密", "予以公开"]


def test_page_declared_utf8_but_saved_as_gbk_falls_back():
    page = _page("<p>不予公开的政府信息公开申请</p>", '<meta charset="utf-8">')
    doc = _read(page.encode("gbk"))
    assert doc.blocks[0].text == "不予公开的政府信息公开申请"


def test_utf8_bom_and_xml_declaration():
    page = '<?xml version="1.0" encoding="utf-8"?>' + _page("<p>政府信息</p>")
    doc = _read(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert doc.text.strip() == "政府信息"


def test_scripts_styles_hidden_and_nav_are_dropped_entities_decoded():
    body = ("<nav>首页 | 政务公开</nav><script>var a = '<p>脚本</p>';</script>"
            "<style>p {color: red}</style><div style='display: none'>隐藏</div>"
            "<p>  一、总体&nbsp;&nbsp;情况\n   今年 &amp; 去年 </p><!-- 注释 -->"
            "<div>第一行<br>第二行<span>接着</span></div>")
    doc = _read(_page(body))
    assert [b.text for b in doc.blocks] == ["一、总体 情况 今年 & 去年", "第一行", "第二行接着"]
    assert "标题" not in doc.text
    assert_refs(doc)


def test_cell_paragraphs_keep_newlines_and_collapse_inside():
    body = ("<table><tr><td><p>行政  许可</p><p></p><p>（件）</p></td><td>1&nbsp;</td></tr>"
            "<tr><td>a<br/>b</td><td>2</td></tr></table>")
    rows = _read(_page(body)).blocks[0].rows
    assert [c.text for c in rows[0]] == ["行政 许可\n（件）", "1"]
    assert rows[1][0].text == "a\nb"


def test_layout_tables_are_descended_and_inner_tables_emitted():
    body = ("<table width='100%'><tr><td>某县人民政府 2020年政府信息公开工作年度报告</td></tr>"
            f"<tr><td><p>说明文字</p>{TABLE_THREE}<p>表后文字</p></td>"
            "<td>侧栏</td></tr></table>")
    doc = _read(_page(body))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph", "Paragraph"]
    assert doc.blocks[0].text.startswith("某县人民政府")
    assert doc.blocks[2].rows[0][1].text == "自然人"
    assert doc.blocks[4].text == "侧栏"
    assert_refs(doc)


def test_single_cell_frame_table_is_layout_and_empty_tables_vanish():
    body = ("<table><tr><td><p>甲</p><p>乙</p></td></tr></table>"
            "<table><tr><td>&nbsp;</td><td></td></tr></table>")
    doc = _read(_page(body))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph"]


def test_caption_thead_tbody_and_odd_span_values():
    body = ("<table><caption>表三</caption><thead><tr><th colspan='2px'>头</th></tr></thead>"
            "<tbody><tr><td rowspan='9'>左</td><td>1</td></tr><tr><td>2</td></tr></tbody></table>")
    doc = _read(_page(body))
    assert doc.blocks[0].text == "表三"
    rows = doc.blocks[1].rows
    assert (rows[0][0].colspan, rows[1][0].rowspan) == (2, 2)   # clamped to the table's end
    assert [(c.text, c.ref.col) for c in rows[2]] == [("2", 1)]


def test_a_table_is_read_as_layout_or_data_by_all_its_rows_however_it_starts():
    """Its first row looks like layout (a heading and a table in a cell): a third row of
    three cells makes it data, whose first cell shows the inner table as its text."""
    row = "<tr><td>x</td><td>y</td><td>z</td></tr>"
    first = "<tr><td><p>标题</p><table><tr><td>1</td><td>2</td></tr></table></td><td>m</td><td>n</td></tr>"
    data = _read(_page(f"<table>{first}{row}{row}</table>")).blocks
    assert [[c.text for c in r] for r in data[0].rows] == [["标题\n12", "m", "n"], ["x", "y", "z"],
                                                           ["x", "y", "z"]]
    layout = _read(_page(f"<table>{first}{row}</table>")).blocks
    assert [b.text if isinstance(b, Paragraph) else [[c.text for c in r] for r in b.rows]
            for b in layout] == ["标题", [["1", "2"]], "m", "n", "x", "y", "z"]
    hidden_part = ("<table><tbody style='display:none'><tr><td>a</td><td>b</td></tr></tbody>"
                   "<tr><td>c</td><td>d</td></tr></table>")   # a data table counts its rows
    assert [[c.text for c in r] for r in _read(_page(hidden_part)).blocks[0].rows] == [
        ["a", "b"], ["c", "d"]]


def test_table_flattened_into_paragraph_lines_stays_paragraphs():
    body = "<p>自然人 商业企业 科研机构</p><p>1 2 3</p>"
    doc = _read(_page(body))
    assert [b.text for b in doc.blocks] == ["自然人 商业企业 科研机构", "1 2 3"]


def test_word_saved_html_conditional_comments():
    body = ("<p class=MsoNormal><![if !supportLists]>1.<![endif]>属于国家秘密<o:p></o:p></p>")
    assert _read(_page(body)).blocks[0].text == "1.属于国家秘密"


def _mhtml(html_bytes: bytes, encoding: str, charset: str) -> bytes:
    if encoding == "base64":
        payload = base64.encodebytes(html_bytes)
    else:
        payload = quopri.encodestring(html_bytes)
    return (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/related; type=\"text/html\"; boundary=\"----B\"\r\n\r\n"
            b"------B\r\nContent-Type: text/html; charset=\"" + charset.encode() + b"\"\r\n"
            b"Content-Transfer-Encoding: " + encoding.encode() + b"\r\n"
            b"Content-Location: http://example.gov.cn/a.html\r\n\r\n" + payload +
            b"\r\n------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            b"iVBORw0KGgo=\r\n------B--\r\n")


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_mhtml_html_part_is_decoded(encoding):
    page = _page("<p>年度报告</p>" + TABLE_THREE).encode("gbk")
    doc = _read(_mhtml(page, encoding, "gb2312"), path="t.mht")
    assert doc.blocks[0].text == "年度报告"
    assert doc.blocks[1].rows[0][2].text == "法人或其他组织"
    assert_refs(doc)


def test_mhtml_without_html_part_is_unreadable():
    data = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n"
            b"--B\r\nContent-Type: image/png\r\n\r\nxx\r\n--B--\r\n")
    with pytest.raises(UnreadableFile, match="MHTML"):
        _read(data, path="t.mhtml")


def test_empty_page_gives_an_empty_document():
    assert _read("   \n").blocks == []
    assert _read("<html><head><script>x</script></head></html>").text == ""


def test_progress_cancel_and_registry(tmp_path):
    seen = []
    _read(_page(TABLE_THREE), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    with pytest.raises(Cancelled):
        _read(_page(TABLE_THREE), cancelled=lambda: True)
    path = tmp_path / "报告.htm"
    path.write_bytes(_page(TABLE_THREE, '<meta charset="gbk">').encode("gbk"))
    assert read_document(str(path)).blocks[0].rows[1][0].text == "商业企业"


@st.composite
def _span_tables(draw):
    """Random tables of spanning cells, as CMS editors produce them."""
    rows = draw(st.integers(1, 5))
    spec = [[(draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.text("甲乙1 ", max_size=3)))
             for _ in range(draw(st.integers(1, 4)))] for _ in range(rows)]
    return spec


@settings(max_examples=60, deadline=None)
@given(_span_tables())
def test_any_span_table_covers_each_position_once_and_refs_hold(spec):
    markup = "<table>" + "".join(
        "<tr>" + "".join(f"<td rowspan={r} colspan={c}>{t}|</td>" for r, c, t in row) + "</tr>"
        for row in spec) + "</table>"
    doc = _read(_page(markup))
    assert_refs(doc)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    if not tables:   # a single cell is a layout frame, read as a paragraph
        assert len(spec) == 1 and len(spec[0]) == 1
        return
    seen = set()
    for row in tables[0].rows:
        for cell in row:
            area = {(cell.ref.row + i, cell.ref.col + j)
                    for i in range(cell.rowspan) for j in range(cell.colspan)}
            assert not area & seen
            seen |= area
