"""Word 97–2003 binary (.doc, WPS .wps): the main text through the piece table, paragraph and
character properties from their FKP pages, as the [MS-DOC] specification lays them out.

Only what the statistics tables need is decoded: each paragraph's text, whether it is in a
table, whether it ends a row, and the row's cell layout (TDefTable: edges and merge flags);
hidden and deleted characters and field instructions are dropped as Word does not show them.
"""
from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field
from typing import Optional

from ..errors import UnreadableFile, UnsupportedFormat

FIB_MAGIC = 0xA5EC
_F_COMPLEX, _F_ENCRYPTED, _F_WHICH_TABLE, _F_OBFUSCATED = 0x0004, 0x0100, 0x0200, 0x8000
_FC_CLX, _FC_BTE_PAPX, _FC_BTE_CHPX = 33, 13, 12    # indices in FibRgFcLcb97
_PAGE = 512

# sprms (two-byte codes) the reader acts on
IN_TABLE, TTP, ITAP, INNER_TTP, INNER_CELL = 0x2416, 0x2417, 0x6649, 0x244C, 0x244B
DEF_TABLE, VERT_MERGE, HUGE_PAPX = 0xD608, 0xD62B, 0x6646
C_VANISH, C_RMARK_DEL, C_FLD_VANISH = 0x083C, 0x0800, 0x0802
C_OLE2, C_PIC_LOCATION = 0x080A, 0x6A03   # an EMBED field's separator: its ObjectPool storage
_CHANGE_TABS = 0xC615

_ENCRYPTED = "文档已加密（设置了打开密码），无法读取。请在 Word/WPS 中取消密码后另存，再打开。"
_DAMAGED = "Word 97-2003 文档已损坏，无法读取。"


@dataclass
class RowLayout:
    """A table row's cells as TDefTable gives them: the edges (twips) and the merge flags."""

    edges: list[int]
    vmerge: list[int]            # per cell: 0 none, 1 continues the cell above, 3 starts a merge
    hmerge: list[int]            # per cell: 0 none, 1 first of a legacy merge, 2/3 merged into it


@dataclass
class DocParagraph:
    """A paragraph of the main text: its characters (end mark excluded) and table marks."""

    text: str
    cp: int                      # character position of the first character in the .doc
    cps: list[int]               # character position of each character of `text`
    end: str                     # "\r" paragraph, "\x07" cell or row end, "\x0c" page/section
    in_table: bool = False
    row_end: bool = False
    depth: int = 0
    layout: Optional[RowLayout] = None
    objects: list = field(default_factory=list)   # ObjectPool ids of OLE objects embedded here
    pictures: int = 0            # pictures and drawings anchored here (a table may be one)


@dataclass
class _Piece:
    cp: int
    cp_end: int
    fc: int
    width: int                   # bytes per character: 1 (compressed cp1252) or 2 (UTF-16)
    sprms: list = field(default_factory=list)


def check_encryption(word: bytes) -> None:
    """Refuse an encrypted or obfuscated document with a plain message."""
    if len(word) < 0x20 or struct.unpack_from("<H", word, 0)[0] != FIB_MAGIC:
        raise UnreadableFile(_DAMAGED, "no Word FIB")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & (_F_ENCRYPTED | _F_OBFUSCATED):
        raise UnreadableFile(_ENCRYPTED, "fEncrypted")


def table_stream_name(word: bytes) -> str:
    return "1Table" if struct.unpack_from("<H", word, 0x0A)[0] & _F_WHICH_TABLE else "0Table"


def paragraphs(word: bytes, table: bytes, data: bytes = b"") -> list[DocParagraph]:
    """The main document's paragraphs in order."""
    check_encryption(word)
    n_fib = struct.unpack_from("<H", word, 2)[0]
    if n_fib < 0x00C1 and n_fib not in (0x00C0, 0x00BF):
        raise UnsupportedFormat("这是 Word 6.0/95 格式的旧文档，本程序不支持，"
                                "请在 Word/WPS 中另存为 .docx 后再打开。", f"nFib {n_fib:#x}")
    fib = _Fib(word)
    pieces = _pieces(table, fib.pair(_FC_CLX))
    pap = _Fkps(word, table, fib.pair(_FC_BTE_PAPX), "pap")
    chp = _Fkps(word, table, fib.pair(_FC_BTE_CHPX), "chp")
    return _split(word, pieces, fib.ccp_text, pap, chp, data)


class _Fib:
    def __init__(self, word: bytes) -> None:
        csw = struct.unpack_from("<H", word, 0x20)[0]
        lw = 0x22 + csw * 2
        cslw = struct.unpack_from("<H", word, lw)[0]
        self.ccp_text = struct.unpack_from("<i", word, lw + 2 + 3 * 4)[0]
        self._fclcb = lw + 2 + cslw * 4 + 2
        self._count = struct.unpack_from("<H", word, lw + 2 + cslw * 4)[0]
        self._word = word

    def pair(self, index: int) -> tuple[int, int]:
        if index >= self._count:
            return 0, 0
        return struct.unpack_from("<II", self._word, self._fclcb + index * 8)


