"""Scans: OCR of pictures and image-only PDF pages (a handful of pages: OCR is slow), manual
entry when nothing can be read, and the 请核对 marks of low-confidence numbers."""
import json

import numpy as np
import pytest
from PIL import Image

import core.checks.messages
import core.model
import core.schema
import core.ocr
from core.cli import main
from core.errors import ScannedDocument
from core.model import Report, SourceDocument, SourceRef
from core.ocr import doubt, prep, ruling
from core.pipeline import open_or_blank, open_report
from core.readers import read_document
from core_fixtures import CORPUS, ROOT, load_expected

SCANS = ROOT / "tests" / "fixtures" / "scans"
STAMPED = SCANS / "表三-印章-倾斜.jpg"      # table 三, 150 dpi, skewed 1.2°, red seal over numbers
SIDEWAYS = SCANS / "表二-横放.png"          # table 二, grey, lying on its side
MIXED = SCANS / "混合-第2页扫描.pdf"         # pages 1 and 3 text, page 2 a grey scan
SCANNED_PDF = ROOT / "tests" / "fixtures" / "pdf" / "scanned.pdf"
EXPECTED = load_expected(CORPUS / "pdf" / "临江区人民政府-2020.expected.json")["cells"]


@pytest.fixture(scope="module")
def stamped():
    return open_report(str(STAMPED))


@pytest.fixture(scope="module")
def mixed():
    return open_report(str(MIXED))


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setattr(core.ocr, "available", lambda: False)


def _flagged(report: Report) -> set[str]:
    return {k for f in report.notices + report.findings for k in f.cells}


def test_a_page_lying_on_its_side_is_read_turned_upright():
    doc = read_document(str(SIDEWAYS))
    assert doc.page_turns == [270]
    width, height = doc.page_sizes[0]
    assert width > height      # the upright table is wider than high


def test_a_stamped_skewed_picture_of_table_three_reads_right(stamped):
    doc, report = stamped
    assert doc.format == "image" and doc.ocr_pages == [0] and report.ocr
    requests = {k: v for k, v in EXPECTED.items() if k.startswith("requests.")}
    wrong = {k: (v, report.cells[k]) for k, v in requests.items() if report.cells[k] != v}
    # every number right, or else marked for checking: never silently wrong
    assert not {k for k in wrong if k not in _flagged(report)}, wrong
    assert len(wrong) <= 2, wrong
    assert report.cells["requests.new.natural"] == 1630 and report.cells["requests.total.total"] == 1692


def test_ocr_numbers_keep_page_and_box_on_the_scan(stamped):
    doc, report = stamped
    ref = report.provenance["requests.new.natural"]
    width, height = doc.page_sizes[0]
    assert ref.page == 0 and ref.bbox
    x0, top, x1, bottom = ref.bbox
    assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
    # the box holds the number's word as the engine read it on the page as scanned
    words = [w for w in doc.ocr_words if w[2] == "1,630"]
    assert words and doubt._within(words[0][1], ref.bbox)


