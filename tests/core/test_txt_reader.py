"""TXT: encodings detected, not assumed; the three flattenings become tables with exact refs."""
import pytest

from core.errors import UnreadableFile
from core.model import Table
from core.pipeline import extract
from core.readers import read_document

REPORT = "董家镇2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" \
         "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.encode(encoding))
    doc = read_document(str(path))
    assert doc.text.startswith("董家镇2020年")
    report = extract(doc)
    assert report.cells["requests.new.natural"] == 1
    assert report.agency == "董家镇人民政府" and report.year == 2020


def test_refs_point_at_the_printed_text(tmp_path):
    from core_fixtures import SHARED_FIXTURES
    for path in sorted(SHARED_FIXTURES.rglob("*.txt")):
        doc = read_document(str(path))
        report = extract(doc)
        assert report.provenance, path
        for key, ref in report.provenance.items():
            printed = doc.text[ref.start:ref.end]
            assert printed.strip() == report.raw[key].strip(), (path.name, key)


def test_one_cell_per_line_rows(tmp_path):
    path = tmp_path / "cells.txt"
    path.write_text("标题\n\n\t规章\n\t1\n\t2\n\t3\n\n\t商业\n企业\n\t0\n", encoding="utf-8")
    doc = read_document(str(path))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [c.text for c in tables[0].rows[0]] == ["规章", "1", "2", "3"]
    assert tables[0].rows[1][0].text == "商业企业"      # a header wrapped inside its cell


def test_markdown_pipe_rows(tmp_path):
    path = tmp_path / "md.txt"
    path.write_text("| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 517645 |\n", encoding="utf-8")
    doc = read_document(str(path))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [[c.text for c in r] for r in table.rows] == [["信息内容", "本年处理决定数量"],
                                                         ["行政许可", "517645"]]


def test_binary_garbage_is_refused(tmp_path):
    path = tmp_path / "g.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(UnreadableFile, match="文本"):
        read_document(str(path))
