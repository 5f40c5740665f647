"""RTF reader (a report saved as RTF, often under a .doc name): text and tables into the DOCX model.

A small tokenizer over the RTF groups: text (\\uN, \\'hh in the document's code page), \\par and
\\line, and the table words: \\trowd starts a row's definition, \\cellxN gives each cell's right
edge, \\clmgf/\\clmrg and \\clvmgf/\\clvmrg its merges, \\cell and \\row close cells and rows.
Rows become the same grid as the .doc reader's (edges → columns and spans). Destinations that
are not body text (fonts, styles, pictures, headers, field instructions) are skipped.
"""
from __future__ import annotations

import re
from typing import Optional

from ..errors import Cancelled, UnreadableFile
from ..model import SourceDocument
from .doc import _emit_table
from .doc_binary import RowLayout
from .docx import _TextBuilder

_TOKEN = re.compile(rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+")
# Destinations whose content is not body text.
_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"header", b"footer",
         b"headerl", b"headerr", b"headerf", b"footerl", b"footerr", b"footerf", b"fldinst",
         b"listtable", b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl", b"themedata",
         b"colorschememapping", b"datastore", b"latentstyles", b"pgdsctbl", b"footnote",
         b"annotation", b"nonshppict", b"object", b"filetbl", b"revtbl", b"bkmkstart", b"bkmkend",
         b"pnseclvl", b"pntext", b"pntxta", b"pntxtb", b"listtext", b"tc", b"xe", b"falt"}
# fonts of the ANSI or default charset (0, 1) take the document's code page (\\ansicpg936 in China)
_CHARSET_PAGE = {134: "gb18030", 136: "big5", 128: "cp932", 129: "cp949"}
MAX_DEPTH = 200


