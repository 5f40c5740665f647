"""Shared test setup: no network (pytest-socket, see pyproject addopts), offscreen Qt, temp home.

Fixture paths: tests/core/core_fixtures.py and tests/gui/gui_fixtures.py."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def tmp_home(tmp_path, monkeypatch):
    """Point per-user folders (platformdirs) at a temp dir so tests never touch the real home."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path
