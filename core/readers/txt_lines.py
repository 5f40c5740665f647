"""A text's lines as (text, start) made on access from one array of offsets, never kept.

A list of line objects with their strings costs ~3 bytes of memory per byte of text (a str
header of 50–75 bytes, the object, the offset) on top of the text itself; the offsets alone
cost 8 bytes a line. The readers look at each line a few times, so making it again is cheap.
"""
from __future__ import annotations

from array import array
from collections.abc import Sequence


class Line:
    """One line: its text (no newline) and its offset in the whole text."""

    __slots__ = ("text", "start")

    def __init__(self, text: str, start: int):
        self.text, self.start = text, start


class Lines(Sequence):
    """The lines of `text` split at "\\n"; lines[i] is a fresh Line, a slice a list of them."""

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str):
        starts = array("q", [0])
        find, pos = text.find, text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        starts.append(len(text) + 1)   # where a line after the last would start
        self._text, self._starts = text, starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = self._starts[index]
        return Line(self._text[start:self._starts[index + 1] - 1], start)

    def __iter__(self):
        text, starts = self._text, self._starts
        for k in range(len(starts) - 1):
            yield Line(text[starts[k]:starts[k + 1] - 1], starts[k])


class LineTexts(Sequence):
    """Just the lines' texts, on access as well."""

    __slots__ = ("lines",)

    def __init__(self, lines: Sequence):
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [line.text for line in self.lines[index]]
        return self.lines[index].text


def iter_lines(text: str):
    """The lines of `text` one at a time (str.split would hold them all at once)."""
    start, find = 0, text.find
    while True:
        end = find("\n", start)
        if end == -1:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def by_pieces(text: str, transform, size: int = 65536) -> str:
    """transform(piece) over pieces of ~`size` characters cut just after a newline, joined.

    The same string as transform(text) for a transform that works character by character or
    line by line (NFKC composes nothing across a newline; removing spaces or quotes is local),
    without the working copies of the whole text that NFKC or split() make at once.
    """
    if len(text) <= size:
        return transform(text)
    out, start = [], 0
    while start < len(text):
        cut = text.find("\n", start + size)
        end = len(text) if cut == -1 else cut + 1
        out.append(transform(text[start:end]))
        start = end
    return "".join(out)
