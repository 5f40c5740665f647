"""The few small scans committed in tests/fixtures/scans (run once; see scripts/make_scans.py).

  表三-印章-倾斜.jpg   table 三 of 临江区人民政府-2020 scanned at 150 dpi, colour, skewed 1.2°,
                       a red seal over its header and first rows, JPEG quality 60
  表二-横放.png        table 二 of the same report at 200 dpi, grey, lying sideways (turned 90°)
  混合-第2页扫描.pdf   the same report with page 2 a grey scan (150 dpi, -0.6°) and pages 1, 3 text
  文字-表三图片.pdf    a text PDF (pages 1 and 3 of the report) whose last page holds table 三
                       as a picture (the same scan) under its text
  表三-图片.docx       a Word report whose table 三 is a picture: the scan of it (150 dpi, grey,
                       JPEG quality 45) pasted between the title and the next heading
"""
from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

import pypdfium2
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_scans import SOURCES, Spec, scan_page  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scans"
SOURCE = SOURCES / "临江区人民政府-2020.pdf"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = pypdfium2.PdfDocument(str(SOURCE))
    stamped = scan_page(pdf, 1, Spec(dpi=150, skew=1.2, quality=60, seal="numbers"), "临江区人民政府", 7)
    w, h = stamped.size
    stamped.crop((0, int(h * 0.24), w, int(h * 0.86))).save(OUT / "表三-印章-倾斜.jpg", quality=60,
                                                           dpi=(150, 150))
    plain = scan_page(pdf, 1, Spec(dpi=200, grey=True, seal="none", noise=0), "", 3)
    w, h = plain.size
    plain.crop((0, 0, w, int(h * 0.2))).rotate(-90, expand=True).save(OUT / "表二-横放.png",
                                                                       dpi=(200, 200), optimize=True)
    page = scan_page(pdf, 1, Spec(dpi=150, grey=True, skew=-0.6, seal="none", noise=2), "", 5)
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150, quality=55)
    scanned = pypdfium2.PdfDocument(buffer.getvalue())
    merged = pypdfium2.PdfDocument.new()
    merged.import_pages(pdf, [0])
    merged.import_pages(scanned, [0])
    merged.import_pages(pdf, [2])
    merged.save(str(OUT / "混合-第2页扫描.pdf"))
    picture = scan_page(pdf, 1, Spec(dpi=150, grey=True, skew=0.4, seal="none", noise=0), "", 9)
    w, h = picture.size
    table = picture.crop((0, int(h * 0.24), w, int(h * 0.86)))
    _docx_with_picture(table, 150, OUT / "表三-图片.docx")
    _text_pdf_with_picture(pdf, table, OUT / "文字-表三图片.pdf")
    for path in sorted(OUT.iterdir()):
        print(path.name, path.stat().st_size // 1024, "KB")
    return 0


def _text_pdf_with_picture(pdf, picture: Image.Image, out: Path) -> None:
    """Pages 1 and 3 of the report as text; on page 3, below its text, the picture of table 三
    (page 2, where table 三 was text, is left out)."""
    merged = pypdfium2.PdfDocument.new()
    merged.import_pages(pdf, [0, 2])
    page = merged[1]
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=45)
    buffer.seek(0)
    image = pypdfium2.PdfImage.new(merged)
    image.load_jpeg(buffer, inline=True)
    width = 430.0                                  # points: the picture at about 207 dpi
    height = width * picture.height / picture.width
    image.set_matrix(pypdfium2.PdfMatrix().scale(width, height).translate(80, 842 - 410 - height))
    page.insert_obj(image)
    page.gen_content()
    merged.save(str(out))


def _docx_with_picture(picture: Image.Image, dpi: int, out: Path) -> None:
    import docx
    from docx.shared import Inches
    document = docx.Document()
    document.add_paragraph("临江区人民政府2020年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=45, dpi=(dpi, dpi))
    buffer.seek(0)
    document.add_picture(buffer, width=Inches(picture.width / dpi))
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    fixed = datetime.datetime(2021, 1, 15)   # the same bytes each run
    document.core_properties.created = document.core_properties.modified = fixed
    document.save(str(out))


if __name__ == "__main__":
    sys.exit(main())
