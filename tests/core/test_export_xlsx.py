"""The report workbook, read back with openpyxl: sheets, merges, values, labels, marks, safety."""
from __future__ import annotations

import os
import zipfile

import openpyxl
import pytest
from core_fixtures import SHARED_FIXTURES, load_expected

from core import schema
from core.corrections import Correction
from core.errors import NianbaoError
from core.checks.messages import source_place
from core.xlsx.report import write_report
from core.model import Finding, Report, SourceRef
from core.xlsx.style import CORRECTED_FILL, ERROR_FILL

SHEETS = ["表二", "表三", "表四", "数据", "校验", "修改记录", "说明"]


def report_from(name: str, **changes) -> Report:
    path = next(SHARED_FIXTURES.rglob(f"{name}.expected.json"))
    data = load_expected(path)
    meta = data["meta"]
    report = Report(layout=meta["layout"], agency=meta["agency"], year=meta["year"],
                    source=str(path.with_suffix("").with_suffix(".txt")), format="txt",
                    cells=dict(data["cells"]))
    for k, v in changes.items():
        setattr(report, k, v)
    return report


def export(tmp_path, report, **kw):
    out = tmp_path / "out.xlsx"
    write_report(report, str(out), **kw)
    return openpyxl.load_workbook(out), out


def find_row(ws, col: int, text: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=col).value == text)


def merged(ws) -> set[str]:
    return {str(m) for m in ws.merged_cells.ranges}


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:]


# ---------------------------------------------------------------- shape and values
@pytest.mark.parametrize("name", ["城郊乡-2020", "大岚镇-2021"])
def test_sheets_and_long_data_match_cells(tmp_path, name):
    report = report_from(name)
    wb, _ = export(tmp_path, report)
    assert wb.sheetnames == SHEETS
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == ["键", "表", "行", "列", "原文", "数值", "来源位置", "已修改"]
    got = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=6).value
           for r in range(2, ws.max_row + 1)}
    assert list(got) == list(schema.cell_keys(report.layout))
    assert got == report.cells
    assert all(isinstance(v, (int, float)) for v in got.values() if v is not None)


def test_requests_header_is_the_official_two_level_shape(tmp_path):
    wb, _ = export(tmp_path, report_from("大岚镇-2021"))
    ws = wb["表三"]
    top = find_row(ws, 4, "申请人情况")
    assert {f"A{top}:C{top + 2}", f"D{top}:J{top}", f"D{top + 1}:D{top + 2}",
            f"E{top + 1}:I{top + 1}", f"J{top + 1}:J{top + 2}"} <= merged(ws)
    assert ws.cell(row=top + 1, column=5).value == "法人或其他组织"
    assert [ws.cell(row=top + 2, column=c).value for c in range(5, 10)] == \
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert ws.freeze_panes == f"D{top + 3}"


@pytest.mark.parametrize("name,other_rows", [("城郊乡-2020", 1), ("大岚镇-2021", 3)])
def test_requests_group_cells_are_merged(tmp_path, name, other_rows):
    wb, _ = export(tmp_path, report_from(name))
    ws = wb["表三"]
    spans = {ws.cell(row=m.min_row, column=m.min_col).value: (m.min_col, m.max_row - m.min_row + 1)
             for m in ws.merged_cells.ranges}
    assert spans["（三）不予公开"] == (2, 8)
    assert spans["（四）无法提供"] == (2, 3)
    assert spans["（五）不予处理"] == (2, 5)
    assert spans["三、本年度办理结果"] == (1, 2 + 8 + 3 + 5 + other_rows + 1)
    if other_rows == 3:
        assert spans["（六）其他处理"] == (2, 3)
    else:
        assert spans["（六）其他处理"] == (2, 1)   # one row, label across columns B:C


def test_requests_values_are_numbers_and_blanks_stay_empty(tmp_path):
    report = report_from("城郊乡-2020")
    assert report.cells["requests.granted.natural"] is None
    wb, _ = export(tmp_path, report)
    ws = wb["表三"]
    cols = [c.key for c in schema.REQUEST_COLUMNS]
    for label, row_key in (("1.属于国家秘密", "requests.denied.state_secret"),
                           ("（一）予以公开", "requests.granted")):
        col = 3 if label.startswith("1.") else 2
        r = find_row(ws, col, label)
        values = [ws.cell(row=r, column=4 + i).value for i in range(7)]
        assert values == [report.cells[f"{row_key}.{c}"] for c in cols]
    r = find_row(ws, 2, "（一）予以公开")
    assert ws.cell(row=r, column=4).value is None
    assert isinstance(ws.cell(row=r, column=10).value, int)


