"""The attack suite (issue 12), quick sizes: every class of hostile input through the real CLI.

Each case: exit code 0/1/2, one stderr line when refused, no traceback, under 10 s and 1 GB.
`make attack` runs thousands (scripts/attack.py); this is the part `make test` can afford.
"""
from __future__ import annotations

import collections
import os

import pytest

from attack_cases import CLASSES, generate
from attack_runner import run_case

CASES = 80


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the runner forks (POSIX)")
def test_hostile_inputs_through_the_cli(tmp_path):
    cases = generate(str(tmp_path), CASES, seed=2026, quick=True)
    assert {c.kind for c in cases} >= {"html_spans", "zip", "pdf_forms", "mutation", "text",
                                      "names", "projects", "outputs", "arguments"}
    failures, codes = [], collections.Counter()
    for case in cases:
        outcome = run_case(case.argv, str(tmp_path))
        codes[outcome.rc] += 1
        if outcome.problems():
            failures.append((case.kind, case.name, outcome.problems(), outcome.stderr[-200:]))
    print(f"\nattack (quick): {len(cases)} cases, exit codes {dict(codes)}")
    assert failures == []
    assert codes[2] > 0 and codes[0] + codes[1] > 0   # both refusals and reports were seen


def test_every_class_is_generated():
    assert len(CLASSES) == 10
