"""DOCX reader: reading order, merged cells from real gridSpan/vMerge XML, refs, damage."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from core.errors import Cancelled, UnreadableFile
from core.model import Paragraph, Table
from core.readers import docx as docx_reader
from core.readers import read_document

ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _read(document, **kw):
    return docx_reader.read("t.docx", _bytes(document), **kw)


def _body_xml(*fragments: str) -> bytes:
    """A .docx whose body holds the given raw WordprocessingML fragments (before sectPr)."""
    document = docx.Document()
    body = document.element.body
    for fragment in fragments:
        body.insert(len(body) - 1, parse_xml(f"<w:root {nsdecls('w')}>{fragment}</w:root>")[0])
    return _bytes(document)


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


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
            assert block.ref.table is None


def _table_three() -> docx.Document:
    """Header and the （三）不予公开 rows of table 三, merged the way the official layout is."""
    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = document.add_table(rows=5, cols=10)
    t.cell(0, 0).merge(t.cell(1, 2)).text = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
    t.cell(0, 3).merge(t.cell(1, 3)).text = "自然人"
    t.cell(0, 4).merge(t.cell(0, 8)).text = "法人或其他组织"
    t.cell(0, 9).merge(t.cell(1, 9)).text = "总计"
    for j, label in enumerate(ORGS):
        t.cell(1, 4 + j).text = label
    t.cell(2, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"
    t.cell(2, 1).merge(t.cell(4, 1)).text = "（三）不予公开"
    for i, label in enumerate(["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”"]):
        t.cell(2 + i, 2).text = label
        for j in range(7):
            t.cell(2 + i, 3 + j).text = str(i * 10 + j)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return document


def test_table_three_merges_are_emitted_once_at_their_origin():
    doc = _read(_table_three())
    assert doc.format == "docx" and doc.path == "t.docx"
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.blocks[1]
    assert len(table.rows) == 5
    header = {c.text: (c.ref.row, c.ref.col, c.rowspan, c.colspan) for c in table.rows[0]}
    assert header["自然人"] == (0, 3, 2, 1)
    assert header["法人或其他组织"] == (0, 4, 1, 5)
    assert header["总计"] == (0, 9, 2, 1)
    assert table.rows[0][0].rowspan == 2 and table.rows[0][0].colspan == 3
    assert [c.text for c in table.rows[1]] == ORGS
    assert [c.ref.col for c in table.rows[1]] == [4, 5, 6, 7, 8]
    denied = table.rows[2][1]
    assert (denied.text, denied.rowspan, denied.colspan, denied.ref.col) == ("（三）不予公开", 3, 1, 1)
    # Covered positions are absent: rows 3 and 4 start at the item label in column 2.
    assert [c.ref.col for c in table.rows[3]] == list(range(2, 10))
    assert table.rows[4][0].text == "3.危及“三安全一稳定”"
    assert table.rows[4][-1].text == "26"
    assert_refs(doc)


def test_display_text_has_one_tab_separated_line_per_row():
    doc = _read(_table_three())
    lines = doc.text.split("\n")
    assert lines[0] == "三、收到和处理政府信息公开申请情况"
    assert "\t".join(ORGS) in lines
    assert "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t0\t1\t2\t3\t4\t5\t6" in lines
    assert "2.其他法律行政法规禁止公开\t10\t11\t12\t13\t14\t15\t16" in lines
    assert doc.text.count("（三）不予公开") == 1
    assert doc.text.rstrip().endswith("四、政府信息公开行政复议、行政诉讼情况")


def test_paragraphs_in_a_cell_join_with_newlines_and_empty_ones_drop():
    document = docx.Document()
    t = document.add_table(rows=1, cols=2)
    cell = t.cell(0, 0)
    cell.text = "  第一段 "
    cell.add_paragraph("")
    cell.add_paragraph("第二段")
    t.cell(0, 1).text = "5"
    doc = _read(document)
    assert doc.blocks[0].rows[0][0].text == "第一段\n第二段"
    assert_refs(doc)


def test_grid_before_and_after_shift_columns():
    tbl = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
           f"<w:tr>{_tc('a')}{_tc('b')}{_tc('c')}</w:tr>"
           f"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{_tc('x')}{_tc('y')}</w:tr>"
           f"<w:tr><w:trPr><w:gridAfter w:val=\"2\"/></w:trPr>{_tc('z')}</w:tr></w:tbl>")
    doc = docx_reader.read("t.docx", _body_xml(tbl))
    rows = doc.blocks[0].rows
    assert [(c.text, c.ref.col) for c in rows[1]] == [("x", 1), ("y", 2)]
    assert [(c.text, c.ref.col) for c in rows[2]] == [("z", 0)]
    assert_refs(doc)


def test_vertical_merge_stops_at_a_row_that_does_not_continue_it():
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    tbl = (f"<w:tbl><w:tr>{_tc('A', restart)}{_tc('1')}</w:tr>"
           f"<w:tr>{_tc('', cont)}{_tc('2')}</w:tr>"
           f"<w:tr>{_tc('B')}{_tc('3')}</w:tr>"
           f"<w:tr>{_tc('', cont)}{_tc('4')}</w:tr></w:tbl>")   # continuation with no origin
    rows = docx_reader.read("t.docx", _body_xml(tbl)).blocks[0].rows
    assert (rows[0][0].text, rows[0][0].rowspan) == ("A", 2)
    assert [c.text for c in rows[1]] == ["2"]
    assert (rows[2][0].text, rows[2][0].rowspan) == ("B", 1)
    assert [(c.text, c.ref.col) for c in rows[3]] == [("", 0), ("4", 1)]


def test_content_controls_hyperlinks_and_revisions():
    sdt_block = ("<w:sdt><w:sdtPr/><w:sdtContent>" + _p("控件中的段落") +
                 f"<w:tbl><w:tr>{_tc('控件中的表')}{_tc('7')}</w:tr></w:tbl>"
                 "</w:sdtContent></w:sdt>")
    para = ("<w:p><w:r><w:t xml:space=\"preserve\">甲 </w:t></w:r>"
            "<w:sdt><w:sdtContent><w:r><w:t>乙</w:t></w:r></w:sdtContent></w:sdt>"
            "<w:hyperlink><w:r><w:t>丙</w:t></w:r></w:hyperlink>"
            "<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>丁</w:t></w:r></w:ins></w:p>")
    doc = docx_reader.read("t.docx", _body_xml(sdt_block, para))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert doc.blocks[0].text == "控件中的段落"
    assert doc.blocks[1].rows[0][0].text == "控件中的表"
    assert doc.blocks[2].text == "甲 乙丙丁"
    assert "删掉的" not in doc.text
    assert_refs(doc)


def test_nested_table_in_a_cell_is_flattened_into_the_cell_text():
    # a statistics table (rows of three cells and more) with a small table in one cell
    inner = f"<w:tbl><w:tr>{_tc('内1')}{_tc('内2')}</w:tr><w:tr>{_tc('内3')}</w:tr></w:tbl>"
    rows = "".join(f"<w:tr>{_tc('x')}{_tc('y')}{_tc('z')}</w:tr>" for _ in range(3))
    outer = (f"<w:tbl><w:tr><w:tc>{_p('上方')}{inner}<w:p/></w:tc>{_tc('9')}{_tc('8')}</w:tr>"
             f"{rows}</w:tbl>")
    doc = docx_reader.read("t.docx", _body_xml(outer))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].rows[0][0].text == "上方\n内1 内2\n内3"
    assert_refs(doc)


def test_a_table_that_lays_out_tables_is_unwrapped():
    # two cells side by side, each holding a real table (d03/d23 of the adversarial set)
    inner = f"<w:tbl><w:tr>{_tc('规章')}{_tc('1')}{_tc('2')}{_tc('3')}</w:tr></w:tbl>"
    outer = f"<w:tbl><w:tr><w:tc>{_p('表二')}{inner}<w:p/></w:tc><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    doc = docx_reader.read("t.docx", _body_xml(outer))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 2 and tables[0].rows[0][1].text == "1"
    assert doc.blocks[0].text == "表二"
    assert_refs(doc)


def test_hidden_text_is_not_read():
    cell = ("<w:tc><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r>"
            "<w:r><w:t>9</w:t></w:r></w:p></w:tc>")
    doc = docx_reader.read("t.docx", _body_xml(f"<w:tbl><w:tr>{_tc('规章')}{cell}</w:tr></w:tbl>"))
    assert doc.blocks[0].rows[0][1].text == "9"


def test_a_text_box_is_read_after_its_anchor():
    box = (f"<w:r><w:drawing><wps:txbx xmlns:wps='http://schemas.microsoft.com/office/word/2010/"
           f"wordprocessingShape'><w:txbxContent>{_p('框内')}</w:txbxContent></wps:txbx>"
           f"</w:drawing></w:r>")
    doc = docx_reader.read("t.docx", _body_xml(f"<w:p><w:r><w:t>锚</w:t></w:r>{box}</w:p>"))
    assert [b.text for b in doc.blocks] == ["锚", "框内"]


def test_a_one_cell_frame_around_the_real_table_is_unwrapped():
    inner = f"<w:tbl><w:tr>{_tc('自然人')}{_tc('总计')}</w:tr><w:tr>{_tc('1')}{_tc('1')}</w:tr></w:tbl>"
    frame = f"<w:tbl><w:tr><w:tc>{_p('表三')}{inner}</w:tc></w:tr></w:tbl>"
    doc = docx_reader.read("t.docx", _body_xml(frame))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table"]
    assert doc.blocks[1].rows[1][1].ref.col == 1
    assert_refs(doc)


def test_tabs_in_cells_become_spaces_so_lines_keep_one_tab_per_cell():
    tbl = ("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t><w:tab/><w:t>件</w:t></w:r></w:p></w:tc>"
           f"{_tc('3')}</w:tr></w:tbl>")
    doc = docx_reader.read("t.docx", _body_xml(tbl))
    assert doc.blocks[0].rows[0][0].text == "规章 件"
    assert "规章 件\t3" in doc.text


@pytest.mark.parametrize("data", [b"PK\x03\x04 this is not a zip", b"not even a zip"])
def test_corrupt_file_raises_a_chinese_error(data):
    with pytest.raises(UnreadableFile) as info:
        docx_reader.read("t.docx", data)
    assert "Word 文档已损坏" in info.value.message


def test_zip_without_document_part_is_damaged():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/"
                   "package/2006/content-types'/>")
        z.writestr("word/styles.xml", "<x/>")
    with pytest.raises(UnreadableFile, match="Word 文档已损坏"):
        docx_reader.read("t.docx", buf.getvalue())


def test_a_workbook_renamed_to_docx_is_named_as_such():
    import openpyxl
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    with pytest.raises(UnreadableFile, match="不是 Word 文档"):
        docx_reader.read("t.docx", buf.getvalue())


def test_progress_and_cancel():
    data = _bytes(_table_three())
    seen = []
    docx_reader.read("t.docx", data, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(Cancelled):
        docx_reader.read("t.docx", data, cancelled=lambda: True)


def test_registry_reads_a_docx_file(tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(_bytes(_table_three()))
    doc = read_document(str(path))
    assert doc.format == "docx" and len(doc.blocks) == 3
