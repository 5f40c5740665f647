"""Fixture paths and loaders the core tests share (a module of its own name: `conftest` is
ambiguous when pytest is given several test folders at once)."""
from __future__ import annotations

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def shared_reports():
    """The real published reports with hand-checked expected JSON (../shared/fixtures)."""
    return sorted(SHARED_FIXTURES.rglob("*.expected.json"))


def load_expected(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