def _pieces(table: bytes, clx: tuple[int, int]) -> list[_Piece]:
    """The piece table (Clx): where each run of characters is stored, and how."""
    fc, lcb = clx
    blob = table[fc:fc + lcb]
    pos, grpprls = 0, []
    while pos < len(blob) and blob[pos] == 0x01:          # Prc: property modifiers of pieces
        size = struct.unpack_from("<h", blob, pos + 1)[0]
        grpprls.append(_sprms(blob[pos + 3:pos + 3 + size]))
        pos += 3 + size
    if pos >= len(blob) or blob[pos] != 0x02:
        raise UnreadableFile(_DAMAGED, "no piece table")
    size = struct.unpack_from("<I", blob, pos + 1)[0]
    plc = blob[pos + 5:pos + 5 + size]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise UnreadableFile(_DAMAGED, "empty piece table")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    out = []
    for i in range(n):
        _flags, fc_raw, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * i)
        compressed = bool(fc_raw & 0x40000000)
        start = (fc_raw & 0x3FFFFFFF) // 2 if compressed else fc_raw & 0x3FFFFFFF
        sprms = grpprls[prm >> 1] if prm & 1 and (prm >> 1) < len(grpprls) else []
        out.append(_Piece(cps[i], cps[i + 1], start, 1 if compressed else 2, sprms))
    return out


def _operand_size(sprm: int, blob: bytes, pos: int) -> tuple[int, int]:
    """(bytes before the operand proper, operand length) of the sprm whose operand is at pos."""
    spra = sprm >> 13
    if spra in (0, 1):
        return 0, 1
    if spra in (2, 4, 5):
        return 0, 2
    if spra == 3:
        return 0, 4
    if spra == 7:
        return 0, 3
    if sprm in (DEF_TABLE, 0xD606):
        return 2, struct.unpack_from("<H", blob, pos)[0] - 1
    if sprm == _CHANGE_TABS and blob[pos] == 255:   # the long form: deletions and additions
        dels = blob[pos + 1]
        adds = blob[pos + 2 + dels * 4]
        return 1, 1 + dels * 4 + 1 + adds * 3
    return 1, blob[pos]


def _sprms(blob: bytes) -> list[tuple[int, bytes]]:
    """A grpprl as (sprm, operand) pairs."""
    out, pos = [], 0
    while pos + 2 <= len(blob):
        sprm = struct.unpack_from("<H", blob, pos)[0]
        pos += 2
        if pos >= len(blob):
            break
        skip, size = _operand_size(sprm, blob, pos)
        size = max(size, 0)
        out.append((sprm, blob[pos + skip:pos + skip + size]))
        pos += skip + size
    return out


class _Fkps:
    """Formatted disk pages: runs of file positions (fc) and the properties (grpprl) of each."""

    def __init__(self, word: bytes, table: bytes, plc: tuple[int, int], kind: str) -> None:
        fc, lcb = plc
        n = (lcb - 4) // 8
        self.starts: list[int] = []
        self.runs: list[tuple[int, int, list]] = []
        if n <= 0:
            return
        pns = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
        for pn in pns:
            page = word[(pn & 0x3FFFFF) * _PAGE:(pn & 0x3FFFFF) * _PAGE + _PAGE]
            if len(page) == _PAGE:
                self._page(page, kind)
        order = sorted(range(len(self.runs)), key=lambda i: self.runs[i][0])
        self.runs = [self.runs[i] for i in order]
        self.starts = [r[0] for r in self.runs]

    def _page(self, page: bytes, kind: str) -> None:
        crun = page[-1]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for i in range(crun):
            if kind == "pap":
                off = page[4 * (crun + 1) + 13 * i] * 2
                grpprl = _papx(page, off) if off else b""
            else:
                off = page[4 * (crun + 1) + i] * 2
                grpprl = page[off + 1:off + 1 + page[off]] if off else b""
            self.runs.append((fcs[i], fcs[i + 1], _sprms(grpprl) if grpprl else []))

    def at(self, fc: int) -> list:
        i = bisect.bisect_right(self.starts, fc) - 1
        if i >= 0 and self.runs[i][0] <= fc < self.runs[i][1]:
            return self.runs[i][2]
        return []


def _papx(page: bytes, off: int) -> bytes:
    """PapxInFkp: the grpprl after the style index."""
    cb = page[off]
    blob = page[off + 2:off + 2 + 2 * page[off + 1]] if cb == 0 else page[off + 1:off + 2 * cb]
    return blob[2:]