def test_active_2019_blocks_and_2021_single_columns(tmp_path):
    wb, _ = export(tmp_path, report_from("城郊乡-2020"))
    ws = wb["表二"]
    for group in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（九）项"):
        r = find_row(ws, 1, group)
        assert f"A{r}:D{r}" in merged(ws)
        assert ws.cell(row=r + 1, column=1).value == "信息内容"
    r = find_row(ws, 1, "行政事业性收费")
    assert [ws.cell(row=r - 1, column=c).value for c in (2, 3, 4)] == ["上一年项目数量", "本年增/减", None]
    wb, _ = export(tmp_path, report_from("大岚镇-2021"))
    ws = wb["表二"]
    r = find_row(ws, 1, "行政许可")
    assert f"B{r}:D{r}" in merged(ws)
    assert ws.cell(row=r - 1, column=2).value == "本年处理决定数量"
    assert find_row(ws, 1, "行政规范性文件")


def test_appeals_header_shape_and_values(tmp_path):
    report = report_from("大岚镇-2021", cells=dict(report_from("大岚镇-2021").cells,
                                                   **{"appeals.suit_after_review.total": 7}))
    wb, _ = export(tmp_path, report)
    ws = wb["表四"]
    top = find_row(ws, 1, "行政复议")
    assert {f"A{top}:E{top}", f"F{top}:O{top}", f"F{top + 1}:J{top + 1}",
            f"K{top + 1}:O{top + 1}", f"A{top + 1}:A{top + 2}"} <= merged(ws)
    assert ws.cell(row=top, column=6).value == "行政诉讼"
    assert ws.cell(row=top + 1, column=11).value == "复议后起诉"
    assert ws.cell(row=top + 3, column=15).value == 7


def test_labels_are_official_not_the_source_typos(tmp_path):
    report = report_from("城郊乡-2020")
    report.raw = {"requests.denied.three_safety.natural": "0"}
    wb, _ = export(tmp_path, report)
    texts = {c.value for ws in wb.worksheets[:3] for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}
    assert "3.危及“三安全一稳定”" in texts and "7.属于行政执法案卷" in texts
    assert not any("危机" in t or "行政法案卷" in t for t in texts)


def test_amount_formats_integers_and_decimals(tmp_path):
    report = report_from("城郊乡-2020")
    report.cells["active.procurement.amount"] = 11.5045
    wb, _ = export(tmp_path, report)
    ws = wb["表二"]
    r = find_row(ws, 1, "政府集中采购")
    amount, items = ws.cell(row=r, column=3), ws.cell(row=r, column=2)
    assert amount.value == pytest.approx(11.5045) and amount.number_format == "0.0###"
    assert isinstance(items.value, int) and items.number_format == "0"


