"""`python -m core check|export|batch` and extract's findings, through core.cli.main."""
import json
import os

import openpyxl
import pytest

from core.cli import main
from core.corrections import Project, corrections_for
from core.pipeline import open_report
from core_fixtures import SHARED_FIXTURES

CHENGJIAO = SHARED_FIXTURES / "reports" / "城郊乡-2020.txt"
KEWEI = SHARED_FIXTURES / "more" / "03.txt"
NEW_ROW = "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0"


@pytest.fixture
def broken(tmp_path):
    """城郊乡-2020 with 2 new 自然人 applications that no total counts: 2 rules fail."""
    text = CHENGJIAO.read_bytes().decode("utf-8")
    assert NEW_ROW in text
    path = tmp_path / "城郊乡-2020-改.txt"
    path.write_bytes(text.replace(NEW_ROW, NEW_ROW.replace("\t0", "\t2", 1)).encode("utf-8"))
    return path


def save_project(source, key, value, note="核对原件"):
    _, report = open_report(str(source), with_checks=False)
    project = Project.of(str(source), report.layout,
                         corrections_for(report.layout, report.cells, {key: value}, note))
    path = source.with_name(source.stem + ".nianbao.json")
    project.save(str(path))
    return path


def test_check_prints_chinese_lines_and_exits_1_on_an_error(broken, capsys):
    assert main(["check", str(broken)]) == 1
    lines = capsys.readouterr().out.strip().split("\n")
    assert lines.pop(0) == "城郊乡-2020-改.txt：城郊乡人民政府，2020 年度，2019 版格式"
    assert lines[0] == ("错误 [requests.balance.natural] 表三自然人列：第一项 2 + 第二项 0 = 2，"
                        "第三项 0 + 第四项 0 = 0，相差 2")
    assert lines[1].startswith("错误 [requests.row.new] 表三「一、本年新收政府信息公开申请数量」行：总计 0")
    assert "建议：只改一格即可使全部勾稽关系成立：把表三 一、本年新收政府信息公开申请数量 · 自然人由 2 改为 0" in lines
    assert lines[-1] == "共 2 个错误、2 个警告。"


def test_check_exits_0_when_only_warnings_remain(capsys):
    assert main(["check", str(KEWEI)]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("共 0 个错误、6 个警告。")
    assert "警告 [requests.balance.total]" in out and "若为 1" in out
    assert main(["check", str(SHARED_FIXTURES / "more" / "02.txt")]) == 0
    assert capsys.readouterr().out.strip().split("\n") == [
        "02.txt：沐阳县人民政府，2025 年度，2021 版格式", "未发现问题。"]


def test_extract_fills_findings(broken, capsys):
    assert main(["extract", str(broken)]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["requests.balance.natural", "requests.row.new"]
    assert errors[0]["cells"] == ["requests.new.natural", "requests.carried_over.natural",
                                  "requests.total.natural", "requests.carry_forward.natural"]
    assert errors[0]["message"].startswith("表三自然人列：第一项 2")
    assert errors[0]["hint"] == {"key": "requests.new.natural", "value": 0, "old": 2,
                                 "label": "表三 一、本年新收政府信息公开申请数量 · 自然人"}
    assert main(["extract", "--no-checks", str(broken)]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_check_replays_a_project_and_says_when_the_source_changed(broken, capsys):
    project = save_project(broken, "requests.new.natural", 0)
    assert main(["check", str(broken), "--project", str(project)]) == 0
    captured = capsys.readouterr()
    assert "错误 [" not in captured.out and captured.err == ""
    broken.write_bytes(broken.read_bytes() + "\n补记。\n".encode("utf-8"))
    assert main(["check", str(broken), "--project", str(project)]) == 0
    assert "源文件自保存修改记录以来已被改动" in capsys.readouterr().err
    other = broken.with_name("另一份.txt")
    other.write_bytes(CHENGJIAO.read_bytes())
    main(["check", str(other), "--project", str(project)])
    err = capsys.readouterr().err
    assert "修改记录是为 城郊乡-2020-改.txt 保存的" in err
    # the recorded old value (2) is not what this file holds (0): said, with the cell's name
    assert "注意：表三 一、本年新收政府信息公开申请数量 · 自然人：修改记录中的原值为 2，这次读到 0" in err


def test_a_project_with_a_foreign_cell_is_refused_plainly(broken, capsys):
    project = save_project(broken, "requests.new.natural", 0)
    data = json.loads(project.read_text(encoding="utf-8"))
    data["corrections"][0]["key"] = "active.fees.amount"     # 2021 only; 城郊乡 is 2019
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(broken), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：修改记录中有一条无法套用（单元格 active.fees.amount") and "Traceback" not in err


def test_export_writes_the_workbook_with_the_project_marks(broken, tmp_path, capsys):
    project = save_project(broken, "requests.new.natural", 0)
    out = tmp_path / "结果.xlsx"
    assert main(["export", str(broken), "-o", str(out), "--project", str(project)]) == 0
    assert "已导出" in capsys.readouterr().err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["表二", "表三", "表四", "数据", "校验", "修改记录", "说明"]
    ws = wb["表三"]
    row = next(r for r in range(1, ws.max_row + 1)
               if ws.cell(row=r, column=1).value == "一、本年新收政府信息公开申请数量")
    cell = ws.cell(row=row, column=4)
    assert cell.value == 0 and "原值：2" in cell.comment.text and "核对原件" in cell.comment.text
    log = wb["修改记录"]
    assert [c.value for c in log[2]][2:5] == [2, 0, "核对原件"]
    assert wb["说明"]["B1"].value == "城郊乡人民政府"


def test_export_refuses_the_source_and_a_bad_suffix(broken, capsys):
    before = broken.read_bytes()
    assert main(["export", str(broken), "-o", str(broken)]) == 2
    assert capsys.readouterr().err.startswith("错误：输出文件应以 .xlsx 结尾")
    assert broken.read_bytes() == before


def test_batch_of_files_and_folders_with_a_bad_file(tmp_path, capsys):
    folder = tmp_path / "乡镇"
    folder.mkdir()
    (folder / "城郊乡-2020.txt").write_bytes(CHENGJIAO.read_bytes())
    (folder / "坏文件.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "汇总.xlsx"
    rc = main(["batch", str(folder), str(KEWEI), "-o", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert rc == 0 and "已汇总 2 份报告，1 个文件无法读取" in err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-3:] == ["无法读取", "跨年核对", "说明"]
    summary = wb["报告一览"]
    assert summary["B1"].value == "机关"
    agencies = {summary.cell(row=r, column=2).value for r in (2, 3)}
    assert agencies == {"城郊乡人民政府", "上海市科委"}
    bad = wb["无法读取"]
    assert os.path.basename(bad["A2"].value) == "坏文件.pdf" and bad["B2"].value
    assert main(["batch", str(folder / "坏文件.pdf"), "-o", str(tmp_path / "空.xlsx"),
                 "--workers", "1"]) == 2
