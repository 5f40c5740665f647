"""Caps on what one input file may make us build, and a zip check that enforces them.

A real annual report is a few hundred table cells on a few dozen pages. Hostile or broken
files (rowspan="0" in a 1000-column grid, a 2 KB PDF whose forms fan out, a DOCX part that
inflates to gigabytes) must be refused plainly, in bounded time and memory, not by luck.
Every reader (and the ones still to come) checks against these numbers and raises TooLarge.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Optional, Union

from .errors import UnreadableFile

if TYPE_CHECKING:
    import zipfile

MAX_FILE_BYTES = 100 * 1024 * 1024      # any input file
# Recognition costs ~0.1 ms a line, ~0.07 ms a number on a line and ~10 s per MB of report-like
# text: a report is ~5–100 KB of text in ~100–3000 lines (the real ones in tests/fixtures: at
# most 15 000 characters, 440 lines, 430 on a line), so these caps keep every file to seconds.
MAX_TEXT_CHARS = 250_000                # characters of text, whatever the format
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS     # a text file (no encoding needs more per character)
MAX_TEXT_LINES = 8_000
MAX_HTML_BYTES = 16 * 1024 * 1024       # a web page: Word's HTML export is markup-heavy
MAX_LINE_CHARS = 50_000                 # crawler dumps put a whole table on one line
# Cells read of one row of text (a report's row: at most 31); the rest could only be listed as
# extra values, and a 50 000-character line of them costs megabytes as cell objects.
MAX_ROW_CELLS = 256
MAX_TABLE_COLUMNS = 1_000               # the HTML standard clamps colspan to 1000 too
MAX_TABLE_CELLS = 50_000                # grid positions (rows × columns) of one table
MAX_DOC_CELLS = 20_000                  # cells of all tables of one document (a report: ~1 500)
MAX_PART_BYTES = 64 * 1024 * 1024       # one zip member, inflated
MAX_ZIP_BYTES = 256 * 1024 * 1024       # all zip members together, inflated
MAX_ZIP_MEMBERS = 10_000
MAX_SHEET_CELLS = 20_000                # an embedded Excel sheet (a report's table: ~400)
MAX_SHEET_BYTES = 16 * 1024 * 1024      # an embedded workbook, all its parts inflated
MAX_PDF_PAGES = 500
MAX_PDF_OBJECTS = 300_000               # page objects walked on one page, forms included
MAX_PDF_CHARS = 500_000                 # characters on one page

MSG_TOO_LARGE = "文件过大或结构异常：{what}（{found}，上限 {limit}），不像是一份年度报告，无法读取。"


class TooLarge(UnreadableFile):
    """A file that would make us build more than a report ever needs (named in the message)."""

    def __init__(self, what: str, found: int, limit: int, in_bytes: bool = False):
        super().__init__(MSG_TOO_LARGE.format(what=what, found=_amount(found, in_bytes),
                                              limit=_amount(limit, in_bytes)),
                         f"limit: {what} {found} > {limit}")
        self.what = what


def _amount(value: int, in_bytes: bool) -> str:
    if in_bytes:
        return f"{value / (1024 * 1024):.1f} MB" if value < 10 * 1024 * 1024 else \
            f"{value // (1024 * 1024)} MB"
    return f"{value:,}"


def check(what: str, found: int, limit: int, in_bytes: bool = False) -> None:
    """Raise TooLarge when `found` exceeds `limit`."""
    if found > limit:
        raise TooLarge(what, found, limit, in_bytes)


def check_zip(source: Union[bytes, zipfile.ZipFile], part_limit: Optional[int] = None,
              total_limit: Optional[int] = None, what: str = "压缩包") -> None:
    """Refuse a zip container (DOCX, XLSX, OFD, …) whose members inflate beyond the caps.

    The sizes come from the central directory; zipfile stops inflating a member at its
    declared size and fails its CRC when the header lied, so these caps bound the real work.
    Not a zip at all: left to the reader, which reports a damaged file its own way.
    """
    import zipfile   # only zip containers need it, not a PDF or TXT read (~1.5 ms a process)
    if isinstance(source, (bytes, bytearray, memoryview)):
        try:
            with zipfile.ZipFile(io.BytesIO(source)) as archive:
                check_zip(archive, part_limit, total_limit, what)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return
        return
    part_limit = MAX_PART_BYTES if part_limit is None else part_limit
    total_limit = MAX_ZIP_BYTES if total_limit is None else total_limit
    infos = source.infolist()
    check(f"{what}中的文件数", len(infos), MAX_ZIP_MEMBERS)
    total = 0
    for info in infos:
        if info.file_size > part_limit:
            raise TooLarge(f"{what}中的 {info.filename[:60]} 解压后", info.file_size, part_limit,
                           in_bytes=True)
        total += info.file_size
    if total > total_limit:
        raise TooLarge(f"{what}解压后的总大小", total, total_limit, in_bytes=True)


def check_text(text: str) -> None:
    """Refuse text too long, of too many lines, or with a line too long to recognise in time."""
    check("文字字符数", len(text), MAX_TEXT_CHARS)
    check("文字行数", text.count("\n") + 1, MAX_TEXT_LINES)
    check("最长一行的字符数", longest_line(text), MAX_LINE_CHARS)


def longest_line(text: str) -> int:
    """The longest line's length, found without splitting (a list of every line would cost
    more memory than the text itself)."""
    longest, start, find = 0, 0, text.find
    while True:
        end = find("\n", start)
        if end == -1:
            return max(longest, len(text) - start)
        longest, start = max(longest, end - start), end + 1
