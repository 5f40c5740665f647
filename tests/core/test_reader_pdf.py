"""The PDF reader: text, ruled and borderless tables, provenance, and the errors it raises."""
from __future__ import annotations

import io
import pathlib

import pytest

from core.errors import Cancelled, ScannedDocument, UnreadableFile
from core.model import Paragraph, SourceDocument, Table
from core.readers import pdf, read_document
from core.readers.pdf_assemble import Assembler
from core.readers.pdf_borderless import find_borderless
from core.readers.pdf_layout import Grid, GridCell, Line, build_lines

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
READABLE = ["ruled_merged.pdf", "borderless.pdf", "page_break.pdf"]


def read(name: str, **kwargs):
    path = FIXTURES / name
    return pdf.read(str(path), path.read_bytes(), **kwargs)


@pytest.fixture(scope="module")
def docs():
    return {name: read(name) for name in READABLE}


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def grid_width(table: Table) -> list[int]:
    """Columns each row covers once the spans of the rows above are expanded."""
    covered: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row:
            while covered.get((r, col)):
                col += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered[(r + dr, col + dc)] = True
            col += cell.colspan
        widths.append(max([c for (rr, c) in covered if rr == r], default=-1) + 1)
    return widths


# ---- provenance ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", READABLE)
def test_every_ref_points_at_its_text(docs, name):
    doc = docs[name]
    assert doc.format == "pdf" and doc.pages == len(doc.page_sizes) >= 1
    refs = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            refs.append((block.text, block.ref))
        else:
            refs.extend((cell.text, cell.ref) for row in block.rows for cell in row)
    assert refs
    for text, ref in refs:
        assert doc.text[ref.start:ref.end] == text
        assert "\n" not in text and "\f" not in doc.text
        width, height = doc.page_sizes[ref.page]
        x0, top, x1, bottom = ref.bbox
        assert 0 <= x0 <= x1 <= width and 0 <= top <= bottom <= height


def test_page_sizes_are_a4_points(docs):
    assert docs["page_break.pdf"].page_sizes == [pytest.approx((595.3, 841.9), abs=0.1)] * 2


# ---- ruled tables ----------------------------------------------------------------------------

def test_chinese_text_in_reading_order(docs):
    doc = docs["ruled_merged.pdf"]
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["大岚镇人民政府2021年政府信息公开工作年度报告",
                          "三、收到和处理政府信息公开申请情况",
                          "四、政府信息公开行政复议、行政诉讼情况"]
    assert isinstance(doc.blocks[2], Table)
    assert doc.text.startswith("大岚镇人民政府2021年政府信息公开工作年度报告\n")


def test_merged_cells_come_once_with_their_spans(docs):
    table = tables(docs["ruled_merged.pdf"])[0]
    rows = table.rows
    spans = [[(c.text, c.rowspan, c.colspan) for c in row] for row in rows[:3]]
    assert spans[0] == [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
                        ("申请人情况", 1, 7)]
    assert spans[1] == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert [t for t, _, _ in spans[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert (rows[5][0].text, rows[5][0].rowspan) == ("三、本年度办理结果", 6)
    assert (rows[7][0].text, rows[7][0].rowspan) == ("（三）不予公开", 3)
    assert grid_width(table) == [10] * len(rows)


def test_wrapped_cell_text_is_joined_without_spaces(docs):
    table = tables(docs["ruled_merged.pdf"])[0]
    labels = [cell.text for row in table.rows for cell in row[:2]]
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "一、本年新收政府信息公开申请数量" in labels
    assert "3.危及“三安全一稳定”" in labels


def test_table_rows_are_tab_separated_lines(docs):
    doc = docs["ruled_merged.pdf"]
    assert "\n一、本年新收政府信息公开申请数量\t12\t3\t0\t1\t0\t0\t16\n" in doc.text
    assert texts(tables(doc)[0])[-1] == ["四、结转下年度继续办理"] + ["0"] * 7


# ---- borderless tables and tab-separated lines -----------------------------------------------

def test_borderless_table_from_aligned_columns(docs):
    doc = docs["borderless.pdf"]
    assert texts(tables(doc)[0]) == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                                     ["规章", "0", "0", "3"],
                                     ["行政规范性文件", "2", "1", "15"],
                                     ["行政许可", "125", "", ""],
                                     ["行政事业性收费", "12.5", "", ""]]


def test_tab_stop_line_keeps_its_columns_and_latin_keeps_spaces(docs):
    paragraphs = [b.text for b in docs["borderless.pdf"].blocks if isinstance(b, Paragraph)]
    assert "行政处罚\t15\t3" in paragraphs
    assert "联系电话：0571-12345678 Email: gov@example.cn" in paragraphs


# ---- a table across a page break -------------------------------------------------------------

def test_table_across_pages_is_one_table_without_the_repeated_header(docs):
    doc = docs["page_break.pdf"]
    [table] = tables(doc)
    rows = texts(table)
    assert rows[0] == ["序号", "事项", "数量", "备注"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 46)]
    assert rows[45] == ["45", "第45项事项", "135", "无"]
    assert {c.ref.page for row in table.rows for c in row} == {0, 1}
    assert doc.text.count("序号\t事项\t数量\t备注") == 2   # the display text keeps what is printed
    assert "\n\n—— 第 2 页 ——\n\n" in doc.text


