"""`python -m core extract`: JSON on stdout, exit 0; unreadable input: one line on stderr, exit 2."""
import json

import pytest

from core.cli import main
from core_fixtures import SHARED_FIXTURES

SAMPLE = SHARED_FIXTURES / "reports" / "城郊乡-2020.txt"


def test_extract_prints_json(capsys):
    assert main(["extract", "--no-checks", str(SAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"meta", "cells", "provenance", "findings"}
    assert data["meta"]["layout"] == "2019" and data["meta"]["year"] == 2020
    assert data["meta"]["missing_tables"] == []
    assert data["cells"]["active.licensing.decisions"] == 241
    assert data["cells"]["requests.granted.natural"] is None
    assert data["provenance"]["active.licensing.decisions"]["start"] >= 0


@pytest.mark.parametrize("name,content", [
    ("empty.txt", b""),
    ("garbage.txt", bytes(range(256)) * 8),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 40),
    ("fake.pdf", b"this is not a pdf at all"),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
])
def test_unreadable_input_exit_2_one_line(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("错误：")
    assert "Traceback" not in err


def test_missing_file(capsys):
    assert main(["extract", "/nonexistent/x.pdf"]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_oversized_file_refused_fast(tmp_path, capsys):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)    # sparse: costs no disk
    assert main(["extract", str(path)]) == 2
    assert "太大" in capsys.readouterr().err
