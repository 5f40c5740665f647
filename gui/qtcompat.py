"""Guard against PySide6 6.12.0 dropping a reference to None on every void call (Python < 3.12).

Seen with PySide6-Essentials 6.12.0 on CPython 3.11: each call of a C++ method that returns
nothing (QPainter.save, QPainter.fillRect, …) and each None a Python data() hands to Qt takes one
reference off None without having added it. A window repaint makes thousands of such calls,
so after a few seconds CPython aborts with "none_dealloc: deallocating None". 6.11.2 does not
do it, and from CPython 3.12 None is immortal, so there it is harmless.

We probe once instead of trusting version numbers; when the probe loses references we give
None a reserve of 2**40 references (a trillion void calls), once. An object that is never freed
cannot be harmed by a high count. The real fix is to avoid 6.12.0 (see the packaging notes).
"""
from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40
_guarded = False


def drops_none() -> bool:
    """True when a void Qt call takes a reference from None (the 6.12.0 bug)."""
    from PySide6.QtCore import QRect
    rect = QRect(0, 0, 1, 1)
    before = sys.getrefcount(None)
    for _ in range(64):
        rect.setWidth(2)   # a void C++ method
    return sys.getrefcount(None) < before - 32


def guard_none() -> bool:
    """Apply the reserve if this PySide6 needs it; safe to call many times. True if applied."""
    global _guarded
    if _guarded:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or not drops_none():
        return False
    # ob_refcnt is the first field of every CPython object (Include/object.h, 3.11 and older).
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    refcnt.value += RESERVE
    _guarded = True
    return True
