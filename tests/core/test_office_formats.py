"""The office formats (tests/fixtures/office): .doc/.wps, workbooks, OFD, text flattenings.

Every document parses to the cells, layout, agency and year of the corpus document it was
made from; every number points at its text (and, per format, at its table cell, sheet cell or
page box); the broken files of these kinds are refused with a typed Chinese error, and
damaged copies of good files (bytes flipped, cut short) never crash a reader.
Regenerate with `.venv/bin/python tests/fixtures/office/generate.py`.
"""
from __future__ import annotations

import functools
import pathlib
import random
import re
import time

import pytest

from core import errors
from core.extract.numbers import parse_cell
from core.model import column_letters
from core.pipeline import open_report
from core.readers import read_document
from tests.core.test_corpus import _emit, cell_diff, describe, load

OFFICE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "office"
FORMATS = ("doc", "wps", "rtf", "xlsx", "xls", "et", "ofd", "txt")
CJK = re.compile(r"[\u4e00-\u9fff]")


def office_docs() -> list[tuple[pathlib.Path, pathlib.Path]]:
    out = []
    for fmt in FORMATS:
        for exp in sorted((OFFICE / fmt).glob("*.expected.json")):
            stem = exp.name[: -len(".expected.json")]
            out += [(p, exp) for p in exp.parent.iterdir()
                    if p.name.startswith(stem + ".") and p != exp]
    return out


DOCS = office_docs()
IDS = [f"{src.parent.name}/{src.name}" for src, _ in DOCS]


@functools.lru_cache(maxsize=None)
def parse(path: pathlib.Path):
    return open_report(str(path), with_checks=False)


@pytest.mark.parametrize(("src", "exp"), DOCS, ids=IDS)
def test_office_document(src, exp):
    doc, report = parse(src)
    want = load(exp)
    meta = want["meta"]
    diff = cell_diff(want["cells"], report.cells)
    assert not diff, f"{len(diff)} cells wrong:\n{describe(diff)}"
    assert report.layout == meta["layout"]
    assert (report.agency, report.year) == (meta["agency"], meta["year"])
    assert sorted(report.missing_tables) == sorted(meta.get("missing_tables", []))


@pytest.mark.parametrize(("src", "exp"), DOCS, ids=IDS)
def test_every_number_points_at_its_source(src, exp):
    doc, report = parse(src)
    for key, value in report.cells.items():
        if value is None:
            continue
        ref = report.provenance[key]
        assert 0 <= ref.start < ref.end <= len(doc.text), key
        assert parse_cell(doc.text[ref.start:ref.end]).kind == "number", key
        if doc.format in ("xls", "xlsx"):
            assert ref.address == f"{ref.sheet}!{column_letters(ref.col)}{ref.row + 1}", key
            assert _sheet_value(src, ref.sheet, ref.row, ref.col) == value, (key, ref.address)
        if doc.format == "ofd":
            width, height = doc.page_sizes[ref.page]
            x0, top, x1, bottom = ref.bbox
            assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height, key
            drawn = _chars_in(src, ref.page, ref.bbox)
            assert parse_cell(drawn).value == value, (key, drawn)
        if doc.format == "doc" and any(t == ref.table for t, _r, _c in doc.origins):
            # a body table (an embedded worksheet's cells are in the object, not the text)
            assert (ref.table, ref.row, ref.col) in doc.origins, key
            first, end = doc.origins[(ref.table, ref.row, ref.col)]
            assert 0 <= first < end, key


@functools.lru_cache(maxsize=None)
def _ofd_pages(path: pathlib.Path):
    from core.readers.ofd import page_contents
    return page_contents(path.read_bytes())


def _chars_in(path: pathlib.Path, page: int, bbox) -> str:
    """The OFD's own characters whose centres fall in the box, in reading order."""
    x0, top, x1, bottom = bbox
    chars = [c for c in _ofd_pages(path)[page].chars   # (x0, top, x1, bottom, text, size)
             if x0 <= (c[0] + c[2]) / 2 <= x1 and top <= (c[1] + c[3]) / 2 <= bottom]
    return "".join(c[4] for c in sorted(chars, key=lambda c: (round(c[1]), c[0])))


@functools.lru_cache(maxsize=None)
def _workbook(path: pathlib.Path):
    if path.read_bytes()[:2] == b"PK":
        import openpyxl
        return openpyxl.load_workbook(path, data_only=True)
    import xlrd
    return xlrd.open_workbook(str(path))


def _sheet_value(path: pathlib.Path, sheet: str, row: int, col: int):
    """The value Excel shows in the cell, read by the library directly (numbers as numbers)."""
    book = _workbook(path)
    value = book[sheet].cell(row + 1, col + 1).value if hasattr(book, "worksheets") \
        else book.sheet_by_name(sheet).cell_value(row, col)
    return parse_cell(str(value)).value if isinstance(value, str) else value


