"""File names as the OS gives them, shown safely in messages, JSON and workbook cells."""
from __future__ import annotations

import os
from typing import Union

PathLike = Union[str, bytes, "os.PathLike"]


def shown(path: PathLike) -> str:
    """`path` as text a console, a message box or a workbook cell can hold.

    On Linux a name that is not UTF-8 (a GBK name from an old Windows share or USB stick)
    arrives with its bytes escaped as lone surrogates, which no UTF-8 writer accepts. Such
    bytes are read as GB18030 when they are that, else shown as \\xNN escapes.
    """
    name = os.fspath(path)
    if isinstance(name, str):
        try:
            name.encode("utf-8")
            return name
        except UnicodeEncodeError:
            raw = name.encode("utf-8", "surrogateescape") if _escaped_only(name) else None
            if raw is None:
                return name.encode("utf-8", "backslashreplace").decode("utf-8")
    else:
        raw = name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def shown_name(path: PathLike) -> str:
    """The last part of `path` (the file's own name), shown safely."""
    return shown(os.path.basename(os.fspath(path)))


def _escaped_only(name: str) -> bool:
    # surrogateescape uses U+DC80..U+DCFF only; other lone surrogates came from elsewhere
    return all(not 0xD800 <= ord(ch) <= 0xDFFF or 0xDC80 <= ord(ch) <= 0xDCFF for ch in name)
