"""Plain-text reports: detect the encoding, then rebuild the tables from their flattenings.

Published reports reach us as text dumps in three flattenings (see tests/fixtures/real):
one cell per line with a leading tab and a blank line between rows (肖寨门镇-2020),
tab-separated rows (城郊乡-2020, 大水坑镇-2020) and Markdown pipe tables (more/02).
A fourth, columns aligned with spaces (pdftotext -layout, OA exports), is in txt_columns;
a fifth, one cell per line with `|` on lines of their own (web-to-text tools), in txt_bars.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from .. import limits
from ..errors import UnreadableFile
from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell
from .txt_bars import bar_tables
from .txt_columns import FixedRows
from .txt_lines import Line as _Line, Lines

_HEADING = re.compile(r"^\s*(#+\s*)?[一二三四五六七八九十]+[、.．]")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MAX_CONTINUATION = 24   # a wrapped cell line ("企业", "不予处理") is short; a paragraph is not
# Rows (and cells) of a table kept at once: recognition reads rows, not tables, so a long table
# (a hostile text of one table is 300 bytes of objects per cell) goes out in parts. A report's:
# ~30 rows, ~200 cells; a cell and its parsed forms cost several hundred bytes.
_MAX_BLOCK_ROWS, _MAX_BLOCK_CELLS = 64, 256


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). UTF-8 (with or without BOM) first, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if _looks_binary(data):
        raise UnreadableFile("这不是文本文件（内容为二进制数据），无法作为报告读取。", "NUL bytes")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK/GB2312: the common encodings of Chinese government text.
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnreadableFile("无法识别文件的文字编码，内容可能已损坏。", "no encoding found")
    return str(best), best.encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return sample.count(0) > 0 or controls / len(sample) > 0.05


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    limits.check("文本文件大小", len(data), limits.MAX_TEXT_BYTES, in_bytes=True)
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    limits.check_text(text)
    if not text or text.isspace():
        raise UnreadableFile("文件里没有文字内容。", "blank text")
    if _garbled(text):
        raise UnreadableFile("文件内容无法识别为文字（可能是损坏的或非文本文件）。", "garbled")
    if progress:
        progress(1, 1)
    return SourceDocument(path=path, format="txt", text=text, blocks=TextBlocks(text),
                          encoding=encoding)


def _garbled(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\t\f\x1b"))
    return bad / max(1, len(sample)) > 0.02


# ---------------------------------------------------------------- lines → blocks
def _kind(line: str) -> str:
    if not line.strip() and "\t" not in line:
        return "blank"
    if line.lstrip().startswith("|") and line.count("|") >= 2:
        return "pipe"
    body = line[1:] if line.startswith("\t") else line
    if "\t" in body:
        return "tabrow"
    if line.startswith("\t"):
        return "cell"
    return "text"


def _cell(text: str, start: int, end: int) -> TextCell:
    """A cell from source span [start, end), trimmed so the ref covers just its text."""
    raw = text[start:end]
    left = len(raw) - len(raw.lstrip())
    right = len(raw.rstrip())
    s, e = start + left, start + max(left, right)
    return TextCell(text[s:e], SourceRef(s, e))


def _split_cells(text: str, line: _Line, sep: str) -> list[TextCell]:
    """The line's cells between separators, the first limits.MAX_ROW_CELLS of them (found one
    at a time: splitting a long line would make all its pieces at once)."""
    cells, pos, end = [], line.start, line.start + len(line.text)
    while len(cells) < limits.MAX_ROW_CELLS:
        cut = text.find(sep, pos, end)
        cells.append(_cell(text, pos, end if cut == -1 else cut))
        if cut == -1:
            break
        pos = cut + 1
    return cells


def _pipe_cells(text: str, line: _Line) -> list[TextCell]:
    cells = _split_cells(text, line, "|")
    # "| a | b |" splits into an empty piece before the first bar and after the last one.
    if cells and not cells[0].text and line.text.lstrip().startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1].text and line.text.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


class TextBlocks(Sequence):
    """A text's blocks, made afresh on every pass instead of kept: a cell of a text table costs
    ~300 bytes as Python objects, so holding them all cost ~45 bytes per byte of text, where one
    pass at a time (recognition reads the blocks once) holds one table's."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __iter__(self) -> Iterator:
        return iter_blocks(self.text)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __getitem__(self, index):
        return parse_blocks(self.text)[index]


def parse_blocks(text: str) -> list:
    return list(iter_blocks(text))