def test_cli_extract_on_a_scan_is_the_same_json_with_ocr_true(capsys):
    assert main(["extract", "--no-checks", str(SIDEWAYS)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["ocr"] is True and data["meta"]["format"] == "image"
    assert set(data) == {"meta", "cells", "provenance", "findings"}
    # the page lay on its side: read turned upright, and shown so
    for key in ("active.penalty.prev_items", "active.penalty.change", "active.penalty.decisions",
                "active.coercion.decisions", "active.fees.prev_items", "active.fees.change"):
        assert data["cells"][key] == EXPECTED[key], key
    assert data["provenance"]["active.penalty.decisions"]["page"] == 1


def test_a_mixed_pdf_reads_text_pages_as_text_and_the_scanned_page_by_ocr(mixed):
    doc, report = mixed
    assert doc.format == "pdf" and doc.ocr_pages == [1] and report.ocr
    assert report.layout == "2019" and report.year == 2020 and report.missing_tables == []
    wrong = {k: (v, report.cells[k]) for k, v in EXPECTED.items() if report.cells[k] != v}
    assert not {k for k in wrong if k not in _flagged(report)}, wrong
    assert len(wrong) <= 3, wrong
    # a number from a text page keeps its text provenance, one from the scan its OCR box
    assert report.provenance["requests.new.natural"].page == 1


def test_without_the_engine_a_scanned_pdf_is_refused_on_the_command_line(no_ocr, capsys):
    assert main(["extract", str(SCANNED_PDF)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：") and "扫描件" in err and "\n" not in err


def test_without_the_engine_the_app_gets_empty_tables_for_manual_entry(no_ocr):
    doc, report = open_or_blank(str(SCANNED_PDF))
    assert report.manual and report.meta_json()["manual"] is True
    assert doc.format == "pdf" and doc.pages >= 1 and len(doc.page_sizes) == doc.pages
    assert all(v is None for v in report.cells.values()) and report.missing_tables == []
    notice = next(n for n in report.notices if n.code == "manual.entry")
    assert notice.params["layout"] == report.layout
    assert "手工录入" in core.checks.messages.render(notice)


def test_a_picture_opens_for_manual_entry_with_the_layout_of_the_year_in_its_name(no_ocr, tmp_path):
    path = tmp_path / "某镇-2020年报-第3页.png"
    Image.new("RGB", (1240, 1754), "white").save(path, dpi=(150, 150))
    with pytest.raises(ScannedDocument, match="未安装文字识别"):
        open_report(str(path))
    doc, report = open_or_blank(str(path))
    assert doc.format == "image" and doc.pages == 1
    assert doc.page_sizes[0] == pytest.approx((1240 * 72 / 150, 1754 * 72 / 150), rel=1e-3)
    assert report.layout == "2019" and report.year == 2020


def test_a_too_coarse_scan_says_so(tmp_path, capsys):
    path = tmp_path / "粗.png"
    Image.new("L", (500, 700), 255).save(path, dpi=(72, 72))
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err
    assert "分辨率太低" in err and "约 72 dpi" in err
    _doc, report = open_or_blank(str(path))
    assert report.manual and "分辨率太低" in report.notices[0].params["reason"]


def test_a_blank_page_has_no_tables(tmp_path):
    path = tmp_path / "空白.png"
    Image.new("L", (1240, 1754), 255).save(path, dpi=(150, 150))
    with pytest.raises(ScannedDocument):
        open_report(str(path))


# ---- the steps, on synthetic pages (no OCR: fast)
def _ruled_page(angle: float = 0.0) -> np.ndarray:
    page = Image.new("L", (1200, 1600), 255)
    from PIL import ImageDraw
    draw = ImageDraw.Draw(page)
    for y in range(200, 1400, 60):
        draw.line([(100, y), (1100, y)], fill=0, width=3)
    for x in (100, 500, 800, 1100):
        draw.line([(x, 200), (x, 1340)], fill=0, width=3)
    return np.asarray(page.rotate(angle, fillcolor=255, resample=Image.BICUBIC))


@pytest.mark.parametrize("angle", [-1.7, -0.4, 0.0, 0.8, 2.0])
def test_skew_is_measured(angle):
    # the turn that straightens the page: the scan's own turn, undone
    assert prep.skew_angle(_ruled_page(angle)) == pytest.approx(-angle, abs=0.15)


def test_ruling_lines_become_pdfplumber_edges():
    edges = ruling.ruling_edges(prep.ink(_ruled_page()), 200)
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    assert len(horizontal) == 20 and len(vertical) == 4
    # the line drawn 3 px wide from x 100 to 1100; gaps closed by a few pixels either side
    assert horizontal[0]["x0"] == pytest.approx(100 * 72 / 200, abs=2)
    assert horizontal[0]["x1"] == pytest.approx(1100 * 72 / 200, abs=3)


def test_red_seal_ink_drops_out_and_black_print_stays():
    rgb = np.full((10, 30, 3), 255, np.uint8)
    rgb[:, 10:20] = (210, 30, 35)      # seal ink
    rgb[:, 20:] = (20, 20, 20)         # print, also where the seal lies over it
    grey = prep.drop_seal(rgb)
    assert grey[0, 15] > 180 and grey[0, 25] < 60 and grey[0, 5] == 255


def test_low_confidence_numbers_become_findings_on_their_cells():
    doc = SourceDocument(path="x.png", format="image", text="", ocr_pages=[0],
                         ocr_words=[(0, (100, 100, 120, 110), "78", 0.99),
                                    (0, (200, 100, 220, 110), "3", 0.62)])
    report = Report(layout="2021", agency="", year=2022, source="x.png", format="image",
                    cells={"requests.new.natural": 78, "requests.new.business": 3,
                           "requests.new.total": None},
                    provenance={"requests.new.natural": SourceRef(0, 0, 0, (98, 98, 125, 112)),
                                "requests.new.business": SourceRef(0, 0, 0, (195, 98, 225, 112))})
    found = doubt.doubt_notices(report, doc)
    assert [f.cells for f in found] == [("requests.new.business",)]
    assert found[0].severity == "warning" and found[0].params == {"text": "3", "score": 62}
    message = core.checks.messages.render(found[0])
    assert message.startswith("请核对") and "62%" in message


def test_the_excel_marks_a_doubtful_ocr_number_to_check(tmp_path):
    from openpyxl import load_workbook

    from core.xlsx.report import write_report
    report = Report(layout="2021", agency="某镇", year=2022, source="x.png", format="image",
                    cells={k: None for k in core.schema.cell_keys("2021")})
    report.cells["requests.new.business"] = 3
    report.notices = [core.model.Finding("ocr.doubt", "warning", cells=("requests.new.business",),
                                         params={"text": "3", "score": 55})]
    out = tmp_path / "x.xlsx"
    write_report(report, str(out))
    sheet = load_workbook(out)["表三"]
    notes = [c for row in sheet.iter_rows() for c in row if c.comment and "请核对" in c.comment.text]
    assert len(notes) == 1 and notes[0].value == 3 and "55%" in notes[0].comment.text


def test_a_seal_over_a_row_marks_every_cell_of_it_to_check():
    doc = SourceDocument(path="x.png", format="image", text="", ocr_pages=[0],
                         ocr_seals=[(0, (150, 60, 260, 160))])
    cells = {k: 1 for k in core.schema.cell_keys("2021") if k.startswith("requests.new.")}
    cells.update({k: 2 for k in core.schema.cell_keys("2021") if k.startswith("requests.carried.")})
    refs = {k: SourceRef(0, 0, 0, (100 + 30 * i, 100, 120 + 30 * i, 110))
            for i, k in enumerate(k for k in cells if k.startswith("requests.new."))}
    refs.update({k: SourceRef(0, 0, 0, (100 + 30 * i, 400, 120 + 30 * i, 410))
                 for i, k in enumerate(k for k in cells if k.startswith("requests.carried."))})
    report = Report(layout="2021", agency="", year=2022, source="x.png", format="image",
                    cells=cells, provenance=refs)
    found = doubt.doubt_notices(report, doc)
    assert [f.code for f in found] == ["ocr.seal"]
    assert set(found[0].cells) == {k for k in cells if k.startswith("requests.new.")}
    assert core.checks.messages.render(found[0]).startswith("请核对：表三")


def test_red_seal_boxes_are_found_and_specks_are_not():
    rgb = np.full((600, 600, 3), 255, np.uint8)
    rgb[100:260, 100:260] = (215, 40, 40)      # a seal, 0.8 inch at 200 dpi
    rgb[400:404, 400:404] = (215, 40, 40)      # a red speck
    boxes = prep.seal_boxes(prep.seal_mask(rgb), 200)
    assert len(boxes) == 1 and boxes[0][0] <= 100 and boxes[0][2] >= 259
    assert prep.seal_mask(rgb[..., 0]) is None


# ---- pictures inside a Word document
PICTURED = SCANS / "表三-图片.docx"        # a DOCX whose table 三 is a scanned picture


def test_a_table_pictured_in_a_docx_is_read_by_ocr_into_the_report():
    doc, report = open_report(str(PICTURED))
    assert doc.format == "docx" and report.ocr and doc.ocr_cells
    assert report.year == 2020 and report.layout == "2019"
    requests = {k: v for k, v in EXPECTED.items() if k.startswith("requests.")}
    wrong = {k: (v, report.cells[k]) for k, v in requests.items() if report.cells[k] != v}
    assert not {k for k in wrong if k not in _flagged(report)}, wrong
    assert len(wrong) <= 2, wrong
    # the picture was read, so "the tables may be pictures" is no longer said
    assert "extract.tables_as_images" not in {n.code for n in report.notices}
    ref = report.provenance["requests.new.natural"]
    assert ref.table is not None and (ref.table, ref.row, ref.col) in doc.ocr_cells
    assert doc.text[ref.start:ref.end] == "1,630"      # as printed in the picture


def test_without_the_engine_a_pictured_table_is_said_to_be_a_picture(no_ocr):
    doc, report = open_report(str(PICTURED))
    assert not doc.ocr_cells and not report.ocr
    assert "extract.tables_as_images" in {n.code for n in report.notices}


def test_a_picture_without_a_ruled_table_is_not_read():
    from core.ocr.page import read_image
    photo = np.full((400, 600, 3), 235, np.uint8)
    photo[100:300, 150:450] = (90, 140, 60)      # a picture of something, no lines, no table
    assert read_image(photo, 150, tables_only=True) is None


def test_a_doubtful_number_of_a_pictured_table_is_marked():
    doc = SourceDocument(path="x.docx", format="docx", text="",
                         ocr_cells={(0, 3, 3): ("7", 0.55), (0, 3, 4): ("12", 0.99)})
    report = Report(layout="2021", agency="", year=2022, source="x.docx", format="docx",
                    cells={"requests.new.natural": 7, "requests.new.business": 12},
                    provenance={"requests.new.natural": SourceRef(0, 1, table=0, row=3, col=3),
                                "requests.new.business": SourceRef(2, 4, table=0, row=3, col=4)})
    found = doubt.doubt_notices(report, doc)
    assert [f.cells for f in found] == [("requests.new.natural",)]
    assert found[0].params == {"text": "7", "score": 55}


# ---- a table pasted as a picture into a text PDF page
TEXT_AND_PICTURE = SCANS / "文字-表三图片.pdf"   # pages 1, 3 as text; table 三 a picture on page 2


def test_a_table_pictured_on_a_text_pdf_page_is_read_with_the_page_text():
    doc, report = open_report(str(TEXT_AND_PICTURE))
    assert doc.format == "pdf" and doc.ocr_pages == [1] and report.ocr
    assert report.missing_tables == [] and report.year == 2020
    wrong = {k: (v, report.cells[k]) for k, v in EXPECTED.items()
             if k.startswith(("requests.", "appeals.")) and report.cells[k] != v}
    assert not {k for k in wrong if k not in _flagged(report)}, wrong
    assert len(wrong) <= 2, wrong
    # table 四 is the page's text, table 三 the picture under it: both on page 2, boxes apart
    text_ref, picture_ref = report.provenance["appeals.review.total"], report.provenance["requests.new.natural"]
    assert text_ref.page == picture_ref.page == 1
    assert picture_ref.bbox[1] > 410 > text_ref.bbox[3]


def test_the_resolution_of_a_scanned_pdf_page_is_that_of_its_picture():
    from core.ocr.pdf_pages import scan_dpi
    import pypdfium2   # OCR renders with pypdfium2's document, as the PDF reader opens it
    pdf = pypdfium2.PdfDocument(MIXED.read_bytes())
    assert scan_dpi(pdf[0]) is None                     # a text page
    assert scan_dpi(pdf[1]) == pytest.approx(150, abs=2)   # the grey scan, 150 dpi


# ---- what is read, found by image means (no model: fast)
def _cut_row_page() -> np.ndarray:
    """The top of a page where a table row cut by the page break goes on: its column lines are
    stubs as tall as the row (shorter than any ruling line is taken to be), and the table under
    it has other columns; three numbers in the cut row."""
    from PIL import ImageDraw, ImageFont
    page = Image.new("L", (1200, 600), 255)
    draw = ImageDraw.Draw(page)
    for y in (105, 140, 200, 260):
        draw.line([(100, y), (1100, y)], fill=0, width=3)
    for x in (100, 1100):
        draw.line([(x, 105), (x, 260)], fill=0, width=3)     # the table's sides, page-long
    for x in (420, 760):
        draw.line([(x, 105), (x, 140)], fill=0, width=3)     # the cut row's own column lines
    draw.line([(600, 140), (600, 260)], fill=0, width=3)      # the next table's column line
    font = ImageFont.load_default(size=24)
    for x, text in ((250, "15"), (590, "6"), (930, "0")):
        draw.text((x, 110), text, fill=0, font=font)
    return np.asarray(page)


def test_a_row_cut_by_the_page_break_reads_cell_by_cell():
    from core.ocr import crops
    grey = _cut_row_page()
    found = crops.page_crops(grey, prep.ink(grey), 200)
    cut = sorted(b for b in found.boxes if b[3] <= 140)
    assert len(cut) == 3 and all(b[2] - b[0] < 60 for b in cut), cut   # a box a number
    assert [b[0] // 100 for b in cut] == [2, 5, 9]
    stubs = sorted(round(e["x0"] * 200 / 72) for e in found.edges
                   if e["orientation"] == "v" and e["bottom"] * 200 / 72 < 150)
    assert stubs == [pytest.approx(420, abs=4), pytest.approx(760, abs=4)]   # given to the layout


def test_dashes_in_empty_cells_are_kept_and_dust_is_not():
    from core.ocr import lines
    ink = np.zeros((200, 600), np.uint8)
    ink[50:54, 100:130] = 1        # a dash "—", 4 px high, 30 px long
    ink[50:54, 300:330] = 1
    ink[150:152, 400:402] = 1      # a speck of dust
    found = lines.text_lines(ink, (0, 0, 600, 200), 200, split=True)
    assert len(found) == 2 and all(lines.is_dash(b, 200) for b in found)


def test_a_lone_slash_is_told_from_a_one_by_its_lean():
    from core.ocr.page import _slash_or_one
    one = np.full((30, 16), 255, np.uint8)
    one[4:26, 7:9] = 0
    slash = np.full((30, 16), 255, np.uint8)
    for y in range(4, 26):
        slash[y, 12 - (y - 4) * 8 // 22:14 - (y - 4) * 8 // 22] = 0
    assert _slash_or_one("1", one) == "1"
    assert _slash_or_one("1", slash) == "/"
    assert _slash_or_one("12", slash) == "12"


def test_a_heading_between_two_tables_is_read_and_the_body_is_not():
    # runs in pixels (x0, top, x1, bottom); the text column is the tables' width, 100..1500
    from core.ocr import crops
    tables = [(100, 100, 1500, 600), (100, 700, 1500, 1200)]
    heading = (100, 630, 1000, 670)                 # 四、政府信息公开行政复议、行政诉讼情况
    assert crops._without_body([heading], tables) == [heading]   # was taken for body, unread
    body = [(180, 1300 + 50 * k, 1500, 1340 + 50 * k) for k in range(1)] + \
        [(100, 1350 + 50 * k, 1500, 1390 + 50 * k) for k in range(3)]
    last = (100, 1550, 700, 1590)                   # a paragraph's short last line
    assert crops._without_body([heading] + body + [last], tables) == [heading, last]