def test_accuracy_summary(request):
    rows: dict[str, list[int]] = {}
    for src, exp in DOCS:
        want = load(exp)["cells"]
        _doc, report = parse(src)
        r = rows.setdefault(src.parent.name, [0, 0, 0, 0])
        wrong = len(cell_diff(want, report.cells))
        r[0] += 1
        r[1] += len(want) - wrong
        r[2] += len(want)
        r[3] += not wrong
    lines = ["office formats accuracy (tests/fixtures/office)",
             f"{'format':<7} {'docs':>4} {'cells right/total':>18} {'docs right':>10}"]
    lines += [f"{fmt:<7} {d:>4} {right:>8}/{total:<9} {full:>4}/{d:<5}"
              for fmt, (d, right, total, full) in rows.items()]
    _emit(request, "\n".join(lines))
    assert all(right == total for _d, right, total, _f in rows.values()), "\n".join(lines)


# ---------------------------------------------------------------- broken files
def broken_cases() -> list[tuple[str, str]]:
    text = (OFFICE / "broken" / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\|\s*`([^`]+)`\s*\|[^|]*\|\s*`(\w+)`\s*\|", text, flags=re.M)


BROKEN = broken_cases()


def test_broken_readme_lists_every_file():
    present = {p.name for p in (OFFICE / "broken").iterdir() if p.name != "README.md"}
    assert {name for name, _ in BROKEN} == present


@pytest.mark.parametrize(("name", "error"), BROKEN, ids=[n for n, _ in BROKEN])
def test_broken_file_is_refused(name, error):
    with pytest.raises(errors.NianbaoError) as info:
        read_document(str(OFFICE / "broken" / name))
    assert type(info.value).__name__ == error, f"{name}: {type(info.value).__name__}: {info.value}"
    assert CJK.search(str(info.value)) and "\n" not in str(info.value)


def _damaged(data: bytes, rng: random.Random) -> bytes:
    """Bytes flipped in places, a run overwritten, or the file cut short."""
    out = bytearray(data)
    how = rng.randrange(3)
    if how == 0:
        for _ in range(rng.randrange(1, 40)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif how == 1:
        at = rng.randrange(len(out))
        out[at:at + 512] = bytes(rng.randrange(256) for _ in range(min(512, len(out) - at)))
    else:
        del out[rng.randrange(16, len(out)):]
    return bytes(out)


FUZZ_SOURCES = sorted({src.parent.name: src for src, _ in DOCS}.values())


@pytest.mark.parametrize("src", FUZZ_SOURCES, ids=[p.parent.name for p in FUZZ_SOURCES])
def test_damaged_copies_never_crash(src, tmp_path):
    rng = random.Random(src.name)
    data = src.read_bytes()
    for n in range(25):
        path = tmp_path / f"{n}{src.suffix}"
        path.write_bytes(_damaged(data, rng))
        started = time.perf_counter()
        try:
            open_report(str(path), with_checks=False)
        except errors.NianbaoError as exc:
            assert CJK.search(str(exc)), repr(exc)
        assert time.perf_counter() - started < 5, f"{n}: too slow"


def test_batch_takes_office_files_but_not_its_own_workbooks(tmp_path):
    import shutil

    from core.batch import collect_inputs
    from core.xlsx.report import write_report
    for src in (OFFICE / "doc").glob("*.doc"):
        shutil.copy(src, tmp_path)
        break
    shutil.copy(OFFICE / "xlsx" / "青石镇-2019.xlsx", tmp_path)
    shutil.copy(OFFICE / "et" / "新城区人民政府-2024.et", tmp_path)
    doc, report = parse(OFFICE / "xlsx" / "青石镇-2019.xlsx")
    write_report(report, str(tmp_path / "青石镇-2019.导出.xlsx"), doc=doc)
    found = sorted(pathlib.Path(p).suffix for p in collect_inputs([str(tmp_path)]))
    assert found == [".doc", ".et", ".xlsx"]


def test_workbook_findings_say_once_that_there_is_no_narrative():
    from core.checks.run import run_checks
    _doc, report = parse(OFFICE / "xlsx" / "石桥镇-2021.xlsx")
    codes = [f.code for f in run_checks(report, _doc)]
    assert codes.count("narrative.sections.workbook") == 1
    assert not [c for c in codes if c.startswith("narrative.sections.") and c != "narrative.sections.workbook"]


def test_an_ofd_that_would_inflate_past_the_limit_is_refused_unread(tmp_path):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        z.writestr("Doc_0/filler.bin", b"\0" * 1024)
    data = bytearray(buf.getvalue())
    entry = data.rindex(b"PK\x01\x02")            # the filler's central directory entry
    data[entry + 24:entry + 28] = (300 * 1024 * 1024).to_bytes(4, "little")   # says 300 MB
    path = tmp_path / "bomb.ofd"
    path.write_bytes(bytes(data))
    with pytest.raises(errors.UnreadableFile, match="过大"):
        read_document(str(path))


def test_ofd_text_placement_follows_boundary_ctm_and_deltas():
    import io
    import zipfile

    from core.readers.ofd import MM, page_contents
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    page = (f'<ofd:Page {ns}><ofd:Area><ofd:PhysicalBox>0 0 100 50</ofd:PhysicalBox></ofd:Area>'
            '<ofd:Content><ofd:Layer ID="1"><ofd:PageBlock ID="2">'
            '<ofd:TextObject ID="3" Boundary="10 20 40 10" Font="4" Size="8" CTM="0.5 0 0 0.5 0 0">'
            '<ofd:TextCode X="0" Y="8" DeltaX="g 2 8">规章5</ofd:TextCode>'
            '<ofd:TextCode>0</ofd:TextCode></ofd:TextObject>'
            '<ofd:PathObject ID="5" Boundary="10 30 60 5"><ofd:AbbreviatedData>M 0 0 L 60 0 '
            'B 1 1 2 2 3 3 S 0 5 L 0 0</ofd:AbbreviatedData></ofd:PathObject>'
            '</ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", f'<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>D/Document.xml</ofd:DocRoot>'
                              '</ofd:DocBody></ofd:OFD>')
        z.writestr("D/Document.xml", f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" '
                                     'BaseLoc="P/Content.xml"/></ofd:Pages></ofd:Document>')
        z.writestr("D/P/Content.xml", page)
    (content,) = page_contents(buf.getvalue())
    assert (round(content.width / MM), round(content.height / MM)) == (100, 50)
    chars = content.chars
    assert "".join(c[4] for c in chars) == "规章50"   # (x0, top, x1, bottom, text, size)
    # CTM halves everything: 8 mm glyphs are 4 mm, 8 mm steps 4 mm, from x = 10 mm
    assert [round(c[0] / MM, 3) for c in chars] == [10, 14, 18, 22]
    assert round(chars[0][5] / MM, 3) == 4
    assert round((chars[0][3] / MM) - 0.12 * 4, 3) == 24     # baseline 20 + 8 × 0.5
    kinds = sorted((e["orientation"], round(e["x0"] / MM), round(e["top"] / MM)) for e in content.edges)
    assert kinds == [("h", 10, 30), ("v", 10, 30)] and content.curves == 1


@pytest.mark.parametrize("name", [n for n, _ in BROKEN])
def test_cli_says_one_plain_line_and_exits_2(name, capsys):
    from core.cli import main
    assert main(["extract", str(OFFICE / "broken" / name)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert "\n" not in err and CJK.search(err) and "Traceback" not in err, err
    assert not captured.out


@pytest.mark.parametrize(("source", "name", "fmt"), [
    ("corpus/docx/石桥镇-2021.docx", "石桥镇-2021.doc", "docx"),
    ("corpus/docx/石桥镇-2021.docx", "石桥镇-2021.wps", "docx"),
    ("corpus/html/太平乡-2021.html", "太平乡-2021.doc", "html"),
    ("office/xlsx/石桥镇-2021.xlsx", "石桥镇-2021.et", "xlsx"),
    ("office/doc/青石镇-2019.doc", "青石镇-2019.xls", "doc"),
])
def test_a_file_is_read_as_what_it_is_whatever_its_name(tmp_path, source, name, fmt):
    import shutil
    src = OFFICE.parent / source
    path = tmp_path / name
    shutil.copy(src, path)
    doc, report = open_report(str(path), with_checks=False)
    assert doc.format == fmt
    want = load(src.with_name(src.stem + ".expected.json"))
    assert not cell_diff(want["cells"], report.cells)


def _word_fib_changed(data: bytes, offset: int, change) -> bytes:
    """The .doc with a 16-bit field of its WordDocument stream's FIB changed (the stream starts
    a sector of its own: found by its first 64 bytes)."""
    import struct

    import olefile
    with olefile.OleFileIO(data) as ole:
        head = ole.openstream("WordDocument").read(64)
    at = data.index(head) + offset
    value = struct.pack("<H", change(struct.unpack_from("<H", data, at)[0]))
    return data[:at] + value + data[at + 2:]


DERIVED = {   # made from a good .doc at test time: name → (change, error, words in the message)
    "encrypted.doc": (lambda d: _word_fib_changed(d, 0x0A, lambda flags: flags | 0x0100),
                      errors.UnreadableFile, "加密"),
    "word95.doc": (lambda d: _word_fib_changed(d, 0x02, lambda _nfib: 0x65),
                   errors.UnsupportedFormat, "Word 6.0/95"),
    "old-wps.wps": (lambda d: d.replace("WordDocument".encode("utf-16-le"),
                                        "KingsoftDoc1".encode("utf-16-le")),
                    errors.UnsupportedFormat, "WPS"),
}


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_encrypted_old_and_foreign_compound_files_are_refused(tmp_path, capsys, name):
    change, error, words = DERIVED[name]
    path = tmp_path / name
    path.write_bytes(change((OFFICE / "doc" / "青石镇-2019.doc").read_bytes()))
    with pytest.raises(error, match=words):
        read_document(str(path))
    from core.cli import main
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and words in err