def iter_blocks(text: str) -> Iterator:
    """The text's paragraphs and tables in order, each yielded as soon as it is complete."""
    lines = Lines(text)
    kinds = _Kinds(lines)
    bars = bar_tables(text, lines)
    fixed = FixedRows(text, lines, _Kinds(lines, bars))
    table: list[list[TextCell]] = []
    table_kind = None
    i = 0

    def flush() -> list:
        """The table gathered so far, as a list of zero or one block, and a fresh one begun."""
        nonlocal table, table_kind
        done = [Table(rows=table, ref=_span(table))] if table else []
        table, table_kind = [], None
        return done

    while i < len(lines):
        if len(table) >= _MAX_BLOCK_ROWS or sum(map(len, table)) >= _MAX_BLOCK_CELLS:
            # a long table goes on in a block of its own
            yield Table(rows=table, ref=_span(table))
            table = []
        line = lines[i]
        kind = _kind(line.text)
        if i in bars:   # one cell per line, `|` lines between (txt_bars)
            yield from flush()
            end, rows = bars[i]
            yield Table(rows=rows, ref=_span(rows))
            i = end
            continue
        if kind == "blank":
            # one-cell-per-line tables keep a blank line between rows: not the table's end;
            # nor do fixed-width ones (pdftotext -layout) when the next line is their next row
            if table_kind != "cell" and not _fixed_continues(fixed, kinds, i, table_kind):
                yield from flush()
            i += 1
            continue
        found = fixed.take(i)
        if found:
            segment, row = found
            if table_kind != ("fixed", segment):
                yield from flush()
            table_kind = ("fixed", segment)
            table.append(row)
            i += 1
            continue
        if kind in ("pipe", "tabrow"):
            if table_kind not in (None, kind):
                yield from flush()
            table_kind = kind
            if kind == "pipe":
                if not _PIPE_SEPARATOR.match(line.text):
                    table.append(_pipe_cells(text, line))
            else:
                table.append(_split_cells(text, line, "\t"))
            i += 1
            continue
        if kind == "cell":
            if table_kind not in (None, "cell"):
                yield from flush()
            table_kind = "cell"
            row, i = _cell_row(text, lines, i)
            table.append(row)
            continue
        yield from flush()  # a text line always ends the table before it
        yield Paragraph(line.text.strip(), _cell(text, line.start, line.start + len(line.text)).ref)
        i += 1
    yield from flush()


def _fixed_continues(fixed: FixedRows, kinds: Sequence[str], i: int, table_kind) -> bool:
    if not isinstance(table_kind, tuple):
        return False
    while i < len(kinds) and kinds[i] == "blank":
        i += 1
    found = fixed.peek(i) if i < len(kinds) else None
    return found is not None and found[0] == table_kind[1]


class _Kinds(Sequence):
    """Each line's kind, worked out when asked (a list of them costs 8 bytes a line, as much
    as a text of blank lines itself); "bar" for the lines of bar-separated tables if given."""

    __slots__ = ("lines", "bar_starts", "bar_ends")

    def __init__(self, lines: Lines, bars: dict | None = None):
        self.lines = lines
        self.bar_starts = sorted(bars or ())
        self.bar_ends = [bars[s][0] for s in self.bar_starts]

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> str:
        k = bisect_right(self.bar_starts, i) - 1
        if k >= 0 and i < self.bar_ends[k]:
            return "bar"
        return _kind(self.lines[i].text)


def _cell_row(text: str, lines: Lines, i: int) -> tuple[list[TextCell], int]:
    """Read one row of a one-cell-per-line table: tab-led lines until a blank line.

    A line without the leading tab continues the cell above (a header wrapped inside its
    cell, "商业\\n企业" in 大岚镇-2021), so long as it is short and not a section heading.
    """
    cells: list[TextCell] = []
    while i < len(lines):
        line = lines[i]
        kind = _kind(line.text)
        if kind == "blank" and line.text and cells:
            # lines of bare spaces inside a wrapped cell (董家镇-2020 "（五）\n不予处理\n \n \n")
            j = i
            while j < len(lines) and lines[j].text and not lines[j].text.strip():
                j += 1
            if j < len(lines) and _kind(lines[j].text) == "cell":
                i = j
                continue
            break
        if kind == "cell":
            cells.append(_cell(text, line.start + 1, line.start + len(line.text)))
        elif kind == "text" and cells and _is_continuation(line.text):
            prev = cells[-1]
            end = line.start + len(line.text.rstrip())
            start = prev.ref.start if prev.text else line.start + (len(line.text) - len(line.text.lstrip()))
            joined = "".join(part.strip() for part in text[start:end].split("\n"))
            cells[-1] = TextCell(joined, SourceRef(start, max(start, end)))
        else:
            break
        i += 1
    return cells, i


def _is_continuation(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= _MAX_CONTINUATION and not _HEADING.match(line)


def _span(rows: list[list[TextCell]]) -> SourceRef | None:
    refs = [c.ref for row in rows for c in row if c.ref is not None]
    if not refs:
        return None
    return SourceRef(min(r.start for r in refs), max(r.end for r in refs))
