"""Shared test setup: no network (pytest-socket, see pyproject addopts), fixture paths."""
from __future__ import annotations

import json
import os
import pathlib

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def shared_reports():
    """The real published reports with hand-checked expected JSON (../shared/fixtures)."""
    return sorted(SHARED_FIXTURES.rglob("*.expected.json"))


def load_expected(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def tmp_home(tmp_path, monkeypatch):
    """Point per-user folders (platformdirs) at a temp dir so tests never touch the real home."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path
