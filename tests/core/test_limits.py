"""Resource caps (core/limits.py): hostile files are refused plainly, in bounded time and memory."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from core import limits
from core.readers import docx_embedded, read_document
from core.readers import html as html_reader
from hostile_inputs import html_span_bomb, pdf_form_fanout, zip_bomb_docx

ADVERSARIAL = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "adversarial" / "cases"


def _write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _refused(path: str, what: str, seconds: float = 5.0) -> limits.TooLarge:
    start = time.perf_counter()
    with pytest.raises(limits.TooLarge) as info:
        read_document(path)
    assert time.perf_counter() - start < seconds
    assert info.value.message.startswith("文件过大或结构异常：")
    assert what in info.value.message
    return info.value


def test_html_rowspan_zero_colspan_1000_grid_is_refused_fast(tmp_path):
    # 19 KB of markup that once took 74 s and 3.5 GB
    _refused(_write(tmp_path, "bomb.html", html_span_bomb(100, 100)), "网页表格")


def test_html_rowspan_zero_reaches_the_last_row_as_the_standard_says():
    doc = html_reader.read("t.html", b"<table><tr><td rowspan=0>A</td><td>b</td></tr>"
                                     b"<tr><td>c</td></tr><tr><td>d</td></tr></table>")
    table = doc.blocks[0]
    assert [[c.text for c in row] for row in table.rows] == [["A", "b"], ["c"], ["d"]]
    assert table.rows[0][0].rowspan == 3
    assert [c.ref.col for c in (table.rows[1][0], table.rows[2][0])] == [1, 1]


def test_html_colspan_is_clamped_to_the_real_table():
    doc = html_reader.read("t.html", b"<table><tr><td colspan=99999>T</td></tr>"
                                     b"<tr><td>a</td><td>b</td><td>c</td></tr></table>")
    assert doc.blocks[0].rows[0][0].colspan == 3


def test_html_spans_of_thousands_of_digits_are_clamped():
    doc = html_reader.read("t.html", b"<table><tr><td colspan=" + b"9" * 5000 + b">T</td>"
                                     b"<td>x</td></tr><tr><td>a</td><td>b</td></tr></table>")
    assert doc.blocks[0].rows[0][0].colspan <= limits.MAX_TABLE_COLUMNS


def test_pdf_forms_that_fan_out_are_refused_before_pdfium_expands_them(tmp_path):
    # 3 KB: a form drawn 10 times by a form drawn 10 times … 8 levels deep (10^8 objects)
    _refused(_write(tmp_path, "fan.pdf", pdf_form_fanout(8)), "图形对象数")


def test_pdf_page_walk_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_OBJECTS", 50)
    _refused(_write(tmp_path, "fan.pdf", pdf_form_fanout(2)), "图形对象数")


def test_pdf_pages_are_capped(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 3)
    _refused(str(ADVERSARIAL.parent.parent / "pdf" / "report_10p.pdf"), "PDF 页数")


def test_zip_part_that_inflates_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 2 * 1024 * 1024)
    err = _refused(_write(tmp_path, "bomb.docx", zip_bomb_docx(3 * 1024 * 1024)), "解压后")
    assert "MB" in err.message


def test_zip_parts_that_inflate_past_the_cap_in_sum_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_BYTES", 3 * 1024 * 1024)
    _refused(_write(tmp_path, "bomb.docx", zip_bomb_docx(1024 * 1024, parts=4)), "总大小")


def test_check_zip_leaves_a_damaged_zip_to_the_reader():
    limits.check_zip(b"PK\x03\x04 not really a zip")


def test_embedded_sheet_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 10)
    _refused(str(ADVERSARIAL / "d24_embedded_excel.docx"), "嵌入的 Excel 表格")


def test_embedded_workbook_that_inflates_past_its_cap_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (limits.MAX_SHEET_BYTES + 1))
    with pytest.raises(limits.TooLarge):
        docx_embedded._sheet_grid(out.getvalue())


@pytest.mark.parametrize("text, what", [
    ("政府信息公开\n" + "a\n" * (limits.MAX_TEXT_LINES + 1), "文字行数"),
    ("政府信息公开 " + "1 " * (limits.MAX_LINE_CHARS // 2 + 1), "最长一行"),
    (("政府信息公开" * 10 + "\n") * (limits.MAX_TEXT_CHARS // 61 + 1), "文字字符数"),
])
def test_text_lines_line_length_and_size_are_capped(tmp_path, text, what):
    _refused(_write(tmp_path, "t.txt", text.encode("utf-8")), what)


def test_text_file_bytes_are_capped_before_decoding(tmp_path):
    _refused(_write(tmp_path, "t.txt", b"1 " * (limits.MAX_TEXT_BYTES // 2 + 1)), "文本文件大小")


def test_a_real_report_is_far_below_every_cap():
    doc = read_document(str(ADVERSARIAL / "h12_big_page.html"))
    assert len(doc.text) < limits.MAX_TEXT_CHARS // 10


def test_pdf_forms_spelt_with_escapes_are_counted_too(tmp_path):
    data = pdf_form_fanout(8).replace(b"/Subtype /Form", b"/Subtype /Fo#72m")
    assert b"/Form" not in data
    _refused(_write(tmp_path, "fan.pdf", data), "图形对象数")


def test_pdf_without_forms_skips_the_form_count():
    from core.readers import pdf_forms
    plain = (ADVERSARIAL.parent.parent / "pdf" / "report_10p.pdf").read_bytes()
    assert not pdf_forms._MAY_HAVE_FORMS.search(plain)