def test_page_numbers_stay_paragraphs(docs):
    paragraphs = [(b.text, b.ref.page) for b in docs["page_break.pdf"].blocks
                  if isinstance(b, Paragraph)]
    assert ("—1—", 0) in paragraphs and ("—2—", 1) in paragraphs
    assert paragraphs[-2:] == [("表格结束。", 1), ("—2—", 1)]


# ---- errors ----------------------------------------------------------------------------------

def test_encrypted_pdf_asks_to_remove_the_password():
    with pytest.raises(UnreadableFile) as err:
        read("encrypted.pdf")
    assert err.value.message == ("PDF 文件已加密，需要密码才能打开。"
                                 "请先在 PDF 阅读器中去除密码后再试。")


def test_scanned_pdf_without_an_ocr_engine_says_so(monkeypatch):
    import core.ocr
    monkeypatch.setattr(core.ocr, "available", lambda: False)
    with pytest.raises(ScannedDocument) as err:
        read("scanned.pdf")
    assert err.value.message.startswith("这是扫描件（图片形式的 PDF），没有文字层")
    assert "OCR" in err.value.message and "手工录入" in err.value.message


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf_is_damaged(cut):
    data = (FIXTURES / "ruled_merged.pdf").read_bytes()
    with pytest.raises(UnreadableFile) as err:
        pdf.read("x.pdf", data[:int(len(data) * cut)])
    assert err.value.message == "PDF 文件已损坏，无法读取。"
    assert err.value.detail   # the pdfium error is kept for the log


