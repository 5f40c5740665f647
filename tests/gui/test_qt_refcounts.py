"""The installed Qt binding keeps CPython's reference counts: PySide6-Essentials 6.12.0 did not.

On CPython 3.11 each void C++ call (QRect.setWidth, QPainter.save, …) and each Signal.emit()
of 6.12.0 took a reference off None or a bool without having added it; a window's repaints
make thousands, and CPython aborted with "none_dealloc: deallocating None" within seconds.
pyproject excludes that release; this test fails on any release that does it again.
"""
import sys

import pytest
from PySide6.QtCore import QObject, QRect, Signal

CALLS = 64   # few enough that an affected release fails the test rather than aborting it


class Probe(QObject):
    ping = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal from 3.12")
def test_void_calls_and_emits_keep_the_reference_counts_of_none_and_bools(qapp):
    rect, probe = QRect(0, 0, 1, 1), Probe()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(CALLS):
        rect.setWidth(2)    # a void C++ method
        probe.ping.emit()   # returns a bool
    after = [sys.getrefcount(x) for x in (None, True, False)]
    lost = [b - a for b, a in zip(before, after)]
    assert max(lost) < CALLS // 2, f"references lost to None/True/False: {lost}"


def test_pyproject_excludes_the_release_known_to_do_it():
    import pathlib
    import re
    text = (pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml").read_text("utf-8")
    assert "!=6.12.0" in re.search(r'"PySide6-Essentials[^"]*"', text).group(0)
