"""Severity is one type: findings made with a plain string get it, and it prints and saves as before."""
import json

import pytest

from core.model import Finding, Severity


def test_a_plain_string_becomes_the_severity():
    f = Finding(code="x", severity="warning")
    assert f.severity is Severity.WARNING
    assert Finding(code="x", severity=Severity.ERROR).severity is Severity.ERROR


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError):
        Finding(code="x", severity="fatal")


def test_saved_and_printed_as_the_word_it_was():
    f = Finding(code="x", severity="error")
    assert json.loads(json.dumps(f.to_json()))["severity"] == "error"
    assert f"{f.severity}" == str(f.severity) == "error"
    assert (Severity.ERROR.label, Severity.WARNING.label) == ("错误", "警告")
