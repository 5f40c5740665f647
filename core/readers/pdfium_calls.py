"""pdfium's C functions called without ctypes' per-call argument conversion, for the hot loops.

pypdfium2's bindings declare the argument types of every function, so each call converts and
checks each argument: about two thirds of a call's cost (0.7 µs a call against 0.25 µs
without, measured on the corpus), and a page's chars and paths take tens of thousands of
calls. An unchecked twin is the same C function at the same address, with the same return
type and calling convention, and no argument types.

The caller must then pass every argument already in its C shape, since nothing checks it:
the handles pypdfium2 gave (ctypes pointers, passed as pointers), Python ints for C ints,
and ctypes.byref(...) for every out-parameter (a struct or a c_int passed bare would go by
value, and an int in place of a handle would be cut to 32 bits).
"""
from __future__ import annotations

import ctypes
import functools


@functools.cache
def unchecked(raw, name: str):
    """pypdfium2.raw's function `name` without argument types (see the module's docstring)."""
    checked = getattr(raw, name)
    twin = type(checked)(ctypes.cast(checked, ctypes.c_void_p).value)
    twin.restype = checked.restype
    return twin
