"""Files that are readable but are no report, or are formats we do not read: plain refusals."""
import zipfile

import pytest

from core.errors import NotAReport, UnreadableFile
from core.pipeline import open_report


def test_a_text_that_is_no_report_is_refused(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("今天下午三点在会议室开会，请准时参加。\n" * 10, encoding="utf-8")
    with pytest.raises(NotAReport, match="不像政府信息公开工作年度报告"):
        open_report(str(path))


def test_a_report_without_tables_still_opens(tmp_path):
    # the tables may be pictures: the report is still a report, its tables are missing
    path = tmp_path / "报告.txt"
    path.write_text("某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本年度……\n",
                    encoding="utf-8")
    _doc, report = open_report(str(path))
    assert sorted(report.missing_tables) == ["active", "appeals", "requests"]


def test_ofd_is_named_as_such(tmp_path):
    # OFD is read now (tests/core/test_office_formats.py); a package naming no document is
    # refused as a damaged OFD, by that name
    path = tmp_path / "报告.ofd"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    with pytest.raises(UnreadableFile, match="OFD"):
        open_report(str(path))


def test_missing_tables_beside_pictures_say_they_may_be_pictures(tmp_path):
    # a report whose tables were pasted as screenshots: the text reads, the tables do not
    import io

    import docx
    from PIL import Image
    document = docx.Document()
    document.add_paragraph("某镇人民政府2022年政府信息公开工作年度报告")
    document.add_paragraph("二、主动公开政府信息情况")
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(picture, "PNG")
    picture.seek(0)
    document.add_picture(picture)
    path = tmp_path / "报告.docx"
    document.save(str(path))
    _doc, report = open_report(str(path))
    assert report.missing_tables == ["active", "requests", "appeals"]
    notice = next(n for n in report.notices if n.code == "extract.tables_as_images")
    assert "图片" in notice.message or notice.params["images"] == 1
