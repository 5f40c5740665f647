"""Word 97–2003 and WPS (.doc, .wps) reader: paragraphs and tables into the DOCX document model.

The text comes through the piece table (doc_binary); a table is the run of paragraphs marked
in-table, each cell closed by a cell mark and each row by its row-end paragraph, whose
TDefTable gives the cells' edges (a cell wider than the grid's columns spans them) and the
vertical merge flags. An Excel worksheet embedded as an object (its EMBED field's separator
names its ObjectPool storage) gives its tables where it stands. Each cell keeps the character positions of its text in the .doc
(`SourceDocument.origins`), so a corrected copy can be written later.
"""
from __future__ import annotations

import io
from typing import Optional

from ..errors import Cancelled, NianbaoError, UnreadableFile
from ..model import SourceDocument
from . import sheet
from .doc_binary import DocParagraph, RowLayout, paragraphs, table_stream_name
from .docx import _TextBuilder
from .docx_embedded import GridCell

_EDGE_SLACK = 30   # twips: one column edge as two writers round it


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read a Word 97-2003 binary document (any name: .doc, .wps, .dot)."""
    word, table, extra, pool = _streams(data)
    paras = paragraphs(word, table, extra)
    out = _TextBuilder()
    origins: dict = {}
    rows: list[tuple[list[tuple[str, int, int]], Optional[RowLayout]]] = []
    cell: list[DocParagraph] = []
    cells: list[tuple[str, int, int]] = []
    for done, para in enumerate(paras):
        if cancelled is not None and done % 200 == 0 and cancelled():
            raise Cancelled()
        if not para.in_table:
            if rows:
                _emit_table(out, rows, origins)
                rows = []
            out.paragraph(_clean(para.text))
            for object_id in para.objects:   # a worksheet pasted as an object: its tables
                _embedded_sheet(out, pool.get(object_id))
            continue
        if para.row_end:
            rows.append((cells, para.layout))
            cells, cell = [], []
        elif para.end == "\x07" and para.depth <= 1:
            cell.append(para)
            cells.append(_cell_text(cell))
            cell = []
        else:
            cell.append(para)   # another paragraph of the cell, or a nested table's line
    if cells:
        rows.append((cells, None))
    if rows:
        _emit_table(out, rows, origins)
    if progress is not None:
        progress(1, 1)
    return SourceDocument(path=path, format="doc", text=out.text(), blocks=out.blocks,
                          origins=origins, images=sum(p.pictures for p in paras))


def _streams(data: bytes) -> tuple[bytes, bytes, bytes]:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:   # noqa: BLE001 — any failure of the container means damaged
        raise UnreadableFile("Word 97-2003 文档已损坏，无法读取。", f"{type(exc).__name__}: {exc}") from None
    with ole:
        if not ole.exists("WordDocument"):
            raise UnreadableFile("这个文件里没有 Word 文档内容，无法读取。", "no WordDocument stream")
        word = ole.openstream("WordDocument").read()
        name = table_stream_name(word) if len(word) >= 0x20 else "0Table"
        table = ole.openstream(name).read() if ole.exists(name) else b""
        extra = ole.openstream("Data").read() if ole.exists("Data") else b""
        pool = {}
        for entry in ole.listdir():
            if len(entry) == 3 and entry[0] == "ObjectPool" and entry[2] in ("Workbook", "Package") \
                    and entry[1].lstrip("_").isdigit():
                pool[int(entry[1].lstrip("_"))] = ole.openstream(entry).read()
    return word, table, extra, pool


def _embedded_sheet(out: _TextBuilder, data: Optional[bytes]) -> None:
    """An embedded Excel worksheet (BIFF, or an .xlsx package) as the tables it holds."""
    if not data:
        return
    try:
        sheets = list(sheet.workbook_sheets(data))
    except NianbaoError:
        return   # a damaged object: its picture was all the reader could have shown
    for each in sheets:
        for kind, item in sheet.sheet_blocks(each):
            if kind == "paragraph":
                out.paragraph(item[0])
            else:
                out.table(item)


def _clean(text: str) -> str:
    return text.replace("\xa0", " ").strip()


def _cell_text(paras: list[DocParagraph]) -> tuple[str, int, int]:
    """The cell's lines as the DOCX reader makes them, and its span of characters in the .doc."""
    lines = [" ".join(line.replace("\t", " ").split())
             for para in paras for line in para.text.split("\n")]
    cps = [cp for para in paras for cp in para.cps]
    span = (cps[0], cps[-1] + 1) if cps else (paras[-1].cp, paras[-1].cp)
    return "\n".join(line for line in lines if line), span[0], span[1]


def _emit_table(out: _TextBuilder, rows: list, origins: dict) -> None:
    before = len(out.blocks)
    index = out._tables
    out.table(_grid(rows, origins, index))
    if len(out.blocks) == before:   # an empty table is not written: its origins go too
        for key in [k for k in origins if k[0] == index]:
            del origins[key]


def _columns(rows: list) -> list[int]:
    """The table's column edges: every row's cell edges, near ones taken as one."""
    edges = sorted({e for _cells, layout in rows if layout for e in layout.edges})
    merged: list[int] = []
    for e in edges:
        if not merged or e - merged[-1] > _EDGE_SLACK:
            merged.append(e)
    return merged


def _column_of(columns: list[int], edge: int) -> int:
    return min(range(len(columns)), key=lambda i: abs(columns[i] - edge))


def _grid(rows: list, origins: dict, table: int) -> list[list[GridCell]]:
    columns = _columns(rows)
    out: list[list[GridCell]] = []
    open_v: dict[int, GridCell] = {}
    for r, (cells, layout) in enumerate(rows):
        fits = layout is not None and len(layout.edges) == len(cells) + 1 and columns
        row: list[GridCell] = []
        next_open: dict[int, GridCell] = {}
        col = 0
        for i, (text, start, end) in enumerate(cells):
            if fits:
                col = _column_of(columns, layout.edges[i])
                span = max(1, _column_of(columns, layout.edges[i + 1]) - col)
                vmerge, hmerge = layout.vmerge[i], layout.hmerge[i]
            else:
                span, vmerge, hmerge = 1, 0, 0
            if vmerge == 1 and col in open_v:
                origin = open_v[col]
                origin.rowspan = r - origin.row + 1
                next_open[col] = origin
            elif hmerge in (2, 3) and row:
                row[-1].colspan = col + span - row[-1].col   # a legacy horizontal merge
            else:
                cell = GridCell(text, r, col, colspan=span)
                row.append(cell)
                origins[(table, r, col)] = (start, end)
                if vmerge == 3:
                    next_open[col] = cell
            col += span
        open_v = next_open
        out.append(row)
    return out
