"""Windows look and start-up: the Chinese UI font chain and the early, traceback-free error hook."""
from __future__ import annotations

import os
import subprocess
import sys

from gui.fonts import WINDOWS_FAMILIES, apply_ui_font, ui_families


def test_windows_prefers_yahei_ui_then_falls_back_in_order():
    installed = ["Segoe UI", "SimSun", "microsoft yahei", "Microsoft YaHei UI", "Arial"]
    assert ui_families("win32", installed) == ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun"]
    # A stripped-down Windows without YaHei still gets a Chinese UI face, not Segoe UI alone.
    assert ui_families("win32", ["Segoe UI", "SimHei"]) == ["SimHei"]
    assert ui_families("win32", ["Segoe UI"]) == []
    # Linux desktops choose their own Chinese font through fontconfig.
    assert ui_families("linux", WINDOWS_FAMILIES) == []


def test_the_chain_becomes_the_application_font_keeping_its_size(qapp):
    before = qapp.font()
    try:
        families = apply_ui_font(qapp, platform="win32")
        if not families:                       # this machine has none of the chain's families
            assert qapp.font() == before
            return
        font = qapp.font()
        assert font.families()[:len(families)] == families
        assert font.pointSizeF() == before.pointSizeF()
    finally:
        qapp.setFont(before)
    assert apply_ui_font(qapp, platform="linux") == [] and qapp.font() == before


def test_an_error_before_the_window_is_one_chinese_line_and_a_log(tmp_path):
    # What a broken start shows: no traceback, the error logged to the per-user log folder.
    code = ("from gui.launch import install_early_excepthook\n"
            "install_early_excepthook(window=False)\n"
            "raise RuntimeError('坏了')\n")
    env = dict(os.environ, HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    err = run.stderr.decode("utf-8")
    assert run.returncode == 1
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert "年报通遇到意外问题" in err and "RuntimeError: 坏了" in err
    logs = list(tmp_path.rglob("errors.log"))
    assert logs and "Traceback" in logs[0].read_text(encoding="utf-8")