def _split(word: bytes, pieces: list[_Piece], ccp_text: int, pap: _Fkps, chp: _Fkps,
           data: bytes) -> list[DocParagraph]:
    out: list[DocParagraph] = []
    chars: list[str] = []
    cps: list[int] = []
    fields: list[bool] = []           # per open field: True while in its instructions
    objects: list[int] = []
    pictures = 0
    for piece in pieces:
        if piece.cp >= ccp_text:
            break
        end = min(piece.cp_end, ccp_text)
        raw = word[piece.fc:piece.fc + (end - piece.cp) * piece.width]
        text = raw.decode("cp1252" if piece.width == 1 else "utf-16-le", errors="replace")
        for k, ch in enumerate(text):
            cp = piece.cp + k
            fc = piece.fc + k * piece.width
            if ch in "\r\x07\x0c":
                if ch == "\x0c" and not chars:
                    continue
                out.append(_paragraph(chars, cps, ch, pap.at(fc) + piece.sprms, data))
                out[-1].objects, objects = objects, []
                out[-1].pictures, pictures = pictures, 0
                chars, cps = [], []
                continue
            if ch == "\x13":
                fields.append(True)
                continue
            if ch == "\x14":
                if fields:
                    fields[-1] = False
                embedded = _embedded_object(chp.at(fc))
                if embedded is not None:
                    objects.append(embedded)
                continue
            if ch == "\x15":
                if fields:
                    fields.pop()
                continue
            if any(fields) or _invisible(chp.at(fc)):
                continue
            if ch in "\x01\x08":
                pictures += 1
            shown = _SHOWN.get(ch, ch)
            if shown:
                chars.append(shown)
                cps.append(cp)
    if chars:
        out.append(_paragraph(chars, cps, "\r", [], data))
    return out


# Special characters: line break, non-breaking and optional hyphens, tab; objects drop out.
_SHOWN = {"\x0b": "\n", "\x1e": "-", "\x1f": "", "\x01": "", "\x08": "", "\x02": "",
          "\x05": "", "\x03": "", "\x04": "", "\x00": "", "\xa0": " "}


def _embedded_object(sprms: list) -> Optional[int]:
    """The ObjectPool id an EMBED field's separator names (fOle2 with a picture location)."""
    props = dict(sprms)
    location = props.get(C_PIC_LOCATION, b"")
    if props.get(C_OLE2, b"\x00")[:1] in (b"\x01", b"\x81") and len(location) == 4:
        return struct.unpack("<I", location)[0]
    return None


def _invisible(sprms: list) -> bool:
    """Hidden text, a deleted revision, or a hidden field's result."""
    for sprm, operand in sprms:
        if sprm in (C_VANISH, C_RMARK_DEL, C_FLD_VANISH) and operand and operand[0] in (1, 0x81):
            return True
    return False


def _paragraph(chars: list[str], cps: list[int], end: str, sprms: list, data: bytes) -> DocParagraph:
    para = DocParagraph("".join(chars), cps[0] if cps else -1, list(cps), end)
    for sprm, operand in sprms:
        if sprm == HUGE_PAPX and len(operand) == 4 and data:
            at = struct.unpack_from("<I", operand)[0]
            size = struct.unpack_from("<H", data, at)[0] if at + 2 <= len(data) else 0
            _apply(para, _sprms(data[at + 2:at + 2 + size]))
    _apply(para, sprms)
    return para


def _apply(para: DocParagraph, sprms: list) -> None:
    for sprm, operand in sprms:
        value = operand[0] if operand else 0
        if sprm == IN_TABLE:
            para.in_table = bool(value)
            para.depth = max(para.depth, 1 if value else 0)
        elif sprm == ITAP and len(operand) >= 4:
            para.depth = struct.unpack_from("<i", operand)[0]
            para.in_table = para.depth > 0
        elif sprm == TTP:
            para.row_end = bool(value)
        elif sprm == DEF_TABLE:
            para.layout = _row_layout(operand)
        elif sprm == VERT_MERGE and para.layout is not None and len(operand) >= 2:
            itc, flags = operand[0], operand[1]
            if itc < len(para.layout.vmerge):
                para.layout.vmerge[itc] = flags & 3


def _row_layout(operand: bytes) -> Optional[RowLayout]:
    """TDefTableOperand: itcMac, rgdxaCenter (itcMac + 1 edges), then a TC80 per cell."""
    if not operand:
        return None
    n = operand[0]
    if len(operand) < 1 + 2 * (n + 1):
        return None
    edges = list(struct.unpack_from(f"<{n + 1}h", operand, 1))
    vmerge, hmerge = [0] * n, [0] * n
    base = 1 + 2 * (n + 1)
    for i in range(n):
        at = base + 20 * i
        if at + 2 <= len(operand):     # TC80 may be left out for the last cells
            grf = struct.unpack_from("<H", operand, at)[0]
            hmerge[i], vmerge[i] = grf & 3, (grf >> 5) & 3
    return RowLayout(edges, vmerge, hmerge)
