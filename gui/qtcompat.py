"""Guard against PySide6 6.12.0 dropping references to None, True and False (CPython < 3.12).

Seen with PySide6-Essentials 6.12.0 on CPython 3.11: each call of a C++ method that returns
nothing (QPainter.save, QPainter.fillRect, …) and each None a Python data() hands to Qt takes one
reference off None without having added it; each Signal.emit() does the same to the bool it
returns. A window repaint makes thousands of such calls, so after a few seconds CPython aborts
with "none_dealloc: deallocating None" (or bool_dealloc). 6.11.2 does not do it, and from
CPython 3.12 these objects are immortal, so there it is harmless.

We probe once instead of trusting version numbers; when the probe loses references we give
None, True and False a reserve of 2**40 references each (a trillion calls), once. Objects that
are never freed cannot be harmed by a high count. The real fix is to avoid 6.12.0.
"""
from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40
_guarded = False


def drops_refs() -> bool:
    """True when a void Qt call or a signal emit takes a reference it never gave (6.12.0)."""
    from PySide6.QtCore import QObject, QRect, Signal

    class Probe(QObject):
        ping = Signal()

    rect, probe = QRect(0, 0, 1, 1), Probe()
    nones, trues, falses = (sys.getrefcount(x) for x in (None, True, False))
    for _ in range(64):
        rect.setWidth(2)   # a void C++ method
        probe.ping.emit()  # returns a bool
    lost = (nones - sys.getrefcount(None), trues - sys.getrefcount(True),
            falses - sys.getrefcount(False))
    return max(lost) >= 32


def guard_refcounts() -> bool:
    """Apply the reserve if this PySide6 needs it; safe to call many times. True if applied."""
    global _guarded
    if _guarded:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or not drops_refs():
        return False
    # ob_refcnt is the first field of every CPython object (Include/object.h, 3.11 and older).
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    _guarded = True
    return True