def test_print_setup_is_a4_landscape(tmp_path):
    wb, _ = export(tmp_path, report_from("大岚镇-2021"))
    for name in ("表二", "表三", "表四"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9     # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes
        assert ws["A3"].value.startswith("图例")
        assert ws.column_dimensions["A"].width > 5


# ---------------------------------------------------------------- marks
def test_corrected_and_failing_cells_are_marked_differently(tmp_path):
    report = report_from("大岚镇-2021")
    key_c, key_e = "requests.new.natural", "requests.total.total"
    old = report.cells[key_c]
    report.cells[key_c] = old + 3
    report.findings = [Finding("requests.balance.total", "error", (key_e, "requests.new.total"),
                               message="表三总计列：相差 3")]
    corr = [Correction(key_c, old, old + 3, "2024-05-01T10:22:33+08:00", "核对原件")]
    wb, _ = export(tmp_path, report, corrections=corr)
    ws = wb["表三"]
    r_new = find_row(ws, 1, "一、本年新收政府信息公开申请数量")
    corrected = ws.cell(row=r_new, column=4)
    assert fill(corrected) == CORRECTED_FILL.fgColor.rgb[-6:]
    assert f"原值：{old}（修改于 2024-05-01 10:22）" in corrected.comment.text
    assert "核对原件" in corrected.comment.text
    r_total = find_row(ws, 2, "（七）总计")
    failing = ws.cell(row=r_total, column=10)
    assert fill(failing) == ERROR_FILL.fgColor.rgb[-6:]
    assert failing.font.bold and failing.border.left.style == "medium"
    assert "相差 3" in failing.comment.text
    plain = ws.cell(row=r_total, column=4)
    assert plain.comment is None and fill(plain) != fill(failing)
    data = wb["数据"]
    r = find_row(data, 1, key_c)
    assert data.cell(row=r, column=8).value == "是"
    assert data.cell(row=find_row(data, 1, key_e), column=8).value == "否"
    log = wb["修改记录"]
    assert [c.value for c in log[2]][1:4] == [schema.cell_label("2021", key_c), old, old + 3]
    checks = wb["校验"]
    assert checks["A2"].value == "错误" and "相差 3" in checks["B2"].value


def test_a_correction_undone_by_a_later_one_is_not_marked(tmp_path):
    report = report_from("大岚镇-2021")
    key = "appeals.review.upheld"
    corr = [Correction(key, 0, 2, "2024-05-01T10:00:00"), Correction(key, 2, 0, "2024-05-01T10:05:00")]
    wb, _ = export(tmp_path, report, corrections=corr)
    cell = wb["表四"].cell(row=find_row(wb["表四"], 1, "行政复议") + 3, column=1)
    assert cell.comment is None
    assert wb["修改记录"].max_row == 3      # both steps are still in the history


# ---------------------------------------------------------------- safety
def test_document_text_that_looks_like_a_formula_stays_text(tmp_path):
    report = report_from("城郊乡-2020", agency="=1+1", source="/tmp/@evil.txt")
    report.raw = {"requests.new.natural": "=HYPERLINK(\"http://x\")",
                  "requests.new.business": "-", "requests.new.research": "+1"}
    report.findings = [Finding("narrative", "warning", ("requests.new.natural",),
                               message="@SUM(A1:A9)")]
    wb, out = export(tmp_path, report)
    meta = wb["说明"]
    agency = meta.cell(row=find_row(meta, 1, "机关"), column=2)
    assert agency.value == "=1+1" and agency.data_type == "s"
    data = wb["数据"]
    raw = data.cell(row=find_row(data, 1, "requests.new.natural"), column=5)
    assert raw.value.startswith("=HYPERLINK") and raw.data_type == "s"
    assert wb["校验"]["B2"].value == "@SUM(A1:A9)"
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
        assert b'quotePrefix="1"' in z.read("xl/styles.xml")


def test_existing_target_is_replaced_and_no_temp_file_is_left(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    write_report(report_from("城郊乡-2020"), str(out))
    assert openpyxl.load_workbook(out).sheetnames == SHEETS
    assert os.listdir(tmp_path) == ["out.xlsx"]
    umask = os.umask(0)
    os.umask(umask)
    if os.name == "posix":   # the usual mode for a new file, not a temp file's 0600
        assert os.stat(out).st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_leaves_the_old_target_alone(tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")

    def boom(self, path):
        open(path, "wb").write(b"half")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(openpyxl.Workbook, "save", boom)
    with pytest.raises(NianbaoError, match="磁盘空间"):
        write_report(report_from("城郊乡-2020"), str(out))
    assert out.read_bytes() == b"old" and os.listdir(tmp_path) == ["out.xlsx"]


def test_locked_target_gets_a_clear_message(tmp_path, monkeypatch):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file")
    monkeypatch.setattr("core.atomic.os.replace", locked)
    with pytest.raises(NianbaoError) as err:
        write_report(report_from("城郊乡-2020"), str(out))
    assert err.value.message == "无法写入 汇总.xlsx：文件可能正在被 Excel 或 WPS 打开，请关闭后重试。"
    assert out.read_bytes() == b"old" and os.listdir(tmp_path) == ["汇总.xlsx"]


def test_the_source_is_never_written(tmp_path):
    src = tmp_path / "report.xlsx"
    src.write_bytes(b"source bytes")
    report = report_from("城郊乡-2020", source=str(src))
    with pytest.raises(NianbaoError, match="源文件"):
        write_report(report, str(tmp_path / "." / "report.xlsx"))
    txt = tmp_path / "r.txt"
    txt.write_bytes(b"text")
    with pytest.raises(NianbaoError, match=".xlsx"):
        write_report(report_from("城郊乡-2020", source=str(txt)), str(txt))
    assert src.read_bytes() == b"source bytes" and txt.read_bytes() == b"text"


def test_missing_folder_gets_a_clear_message(tmp_path):
    with pytest.raises(NianbaoError, match="不存在"):
        write_report(report_from("城郊乡-2020"), str(tmp_path / "no" / "out.xlsx"))


# ---------------------------------------------------------------- provenance and metadata
def test_source_place_is_the_apps_wording_with_characters_counted_from_one(tmp_path):
    # one wording in the app's tooltip and the workbook's 来源位置; the workbook used to count
    # text characters from 0 ("字符 120–121") where the app said the 121st
    assert source_place(SourceRef(0, 1, page=2, bbox=(1, 2, 3, 4))) == "第 3 页"
    assert source_place(SourceRef(0, 1, table=1, row=4, col=2)) == "原文第 2 个表格，第 5 行第 3 列"
    assert source_place(SourceRef(120, 121)) == "原文第 121 个字处"
    assert source_place(SourceRef(0, 1, row=6, col=2, sheet="表三")) == "工作表单元格 表三!C7"
    assert source_place(None) == ""
    from core.pipeline import open_report
    src = next(SHARED_FIXTURES.rglob("城郊乡-2020.txt"))
    doc, report = open_report(str(src))
    out = tmp_path / "o.xlsx"
    write_report(report, str(out), doc=doc)
    rows = list(openpyxl.load_workbook(out)["数据"].iter_rows(min_row=2, values_only=True))
    places = {r[0]: r[6] for r in rows if r[0] in report.provenance}
    assert places
    for key, place in places.items():
        ref = report.provenance[key]
        assert place == source_place(ref)
        nth = int(place.removeprefix("原文第 ").removesuffix(" 个字处"))
        assert doc.text[nth - 1:].startswith(str(report.raw[key]))   # the nth, counted from 1


def test_metadata_sheet_and_missing_table_note(tmp_path):
    report = report_from("大岚镇-2021", missing_tables=["appeals"])
    report.provenance = {"requests.new.total": SourceRef(3, 5, page=0, bbox=(0, 0, 1, 1))}
    wb, _ = export(tmp_path, report)
    meta = {r[0].value: r[1].value for r in wb["说明"].iter_rows(max_col=2) if r[0].value}
    assert meta["机关"] == "大岚镇人民政府" and meta["年度"] == 2021
    assert meta["格式版本"].startswith("2021") and meta["未找到的表"] == "表四"
    assert {"源文件", "生成时间", "程序版本"} <= set(meta)
    assert any("未找到此表" in str(c.value) for row in wb["表四"].iter_rows() for c in row)
    data = wb["数据"]
    assert data.cell(row=find_row(data, 1, "requests.new.total"), column=7).value == "第 1 页"


def test_a_blank_the_sums_pin_down_is_marked_as_a_doubt_with_the_hint(tmp_path):
    # more/03: 结转下年度 总计 printed empty; both rules it breaks would hold with 1 in it
    from core.checks.run import recheck
    from core.xlsx.style import WARNING_FILL
    report = report_from("03")
    report.findings = recheck(report)
    assert not [f for f in report.findings if f.severity == "error"]
    wb, _ = export(tmp_path, report)
    ws = wb["表三"]
    row = find_row(ws, 1, "四、结转下年度继续办理")
    blank, natural = ws.cell(row=row, column=10), ws.cell(row=row, column=4)
    assert blank.value is None and fill(blank) == WARNING_FILL.fgColor.rgb[-6:]
    assert blank.border.left.style == "medium" and blank.border.left.color.rgb.endswith("ED7D31")
    assert "建议：" in blank.comment.text and "改为 1" in blank.comment.text
    assert "勾稽关系因空白格不成立" in natural.comment.text and not natural.font.bold
    assert wb["校验"]["A2"].value == "警告"


def test_a_target_open_in_an_office_program_gets_a_clear_message(tmp_path):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"old")
    for owner in ("~$汇总.xlsx", ".~lock.汇总.xlsx#"):
        (tmp_path / owner).write_bytes(b"lock")
        with pytest.raises(NianbaoError) as err:
            write_report(report_from("城郊乡-2020"), str(out))
        assert err.value.message.startswith("无法写入 汇总.xlsx：文件正在被 Excel、WPS 或 LibreOffice 打开")
        assert owner in err.value.message
        assert out.read_bytes() == b"old"
        (tmp_path / owner).unlink()
    # a lock file without the workbook (left by a crash, the file since moved) is no reason
    (tmp_path / "~$新.xlsx").write_bytes(b"lock")
    write_report(report_from("城郊乡-2020"), str(tmp_path / "新.xlsx"))
    write_report(report_from("城郊乡-2020"), str(out))
    assert openpyxl.load_workbook(out).sheetnames == SHEETS


def test_the_likeliest_culprit_is_framed_the_rest_of_its_rules_only_tinted(tmp_path):
    from core.checks.run import recheck
    report = report_from("大岚镇-2021")
    report.cells["requests.granted.natural"] = 1          # breaks its row and its column
    report.findings = recheck(report)
    wb, _ = export(tmp_path, report)
    ws = wb["表三"]
    granted = find_row(ws, 2, "（一）予以公开")
    culprit, other_row = ws.cell(row=granted, column=4), ws.cell(row=granted, column=5)
    other_col = ws.cell(row=granted + 1, column=4)
    assert culprit.font.bold and culprit.border.left.style == "medium"
    for cell in (other_row, other_col):
        assert fill(cell) == ERROR_FILL.fgColor.rgb[-6:] and not cell.font.bold
        assert cell.border.left.style == "thin" and "校验错误" in cell.comment.text
    assert "建议：" in culprit.comment.text and "改为 0" in culprit.comment.text
