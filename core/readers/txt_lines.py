"""A text's lines as (text, start) made on access from a few offsets, never kept.

A list of line objects with their strings costs ~3 bytes of memory per byte of text (a str
header of 50–75 bytes, the object, the offset) on top of the text itself; even one 8-byte
offset a line is 8 bytes per byte of a text of blank lines. So only every _STEP-th line's
offset is kept, and a line's is found from the mark before it (a few finds; the readers walk
the lines in order, so the block last found serves the next look too).
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

_STEP = 32   # lines per kept offset: a look costs up to this many finds, 8 bytes per 32 lines


class Line:
    """One line: its text (no newline) and its offset in the whole text."""

    __slots__ = ("text", "start")

    def __init__(self, text: str, start: int):
        self.text, self.start = text, start


class Lines(Sequence):
    """The lines of `text` split at "\\n"; lines[i] is a fresh Line, a slice a list of them."""

    __slots__ = ("_text", "_marks", "_count", "_block", "_starts")

    def __init__(self, text: str):
        marks, count = array("q", [0]), 1
        find, pos = text.find, text.find("\n")
        while pos != -1:
            if count % _STEP == 0:
                marks.append(pos + 1)
            count += 1
            pos = find("\n", pos + 1)
        self._text, self._marks, self._count = text, marks, count
        self._block, self._starts = -1, []

    def __len__(self) -> int:
        return self._count

    def _start(self, index: int) -> int:
        """Where line `index` starts (one past the last line: the text's length + 1)."""
        block = index // _STEP
        if block != self._block:
            starts, find = [self._marks[block]], self._text.find
            for _ in range(min(_STEP, self._count - block * _STEP)):
                end = find("\n", starts[-1])
                starts.append(len(self._text) + 1 if end == -1 else end + 1)
            self._block, self._starts = block, starts
        return self._starts[index - block * _STEP]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = self._start(index)
        end = self._text.find("\n", start)
        return Line(self._text[start:len(self._text) if end == -1 else end], start)

    def __iter__(self):
        start = 0
        for text in iter_lines(self._text):
            yield Line(text, start)
            start += len(text) + 1


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


def by_pieces(text: str, transform, size: int = 8192) -> str:
    """transform(piece) over pieces of ~`size` characters, each cut just before an ASCII
    character, joined.

    The same string as transform(text) for a transform that works character by character
    (NFKC composes no character with an ASCII one after it, nor reorders across one; removing
    spaces or quotes is local), without the working copies of the whole text that NFKC,
    split() or a sub() of many matches (a string per piece between them) make at once.
    """
    if len(text) <= size:
        return transform(text)
    out, start, search = [], 0, _ASCII.search
    while start < len(text):
        cut = search(text, start + size)
        end = len(text) if cut is None else cut.start()
        out.append(transform(text[start:end]))
        start = end
    return "".join(out)


_ASCII = re.compile(r"[\x00-\x7f]")