def test_garbage_after_the_header_is_damaged():
    with pytest.raises(UnreadableFile, match="已损坏"):
        pdf.read("x.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8)


def test_zero_pages():
    import pypdfium2 as pdfium
    empty = pdfium.PdfDocument.new()   # a well-formed PDF whose page tree is empty
    out = io.BytesIO()
    empty.save(out)
    empty.close()
    with pytest.raises(UnreadableFile, match="没有任何页面"):
        pdf.read("x.pdf", out.getvalue())


def test_blank_page_is_not_called_a_scan():
    import pypdfium2 as pdfium
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    out = io.BytesIO()
    blank.save(out)
    blank.close()
    with pytest.raises(UnreadableFile) as err:
        pdf.read("x.pdf", out.getvalue())
    assert not isinstance(err.value, ScannedDocument)


def test_undecodable_fonts_are_reported():
    with pytest.raises(UnreadableFile, match="无法解码"):
        pdf._check_text_layer({"chars": 500, "cid": 400, "graphics": 0}, 1, b"%%EOF")


# ---- progress, cancel, registry --------------------------------------------------------------

def test_progress_is_reported_per_page():
    calls = []
    read("page_break.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_cancel_is_checked_per_page():
    calls = []
    answers = iter([False, True])
    with pytest.raises(Cancelled):
        read("page_break.pdf", progress=lambda d, t: calls.append(d),
             cancelled=lambda: next(answers))
    assert calls == [1]


def test_registry_reads_pdf():
    doc = read_document(str(FIXTURES / "ruled_merged.pdf"))
    assert doc.format == "pdf" and tables(doc)


# ---- layout rules on hand-made characters ----------------------------------------------------

def char(text: str, x0: float, top: float, size: float = 10.0, width: float = None) -> tuple:
    """A char as the PDF reader keeps it: (x0, top, x1, bottom, text, size)."""
    width = size if width is None else width
    return (x0, top, x0 + width, top + size, text, size)


def moved(ch: tuple, x0: float, x1: float) -> tuple:
    """The char set elsewhere on its line."""
    return (x0, ch[1], x1) + ch[3:]


def line_of(text: str, x0: float, top: float, size: float = 10.0) -> list[tuple]:
    return [char(t, x0 + i * size, top, size) for i, t in enumerate(text)]


def text_pdf(runs: list[tuple[str, float, float, float]], width: float = 595.0,
             height: float = 842.0) -> bytes:
    """A one-page PDF of Helvetica text runs (text, x, baseline from the top, size): Latin only."""
    import ctypes
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(width, height)
    for text, x, baseline, size in runs:
        obj = raw.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", ctypes.c_float(size))
        data = (text + "\0").encode("utf-16-le")
        buf = ctypes.create_string_buffer(data, len(data))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, height - baseline)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    page.close()
    doc.close()
    return out.getvalue()


def test_overlaid_bold_chars_are_dropped():
    chars = line_of("总计", 100, 50) + line_of("总计", 100.4, 50.3) + line_of("总计", 100.8, 50)
    [line] = build_lines(chars)
    assert line.text == "总计"


def test_lines_cluster_by_top_and_chunks_split_at_wide_gaps():
    chars = line_of("行政许可", 100, 50) + line_of("12", 200, 51.5) + line_of("下一行", 100, 70)
    lines = build_lines(chars)
    assert [ln.text for ln in lines] == ["行政许可\t12", "下一行"]


def test_a_bigger_font_with_other_ascents_stays_on_one_line():
    digits = [char("2", 148, 104.5, 16, 8), char("0", 156, 104.5, 16, 8)]   # centre 3.25 pt lower
    title = line_of("大岚镇", 100, 100, size=16) + digits
    [line] = build_lines(title + line_of("年度报告", 164, 100, size=16))
    assert line.text == "大岚镇20年度报告"


def test_latin_words_take_one_space_cjk_none():
    chars = [char(t, 100 + i * 5, 50, width=5) for i, t in enumerate("ab")]
    chars += [char(" ", 110, 50, width=3), char("c", 113, 50, width=5)]   # a real space glyph
    chars += [char("d", 121, 50, width=5)]                                # a 3 pt gap
    chars += [char("年", 126.5, 50)]                                      # CJK after a small gap
    [line] = build_lines(chars)
    assert line.text == "ab c d年"


def test_superscript_marks_are_dropped_not_joined_to_the_number():
    # adversarial p11: a footnote mark after 1.25 got a line of its own, joined as "1 1.25"
    mark = (397.7, 400.5, 400.1, 405.1, "1", 5.2)
    cell = line_of("1.25", 361.6, 401.8, 9) + [mark]   # 9 pt chars 9 pt wide: ends at 397.6
    assert [ln.text for ln in build_lines(cell)] == ["1.25"]
    note = [moved(mark, 70.0, 72.4)] + line_of("收费为工本费。", 72.5, 401.8, 9)
    assert [ln.text for ln in build_lines(note)] == ["收费为工本费。"]   # the note's own mark
    two = cell + [moved(mark, 400.1, 402.5)]                         # "12" as one mark
    assert [ln.text for ln in build_lines(two)] == ["1.25"]
    small = line_of("1.25", 361.6, 401.8, 9) + [char("m", 397.7, 405.6, 5.2, 3)]   # no rise
    assert build_lines(small)[0].text == "1.25m"


def test_superscript_mark_read_from_a_pdf():
    # the same through pdfium (font sizes from the PDF): before, the mark glued on: 1.251
    data = text_pdf([("Fee", 72, 100, 9), ("1.25", 200, 100, 9), ("1", 217.5, 96.5, 5.2),
                     ("Note", 72, 130, 9)])
    doc = pdf.read("x.pdf", data)
    assert [b.text for b in doc.blocks] == ["Fee\t1.25", "Note"]


def test_borderless_rows_with_spanning_header_and_wrapped_label():
    lines = build_lines(
        line_of("信息内容", 50, 100) + line_of("本年新制作", 200, 100) + line_of("对外公开", 300, 100)
        + line_of("规章", 50, 115) + line_of("1", 220, 115) + line_of("9", 310, 115)
        + line_of("其他对外管理", 50, 130) + line_of("0", 220, 130) + line_of("7", 310, 130)
        + line_of("服务事项", 50, 145)   # wrapped in a top-aligned cell: belongs to the row above
        + line_of("第二十条第（五）项跨越两列", 200, 160)
        + line_of("行政许可", 50, 175) + line_of("5", 220, 175) + line_of("6", 310, 175))
    [grid] = find_borderless(lines, [])
    assert isinstance(grid, Grid)
    assert [[c.text for c in row] for row in grid.rows] == [
        ["信息内容", "本年新制作", "对外公开"],
        ["规章", "1", "9"],
        ["其他对外管理服务事项", "0", "7"],
        ["", "第二十条第（五）项跨越两列"],
        ["行政许可", "5", "6"]]
    assert [c.colspan for c in grid.rows[3]] == [1, 2]


def test_borderless_wrapped_lines_join_the_row_above_and_numbers_never_wrap():
    # Top-aligned cells as LibreOffice lays them out (corpus 双河镇-2021), 13 pt line pitch.
    rows = [("（五）不予", "4.无正当理由大量反复申", "0"), ("", "请", ""),
            ("", "5.要求行政机关确认或重", "1"), ("", "新出具已获取信息", ""),
            ("（六）其他", "1.申请人无正当理由逾期", "2"), ("处理", "不补正、行政机关不再处", ""),
            ("", "", ""), ("（七）总计", "", "3")]
    chars = line_of("附注", 318, 100 + 13 * 6, 9)   # under a number: not its wrapped rest
    for r, (group, label, number) in enumerate(rows):
        top = 100 + 13 * r
        chars += line_of(group, 50, top, 9) + line_of(label, 110, top, 9)
        chars += line_of(number, 320, top, 9) + line_of(number, 360, top, 9)
    [grid] = find_borderless(build_lines(chars), [])
    assert [[c.text for c in row] for row in grid.rows] == [
        ["（五）不予", "4.无正当理由大量反复申请", "0", "0"],
        ["", "5.要求行政机关确认或重新出具已获取信息", "1", "1"],
        ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处", "2", "2"],
        ["", "", "附注", ""],
        ["（七）总计", "", "3", "3"]]


def cells(grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def spaced(text: str, x0: float, top: float, gap: float, size: float = 9.0) -> list[tuple]:
    """One char every size + gap points: text spread over its cell (分散对齐)."""
    return [char(t, x0 + i * (size + gap), top, size) for i, t in enumerate(text)]


def test_narrow_gaps_between_cjk_chars_split_cells_that_text_fills():
    # adversarial p06: 9 pt header cells 0.78 em apart, below the 1.2 em chunk gap
    head = line_of("自然人", 290, 100, 9) + line_of("商业企", 324, 100, 9) + line_of("科研机", 358, 100, 9)
    [line] = build_lines(head)
    assert line.text == "自然人\t商业企\t科研机"
    [even] = build_lines(spaced("本年新制作", 100, 100, 4))     # every gap wide: one word
    assert even.text == "本年新制作"
    [typed] = build_lines(line_of("信息", 100, 100, 9) + [char(" ", 118, 100, 9, 4)]
                          + line_of("内容", 123, 100, 9))          # a typed space is no cell edge
    assert typed.text == "信息内容"


def test_distributed_labels_are_one_word_but_blank_marks_stay_apart():
    # adversarial p10: labels spread over their cell, each char a chunk of its own
    [four] = build_lines(spaced("行政许可", 74, 100, 35) + line_of("212", 364, 100, 9))
    assert [c.text for c in four.chunks] == ["行政许可", "212"]
    [two] = build_lines(spaced("规章", 74, 100, 123) + line_of("0", 267, 100, 9))
    assert [c.text for c in two.chunks] == ["规章", "0"]
    [marks] = build_lines(spaced("———", 74, 100, 20) + line_of("3", 200, 100, 9))
    assert [c.text for c in marks.chunks] == ["—", "—", "—", "3"]
    [header] = build_lines(line_of("业", 333, 100, 9) + line_of("构", 367, 100, 9))
    assert [c.text for c in header.chunks] == ["业", "构"]   # a header's wrapped ends
    [columns] = build_lines(line_of("类别", 50, 100) + spaced("甲乙丙", 150, 100, 40, 10))
    assert [c.text for c in columns.chunks] == ["类别", "甲", "乙", "丙"]


def test_a_header_column_empty_in_every_row_is_a_column():
    # adversarial p06: 丙 (all its zeros left blank) has its header alone on a line of its
    # own, vertically centred in a taller header cell
    chars = (line_of("类别", 50, 100) + line_of("甲", 150, 100) + line_of("乙", 200, 100)
             + line_of("总计", 300, 100) + line_of("丙", 250, 106)
             + line_of("一", 50, 125) + line_of("1", 152, 125) + line_of("2", 202, 125)
             + line_of("3", 302, 125)
             + line_of("二", 50, 140) + line_of("4", 152, 140) + line_of("4", 302, 140))
    [grid] = find_borderless(build_lines(chars), [])
    assert cells(grid) == [["类别", "甲", "乙", "", "总计"], ["", "", "", "丙", ""],
                           ["一", "1", "2", "", "3"], ["二", "4", "", "", "4"]]


def test_two_label_columns_closer_than_a_chunk_gap_in_one_band_are_split():
    # the header's label chunk spans both label columns and merges them into one band
    chars = (line_of("说明文字长长长长长长", 50, 100) + line_of("甲", 200, 100)
             + line_of("乙", 250, 100) + line_of("丙", 300, 100)
             + line_of("（四）无法", 50, 115) + line_of("1.本机关", 115, 115)
             + line_of("1", 202, 115) + line_of("2", 252, 115)
             + line_of("提供", 50, 130) + line_of("2.没有", 115, 130)
             + line_of("3", 202, 130) + line_of("4", 252, 130))
    [grid] = find_borderless(build_lines(chars), [])
    assert cells(grid) == [["说明文字长长长长长长", "甲", "乙", "丙"],
                           ["（四）无法", "1.本机关", "1", "2", ""],
                           ["提供", "2.没有", "3", "4", ""]]
    assert grid.rows[0][0].colspan == 2


def test_a_table_right_above_another_is_not_lost_to_its_columns():
    # adversarial p06: table 二 close above table 三, whose wider rows set the run's columns
    chars = (line_of("规章", 50, 100) + line_of("1", 200, 100) + line_of("5", 300, 100)
             + line_of("行政许可", 50, 115) + line_of("2", 200, 115) + line_of("6", 300, 115))
    for r in range(3):
        top = 130 + 15 * r
        chars += line_of(f"第{r}行", 50, top) + sum((line_of(str(r), x, top)
                                                    for x in (150, 230, 270, 390)), [])
    items = find_borderless(build_lines(chars), [])
    assert [type(it).__name__ for it in items] == ["Grid", "Grid"]
    assert cells(items[0]) == [["规章", "1", "5"], ["行政许可", "2", "6"]]
    assert len(cells(items[1])) == 3


def test_a_bigger_heading_between_two_tables_ends_the_first():
    chars = (line_of("规章", 50, 100, 9) + line_of("1", 200, 100, 9)
             + line_of("行政许可", 50, 113, 9) + line_of("2", 200, 113, 9)
             + line_of("三、收到和处理", 50, 128, 12)
             + line_of("甲", 50, 146, 9) + line_of("3", 200, 146, 9))
    items = find_borderless(build_lines(chars), [])
    assert [type(it).__name__ for it in items] == ["Grid", "Line", "Line"]
    assert items[1].text == "三、收到和处理"


def test_a_borderless_table_continues_on_the_next_page_in_its_columns():
    # adversarial p06: on page 2 no row has a number under 乙: its column comes from page 1
    page1 = (line_of("类别", 50, 700) + line_of("甲", 150, 700) + line_of("乙", 200, 700)
             + line_of("总计", 300, 700)
             + line_of("一", 50, 715) + line_of("1", 152, 715) + line_of("2", 202, 715)
             + line_of("3", 302, 715) + line_of("- 1 -", 280, 800))
    page2 = (line_of("二", 50, 60) + line_of("4", 152, 60) + line_of("4", 302, 60)
             + line_of("三", 50, 75) + line_of("5", 152, 75) + line_of("5", 302, 75))
    first = pdf.layout_page(page1, [])
    rest = pdf.layout_page(page2, [], pdf._open_bands(first))
    assert cells(rest[0]) == [["二", "4", "", "4"], ["三", "5", "", "5"]]
    single = pdf.layout_page(page2[:3], [], pdf._open_bands(first))   # one row is enough
    assert cells(single[0]) == [["二", "4", "", "4"]]
    [table] = tables(assemble([first, rest]))
    assert texts(table)[-2:] == [["二", "4", "", "4"], ["三", "5", "", "5"]]
    assert pdf.layout_page(page2, [], None)[0].col_xs != first[0].col_xs   # alone: 3 columns
    # another table under a heading at the top of the page keeps its own columns
    other = (line_of("四、行政复议", 50, 40, 14) + line_of("结果", 152, 60) + line_of("总计", 302, 60)
             + line_of("1", 152, 75) + line_of("1", 302, 75))
    assert pdf.layout_page(other, [], pdf._open_bands(first))[1].bands != first[0].bands
    headed = pdf.layout_page(page1 + line_of("四、行政复议", 50, 760, 14), [])
    assert pdf._open_bands(headed) is None   # a heading under the table: the next is another
    header_only = line_of("结果", 152, 60) + line_of("总计", 302, 60) + line_of("正文", 50, 90)
    assert not any(isinstance(it, Grid) for it in
                   pdf.layout_page(header_only, [], pdf._open_bands(first)))


def test_a_line_alone_with_gaps_stays_a_line():
    lines = build_lines(line_of("联系人", 50, 100) + line_of("电话", 300, 100)
                        + line_of("正文一行", 50, 160))
    items = find_borderless(lines, [])
    assert all(isinstance(it, Line) for it in items)
    assert [it.text for it in items] == ["联系人\t电话", "正文一行"]


def test_a_ruled_table_between_lines_breaks_a_borderless_run():
    lines = build_lines(line_of("甲", 50, 100) + line_of("1", 200, 100)
                        + line_of("乙", 50, 130) + line_of("2", 200, 130))
    assert all(isinstance(it, Line) for it in find_borderless(lines, [120.0]))


# ---- joining a table across pages on hand-made grids -----------------------------------------

def ruled_grid(top: float, xs: list[float], rows: list[list[tuple[str, int]]]) -> Grid:
    """A ruled grid whose rows are (text, colspan) cells, 20 pt high, starting at `top`."""
    out = []
    for r, row in enumerate(rows):
        cells, col = [], 0
        for text, span in row:
            box = (xs[col], top + 20 * r, xs[col + span], top + 20 * (r + 1))
            cells.append(GridCell(text, box, 1, span))
            col += span
        out.append(cells)
    return Grid(out, (xs[0], top, xs[-1], top + 20 * len(rows)), list(xs), ruled=True)


def assemble(pages: list[list]) -> SourceDocument:
    doc = SourceDocument(path="x.pdf", format="pdf", text="", pages=len(pages))
    Assembler(doc, [(595.0, 842.0)] * len(pages)).run(pages)
    return doc


def page_number(n: int) -> Line:
    return build_lines(line_of(f"- {n} -", 280, 800))[0]


def test_continuation_with_fewer_column_lines_joins_with_colspans_in_the_first_columns():
    xs = [50.0, 100.0, 150.0, 200.0, 250.0]
    first = ruled_grid(600, xs, [[("甲", 1), ("乙", 1), ("1", 1), ("2", 1)]])
    rest = ruled_grid(60, [50.0, 150.0, 200.0, 250.0], [[("（七）总计", 1), ("3", 1), ("4", 1)]])
    doc = assemble([[first, page_number(1)], [rest, page_number(2)]])
    [table] = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[(c.text, c.colspan) for c in row] for row in table.rows] == [
        [("甲", 1), ("乙", 1), ("1", 1), ("2", 1)], [("（七）总计", 2), ("3", 1), ("4", 1)]]
    assert [b.text for b in doc.blocks[1:]] == ["- 1 -", "- 2 -"]   # page numbers follow it


def test_tables_with_other_columns_or_text_between_stay_apart():
    a = ruled_grid(600, [50.0, 100.0, 150.0], [[("甲", 1), ("1", 1)]])
    other_columns = ruled_grid(60, [50.0, 120.0, 150.0], [[("乙", 1), ("2", 1)]])
    same_columns = ruled_grid(60, [50.0, 100.0, 150.0], [[("乙", 1), ("2", 1)]])
    body = build_lines(line_of("正文", 50, 700))[0]   # not page furniture: the table ended
    assert len(tables(assemble([[a, page_number(1)], [other_columns]]))) == 2
    assert len(tables(assemble([[a, body], [same_columns]]))) == 2
    assert len(tables(assemble([[a, page_number(1)], [same_columns]]))) == 1


def split_row_pages(rest: list[tuple[str, int]]) -> list[list]:
    """A ruled table whose last row on page 1 is "乙 | 100 | 0 | 100" and page 2 opens with
    `rest`, its repeated header before it; a label cell on page 2 spans `rest` and the row below."""
    xs = [50.0, 100.0, 150.0, 200.0, 250.0]
    header = [("事项", 1), ("甲", 1), ("丙", 1), ("总计", 1)]
    first = ruled_grid(600, xs, [header, [("甲", 1), ("1", 1), ("0", 1), ("1", 1)],
                                 [("乙", 1), ("100", 1), ("0", 1), ("100", 1)]])
    rest_grid = ruled_grid(60, xs, [header, rest, [("", 1), ("2", 1), ("0", 1), ("2", 1)]])
    span = rest_grid.rows[1][0]   # the label cell of `rest` spans the row below too
    rest_grid.rows[1][0] = GridCell(span.text, (50.0, 80.0, 100.0, 120.0), 2, 1)
    rest_grid.rows[2] = rest_grid.rows[2][1:]
    return [[first, page_number(1)], [rest_grid, page_number(2)]]


def test_row_broken_by_the_page_is_mended_into_one_row():
    # adversarial p04: "100" / "9" wrapped in a narrow cell, the row broken by the page
    doc = assemble(split_row_pages([("", 1), ("9", 1), ("", 1), ("9", 1)]))
    [table] = tables(doc)
    assert texts(table) == [["事项", "甲", "丙", "总计"], ["甲", "1", "0", "1"],
                            ["乙", "1009", "0", "1009"], ["", "2", "0", "2"]]
    assert [(c.rowspan, c.ref.page) for c in table.rows[3]][0] == (1, 1)   # its span moved down
    assert grid_width(table) == [4] * 4
    for row in table.rows:   # the mended cells point at their text: page 1 shows what they hold
        for cell in row:
            assert doc.text[cell.ref.start:cell.ref.end] == cell.text
    assert "乙\t1009\t0\t1009\n" in doc.text and "\n\t9\t\t9\n" in doc.text


@pytest.mark.parametrize("rest", [
    [("丙", 1), ("9", 1), ("", 1), ("9", 1)],     # a row of its own: it has a label
    [("", 1), ("备注", 1), ("", 1), ("9", 1)],    # text is no piece of a number
    [("", 1), ("", 1), ("9", 1), ("", 1)]])       # a piece under 0: every digit shown there
def test_a_page_top_row_of_its_own_is_not_mended(rest):
    [table] = tables(assemble(split_row_pages(rest)))
    assert texts(table)[2] == ["乙", "100", "0", "100"]
    assert texts(table)[3] == [t for t, _ in rest]
    assert [c.rowspan for c in table.rows[3]][0] == 2


def test_ten_page_report_parses_whole():
    # the benchmark's 10-page report (make_pdfs.py --bench): narrative pages, then the tables
    import json
    from core.pipeline import open_report
    path = FIXTURES / "report_10p.pdf"
    want = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    doc, report = open_report(str(path), with_checks=False)
    assert doc.pages == 10
    assert report.layout == want["meta"]["layout"]
    assert (report.agency, report.year) == (want["meta"]["agency"], want["meta"]["year"])
    wrong = {k: (v, report.cells.get(k)) for k, v in want["cells"].items() if report.cells.get(k) != v}
    assert not wrong


RULED_PDFS = [FIXTURES / n for n in ("ruled_merged.pdf", "page_break.pdf", "report_10p.pdf")] + \
    sorted((FIXTURES.parent / "corpus" / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("path", RULED_PDFS, ids=lambda p: p.name)
def test_ruled_tables_are_pdfplumbers_on_the_same_lines(path):
    # pdf_ruled ports pdfplumber's "lines" finder so that reading a PDF loads neither
    # pdfplumber nor pdfminer: on pdfium's lines it must give pdfplumber's tables exactly
    from types import SimpleNamespace

    from pdfplumber.table import TableFinder

    from core.readers import pdf_ruled, pdfium_page
    doc = pdfium_page.open_document(path.read_bytes())
    for index in range(len(doc)):
        content = pdfium_page.read_page(doc, index)
        page = SimpleNamespace(edges=content.edges, bbox=(0, 0, content.width, content.height))
        theirs = TableFinder(page, pdf_ruled.PDFPLUMBER_SETTINGS)
        assert pdf_ruled.cells(theirs.intersections) == theirs.cells
        assert pdf_ruled.find_tables(content.edges) == [(t.cells, t.bbox) for t in theirs.tables]
    doc.close()


def test_reading_a_ruled_pdf_loads_no_pdfplumber():
    # importing pdfplumber (and pdfminer under it) cost each CLI call and batch worker ~0.1 s
    import subprocess
    import sys
    code = ("import sys; from core.pipeline import open_report; "
            f"open_report({str(FIXTURES / 'ruled_merged.pdf')!r}); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pdfplumber', 'pdfminer'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=FIXTURES.parents[2], timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_page_text_in_one_call_matches_char_by_char():
    # _chars reads the page's text at once and asks the font size only when a box height
    # changes: the same chars and sizes as one GetUnicode and one GetFontSize per char
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from core.readers import pdfium_page
    data = (FIXTURES / "report_10p.pdf").read_bytes()
    doc, reference = pdfium_page.open_document(data), pdfium.PdfDocument(data)
    for index in (0, 9):
        content = pdfium_page.read_page(doc, index)
        page = reference[index]
        textpage = page.get_textpage()
        want = []
        for i in range(raw.FPDFText_CountChars(textpage.raw)):
            code = raw.FPDFText_GetUnicode(textpage.raw, i)
            if code >= 32 and not raw.FPDFText_IsGenerated(textpage.raw, i):
                want.append((chr(code), float(raw.FPDFText_GetFontSize(textpage.raw, i))))
        textpage.close()
        page.close()
        assert [(text, size) for *_, text, size in content.chars] == want
    doc.close()
    reference.close()


def test_rotated_page_reads_in_display_space(tmp_path):
    # /Rotate 90 on a table page: chars and boxes must come out as pdfplumber (and a viewer)
    # shows them, or the tables fall apart and the app's highlight misses its text
    import pypdfium2 as pdfium
    import pdfplumber
    source = FIXTURES / "ruled_merged.pdf"
    pdf = pdfium.PdfDocument(str(source))
    pdf[0].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    pdf.save(str(rotated))
    pdf.close()
    from core.readers import pdfium_page
    doc = pdfium_page.open_document(rotated.read_bytes())
    ours = pdfium_page.read_page(doc, 0)
    doc.close()
    with pdfplumber.open(str(rotated)) as plumber:
        page = plumber.pages[0]
        theirs = [c for c in page.chars if not c["text"].isspace()]
        assert (ours.width, ours.height) == pytest.approx((page.width, page.height), abs=0.5)
    mine = [dict(zip(("x0", "top", "x1", "bottom", "text"), c)) for c in ours.chars
            if not c[4].isspace()]
    assert len(mine) == len(theirs)
    centre = lambda c: ((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2)  # noqa: E731
    for b in theirs:   # every pdfplumber char has ours, same text, within 3 points
        bx, by = centre(b)
        near = min(mine, key=lambda a: abs(centre(a)[0] - bx) + abs(centre(a)[1] - by))
        assert near["text"] == b["text"]
        assert abs(centre(near)[0] - bx) < 3.0 and abs(centre(near)[1] - by) < 3.0


def test_no_garbage_collection_pauses_while_reading():
    # a full collection over a big PDF's char dicts held the app's window 35–80 ms
    import gc
    seen = []
    read_document(str(FIXTURES / "page_break.pdf"), progress=lambda d, t: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.parametrize("name", ["ruled_merged.pdf", "page_break.pdf", "report_10p.pdf"])
def test_ruled_tables_are_what_pdfplumber_finds_on_its_own(name):
    # pdfium gives the characters and lines; the tables must be cell for cell those pdfplumber
    # finds when it parses the page itself (pdfminer), within a point
    import pdfplumber
    from core.readers import pdf_ruled, pdfium_page
    doc = pdfium_page.open_document((FIXTURES / name).read_bytes())
    with pdfplumber.open(str(FIXTURES / name)) as plumber:
        for index, page in enumerate(plumber.pages):
            theirs = sorted(sorted(t.cells) for t in page.find_tables(pdf_ruled.PDFPLUMBER_SETTINGS))
            ours = sorted(sorted(cells) for cells, _bbox in
                          pdf_ruled.find_tables(pdfium_page.read_page(doc, index).edges))
            assert len(ours) == len(theirs)
            for a, b in zip(ours, theirs):
                assert len(a) == len(b)
                assert all(max(abs(u - v) for u, v in zip(c, d)) < 1.0 for c, d in zip(a, b))
    doc.close()


def test_numbers_split_off_a_line_keep_their_own_boxes():
    # a PDF line "行政许可  3  0  7" (no ruling lines): each number lights its own box in the app
    from core.extract.stream import rows_of
    from core.model import Paragraph, SourceRef
    text = "行政许可\t3\t0\t7"
    boxes = ((0, 4, (10, 5, 50, 15)), (5, 6, (100, 5, 105, 15)), (7, 8, (150, 5, 155, 15)),
             (9, 10, (200, 5, 205, 15)))
    doc = SourceDocument(path="x.pdf", format="pdf", text=text + "\n",
                         blocks=[Paragraph(text, SourceRef(0, len(text), 0, (10, 5, 205, 15)), boxes)])
    cells = rows_of(doc)[0].cells
    assert [c.ref.bbox for c in cells] == [b for _s, _e, b in boxes]


@pytest.mark.parametrize("ccw", [False, True], ids=["clockwise", "counter-clockwise"])
def test_sideways_text_is_read_upright(tmp_path, ccw):
    import json
    from pdf_tools import sideways
    from core.pipeline import open_report
    corpus = FIXTURES.parent / "corpus" / "pdf"
    path = tmp_path / "sideways.pdf"
    sideways(corpus / "高坪镇-2024.pdf", path, ccw)
    want = json.loads((corpus / "高坪镇-2024.expected.json").read_text(encoding="utf-8"))
    doc, report = open_report(str(path), with_checks=False)
    assert report.cells == want["cells"]
    assert doc.page_turns == [90 if ccw else 270] * doc.pages
    assert doc.page_sizes[0][0] < doc.page_sizes[0][1]     # shown upright: portrait again
