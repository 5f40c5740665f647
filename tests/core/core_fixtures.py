"""Fixture paths and loaders the core tests share (a module of its own name: `conftest` is
ambiguous when pytest is given several test folders at once)."""
from __future__ import annotations

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Copies of the shared fixtures (real published reports, hand-checked JSON): the repo stands alone.
SHARED_FIXTURES = ROOT / "tests" / "fixtures" / "real"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def shared_reports():
    """The real published reports with hand-checked expected JSON (tests/fixtures/real)."""
    return sorted(SHARED_FIXTURES.rglob("*.expected.json"))


def load_expected(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