class _State:
    __slots__ = ("skip", "uc", "font")

    def __init__(self, skip=False, uc=1, font=None):
        self.skip, self.uc, self.font = skip, uc, font

    def copy(self) -> "_State":
        return _State(self.skip, self.uc, self.font)


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read an RTF document (whatever its file name)."""
    if not data.lstrip()[:5] == b"{\\rtf":
        raise UnreadableFile("RTF 文档已损坏，无法读取。", "no {\\rtf header")
    parser = _Parser(_codepage(data), _font_pages(data))
    parser.run(data, cancelled)
    if progress is not None:
        progress(1, 1)
    return SourceDocument(path=path, format="rtf", text=parser.out.text(), blocks=parser.out.blocks,
                          origins=parser.origins)


def _codepage(data: bytes) -> str:
    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    page = f"cp{int(m.group(1))}" if m else "cp1252"
    return "gb18030" if page in ("cp936", "cp54936") else page


def _font_pages(data: bytes) -> dict[int, str]:
    """Font number → code page, from \\fcharset in the font table (\\'hh text follows its font)."""
    out = {}
    for m in re.finditer(rb"\\f(\d+)[^;{}]*?\\fcharset(\d+)", data[:200000]):
        out[int(m.group(1))] = _CHARSET_PAGE.get(int(m.group(2)), "")
    return out


class _Parser:
    def __init__(self, codepage: str, fonts: dict[int, str]) -> None:
        self.codepage, self.fonts = codepage, fonts
        self.out = _TextBuilder()
        self.origins: dict = {}
        self.chars: list[str] = []
        self.pending: bytearray = bytearray()   # \'hh bytes of one multi-byte character run
        self.pending_page = codepage
        self.in_table = False
        self.cell_lines: list[str] = []
        self.cells: list[tuple[str, int, int]] = []
        self.rows: list = []
        self.edges: list[int] = []
        self.vmerge: list[int] = []
        self.hmerge: list[int] = []
        self.next_merge = [0, 0]
        self.left = 0
        self.skip_chars = 0

    def run(self, data: bytes, cancelled) -> None:
        stack: list[_State] = []
        state = _State()
        dest_next = False
        for n, m in enumerate(_TOKEN.finditer(data)):
            if cancelled is not None and n % 20000 == 0 and cancelled():
                raise Cancelled()
            word, arg, hexa, symbol, brace, text = m.groups()
            if hexa is None:
                self._flush_bytes()
            if brace == b"{":
                if len(stack) > MAX_DEPTH:
                    raise UnreadableFile("RTF 文档结构异常（嵌套过深），无法读取。", "depth")
                stack.append(state)
                state = state.copy()
                dest_next = True
                continue
            if brace == b"}":
                state = stack.pop() if stack else state
                continue
            first, dest_next = dest_next, False
            if symbol == b"*" and first:
                state.skip = True        # an optional destination this reader does not know
                continue
            if word is not None:
                if word in _SKIP:
                    state.skip = True
                elif not state.skip:
                    self._word(word, arg, state)
                elif word == b"uc":
                    state.uc = int(arg or 1)
                continue
            if state.skip:
                continue
            if hexa is not None:
                if self.skip_chars:
                    self.skip_chars -= 1
                    continue
                page = self.fonts.get(state.font, "") or self.codepage
                if page != self.pending_page:
                    self._flush_bytes()
                    self.pending_page = page
                self.pending.append(int(hexa, 16))
            elif symbol is not None:
                self._symbol(symbol)
            elif text:
                decoded = text.decode(self.codepage, errors="replace")
                if self.skip_chars:
                    cut = min(self.skip_chars, len(decoded))
                    decoded, self.skip_chars = decoded[cut:], self.skip_chars - cut
                self.chars.append(decoded)
        self._flush_bytes()
        self._paragraph_end()
        self._end_table()

    def _flush_bytes(self) -> None:
        if self.pending:
            self.chars.append(bytes(self.pending).decode(self.pending_page or self.codepage,
                                                         errors="replace"))
            self.pending.clear()

    def _symbol(self, symbol: bytes) -> None:
        if symbol in (b"\\", b"{", b"}"):
            self.chars.append(symbol.decode())
        elif symbol == b"~":
            self.chars.append(" ")
        elif symbol == b"_":
            self.chars.append("-")
        elif symbol in (b"\n", b"\r"):
            self._paragraph_end()

    def _word(self, word: bytes, arg: Optional[bytes], state: _State) -> None:
        value = int(arg) if arg is not None else None
        if word == b"u" and value is not None:
            self.chars.append(chr(value + 65536 if value < 0 else value))
            self.skip_chars = state.uc
        elif word == b"uc":
            state.uc = value if value is not None else 1
        elif word == b"f":
            state.font = value
        elif word in (b"par", b"sect", b"page"):
            self._paragraph_end()
        elif word == b"line":
            self.chars.append("\n")
        elif word == b"tab":
            self.chars.append("\t")
        elif word == b"pard":
            self.in_table = False
        elif word == b"intbl":
            self.in_table = True
        elif word in (b"cell", b"nestcell"):
            self._cell_end() if word == b"cell" else self.chars.append("\n")
        elif word == b"row":
            self._row_end()
        elif word == b"trowd":
            self.edges, self.vmerge, self.hmerge, self.left = [], [], [], 0
        elif word == b"trleft" and value is not None:
            self.left = value
        elif word in (b"clmgf", b"clmrg", b"clvmgf", b"clvmrg"):
            kind = {b"clmgf": (0, 1), b"clmrg": (0, 2), b"clvmgf": (1, 3), b"clvmrg": (1, 1)}[word]
            self.next_merge[kind[0]] = kind[1]
        elif word == b"cellx" and value is not None:
            self.edges.append(value)
            self.hmerge.append(self.next_merge[0])
            self.vmerge.append(self.next_merge[1])
            self.next_merge = [0, 0]

    def _text(self) -> str:
        text = "".join(self.chars)
        self.chars = []
        return text

    def _paragraph_end(self) -> None:
        text = self._text()
        if self.in_table:
            self.cell_lines.append(text)
            return
        self._end_table()
        self.out.paragraph(text.replace("\xa0", " ").strip())

    def _cell_end(self) -> None:
        self.cell_lines.append(self._text())
        lines = [" ".join(line.replace("\t", " ").split()) for part in self.cell_lines
                 for line in part.split("\n")]
        self.cells.append(("\n".join(line for line in lines if line), 0, 0))
        self.cell_lines = []

    def _row_end(self) -> None:
        if self.chars and "".join(self.chars).strip():
            self._cell_end()
        self.chars = []
        layout = None
        if self.edges:
            layout = RowLayout([min(self.left, self.edges[0])] + self.edges,
                               list(self.vmerge), list(self.hmerge))
        self.rows.append((self.cells, layout))
        self.cells = []

    def _end_table(self) -> None:
        if self.rows:
            _emit_table(self.out, self.rows, {})
            self.rows = []
