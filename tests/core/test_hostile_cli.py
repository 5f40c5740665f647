"""Clean failures from the command line: odd names, long names, disk full, read-only targets,
huge numbers, leading dashes, stale temp files (issue 12)."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from core import atomic
from core.cli import main
from core.names import shown, shown_name
from core_fixtures import SHARED_FIXTURES

SAMPLE = SHARED_FIXTURES / "reports" / "城郊乡-2020.txt"
GBK_NAME = os.fsdecode("中文报告.txt".encode("gb18030"))   # as Linux hands over a GBK name


def _one_line(err: str) -> str:
    err = err.strip()
    assert err and "\n" not in err and "Traceback" not in err
    return err


def test_shown_reads_escaped_gbk_bytes_as_chinese():
    assert shown(GBK_NAME) == "中文报告.txt"
    assert shown(b"\xd6\xd0\xce\xc4.txt") == "中文.txt"
    assert shown_name(os.path.join("x", GBK_NAME)) == "中文报告.txt"
    assert shown(os.fsdecode(b"\xff\xfe\xfa.txt")) == "\\xff\\xfe\\xfa.txt"   # neither: escaped
    assert shown("\ud800x") == "\\ud800x"   # a lone surrogate from elsewhere
    assert shown("普通.txt") == "普通.txt"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names are UTF-16: always valid")
def test_a_gbk_named_file_is_read_and_a_missing_one_is_one_line(tmp_path, capsys):
    path = os.path.join(str(tmp_path), GBK_NAME)
    with open(path, "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    assert main(["check", path]) in (0, 1)
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("中文报告.txt")
    os.unlink(path)
    assert main(["extract", path]) == 2
    assert _one_line(capsys.readouterr().err) == "错误：找不到文件：中文报告.txt"


def test_a_name_with_a_leading_dash_is_read_as_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-报告.txt").write_bytes(SAMPLE.read_bytes())
    assert main(["check", "-报告.txt"]) in (0, 1)
    with pytest.raises(SystemExit) as info:
        main(["check", "-没有.txt"])
    assert info.value.code == 2
    err = _one_line(capsys.readouterr().err)
    assert "./-没有.txt" in err and err.startswith("错误：")


@pytest.mark.parametrize("argv, words", [
    ([], "缺少参数"),
    (["frob"], "不是可用的命令"),
    (["extract"], "缺少参数：file"),
    (["extract", str(SAMPLE), "--bogus"], "无法识别的参数：--bogus"),
    (["batch", "x", "-o", "y.xlsx", "--workers", "9" * 5000], "参数 --workers 有误"),
    (["batch", "x", "-o", "y.xlsx", "--workers", "-3"], "参数 --workers"),
    (["export", str(SAMPLE), "-o"], "后面缺少值"),
])
def test_argument_errors_are_one_chinese_line_exit_2(capsys, argv, words):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = _one_line(capsys.readouterr().err)
    assert err.startswith("错误：") and words in err
    assert "usage" not in err and "error:" not in err


def test_an_output_name_over_255_bytes_is_refused(tmp_path, capsys):
    out = tmp_path / ("长" * 100 + ".xlsx")
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 2
    assert "文件名太长" in _one_line(capsys.readouterr().err)


def test_a_read_only_target_is_refused_not_replaced(tmp_path, capsys):
    out = tmp_path / "结果.xlsx"
    out.write_bytes(b"keep me")
    out.chmod(0o444)
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 2
    assert "只读" in _one_line(capsys.readouterr().err)
    assert out.read_bytes() == b"keep me"


def test_disk_full_while_writing_is_one_line_and_leaves_no_temp(tmp_path, monkeypatch, capsys):
    def full(path):
        with open(path, "wb") as fh:
            fh.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("openpyxl.Workbook.save", lambda self, path: full(path))
    out = tmp_path / "结果.xlsx"
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 2
    assert "磁盘已满" in _one_line(capsys.readouterr().err)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_disk_full_on_stdout_is_one_line_exit_2():
    run = subprocess.run([sys.executable, "-m", "core", "extract", str(SAMPLE)],
                         stdout=open("/dev/full", "w"), stderr=subprocess.PIPE, timeout=60,
                         cwd=str(SHARED_FIXTURES.parents[2]))
    assert run.returncode == 2
    assert "磁盘已满" in _one_line(run.stderr.decode("utf-8"))


def test_stale_temps_of_killed_saves_are_cleaned_on_the_next_save(tmp_path, capsys):
    old = [tmp_path / ".~nianbao-0123456789ab.xlsx", tmp_path / ".nianbao-x1y2.tmp"]
    fresh = tmp_path / ".~nianbao-ba9876543210.xlsx"   # a save running now elsewhere
    for path in old + [fresh]:
        path.write_bytes(b"x" * 100)
    stale = time.time() - atomic.STALE_SECONDS - 60
    for path in old:
        os.utime(path, (stale, stale))
    other = tmp_path / ".~lock.other.xlsx#"   # not ours: never touched
    other.write_bytes(b"x")
    os.utime(other, (stale, stale))
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "结果.xlsx")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, other.name, "结果.xlsx"])


def test_a_number_of_thousands_of_digits_is_text_not_a_crash(tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8").replace("241", "9" * 5000, 1)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    assert "9" * 100 not in capsys.readouterr().out.split('"cells"')[1][:20000]


def test_control_characters_reach_the_workbook_as_visible_marks_with_a_notice(tmp_path):
    import openpyxl
    from core.checks.run import run_checks
    from core.model import Finding
    from core.pipeline import open_report
    from core.xlsx.report import write_report
    doc, report = open_report(str(SAMPLE), with_checks=False)
    report.agency = "城郊乡\x01人民政府\x1f"
    report.findings = run_checks(report, doc) + [
        Finding("x", "warning", ("active.licensing.decisions",), message="原文：\x08\x00")]
    out = tmp_path / "结果.xlsx"
    write_report(report, str(out), doc=doc)
    book = openpyxl.load_workbook(out)
    values = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert not any(ch in v for v in values for ch in "\x01\x1f\x08\x00")
    assert any("城郊乡␁人民政府␟" in v for v in values)
    assert any("无法保存的控制字符" in v for v in values)


def test_the_batch_summary_shows_odd_names_and_control_characters(tmp_path):
    import openpyxl
    from core.batch import BatchResult
    from core.xlsx.summary import write_summary
    result = BatchResult(failures=[{"path": os.path.join(str(tmp_path), GBK_NAME), "ok": False,
                                    "reason": "坏\x01了", "detail": "x\x00y"}])
    out = tmp_path / "汇总.xlsx"
    write_summary(result, str(out))
    sheet = openpyxl.load_workbook(out)["无法读取"]
    assert sheet["A2"].value.endswith("中文报告.txt")
    assert sheet["B2"].value == "坏␁了" and sheet["C2"].value == "x␀y"


def test_reading_stops_on_cancel_between_reading_recognising_and_checking():
    from core.errors import Cancelled
    from core.pipeline import open_report
    asked = []

    def cancel_after_reading():
        asked.append(1)
        return True
    with pytest.raises(Cancelled):
        open_report(str(SAMPLE), cancelled=cancel_after_reading)   # the TXT reader never asks
    assert asked
