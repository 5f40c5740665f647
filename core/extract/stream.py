"""Flatten a SourceDocument into one stream of rows, whatever the format.

Every format ends up here as rows of cells in reading order: real table rows (DOCX, HTML,
PDF, the TXT flattenings) and text lines that carry numbers ("行政许可 97", a PDF line
"1.属于国家秘密 0 0 0 0 0 0 0"). Recognition then works on one shape only.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import limits
from ..model import Paragraph, SourceDocument, SourceRef, Table, TextCell
from . import glued
from .labels import clean
from .numbers import Parsed, parse_cell, trailing_numbers

_MAX_LABEL = 48   # a row label is short; a narrative sentence that ends in a number is not


@dataclass
class StreamRow:
    cells: list[TextCell]
    parsed: list[Parsed]
    from_table: bool

    @property
    def texts(self) -> list[int]:
        return [i for i, p in enumerate(self.parsed) if p.kind == "text"]

    @property
    def has_number(self) -> bool:
        return any(p.kind == "number" for p in self.parsed)

    def joined(self) -> str:
        return "".join(c.text for c in self.cells)


def rows_of(doc: SourceDocument) -> list[StreamRow]:
    return list(iter_rows(doc))


def iter_rows(doc: SourceDocument) -> Iterator[StreamRow]:
    """The rows one at a time: recognition keeps what it matched, not the whole stream."""
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                cells = [piece for cell in row for piece in _split_numbers(doc, cell)]
                if any(c.text.strip() for c in cells):
                    yield _row(cells, True)
        elif isinstance(block, Paragraph):
            if glued.looks_glued(block.text):
                yield from _glued_rows(doc, block)
                continue
            for cells in _paragraph_cells(doc, block):
                yield _row(cells, False)


def _anchored(doc: SourceDocument, para: Paragraph) -> bool:
    """Whether the paragraph's ref spans exactly its text (so pieces get refs of their own)."""
    ref = para.ref
    return ref is not None and doc.text[ref.start:ref.end] == para.text


def _para_cell(para: Paragraph, anchored: bool, s: int, e: int) -> TextCell:
    """The piece [s, e) of a paragraph as a cell: its own char span, and on a PDF line the box
    of the chunk it lies in (else the line's)."""
    ref = para.ref
    if not anchored:
        return TextCell(para.text[s:e].strip(), ref)
    box = next((b for a, z, b in para.boxes if a <= s and e <= z), ref.bbox)
    return TextCell(para.text[s:e], SourceRef(ref.start + s, ref.start + e, page=ref.page, bbox=box))


def _glued_rows(doc: SourceDocument, para: Paragraph) -> list[StreamRow]:
    """A line whose table cells ran together: text pieces, and label + run-of-digits rows.

    The run stays one cell (parsed "glued"): only recognition knows how many numbers it
    holds and which sums they keep.
    """
    text, anchored = para.text, _anchored(doc, para)

    def cell(s: int, e: int) -> TextCell:
        return _para_cell(para, anchored, s, e)
    rows: list[StreamRow] = []
    label: TextCell | None = None
    for kind, s, e in glued.segments(text):
        if kind == "text":
            if label is not None:
                rows.append(_row([label], False))
            label = cell(s, e)
            continue
        if label is not None and (len(label.text) > 3 * _MAX_LABEL or re.search(r"[。；]", label.text)):
            rows.append(_row([label], False))   # digits in a sentence: narrative, not cells
            label = None
            continue
        cells = ([label] if label is not None else []) + [cell(s, e)]
        parsed = [Parsed("text")] * (label is not None) + [Parsed("glued")]
        rows.append(StreamRow(cells, parsed, False))
        label = None
    if label is not None:
        rows.append(_row([label], False))
    return rows


def _split_numbers(doc: SourceDocument, cell: TextCell) -> list[TextCell]:
    """A PDF table cell that swallowed its neighbours ("1.属于国家秘密 0", "0 0 0") → cells."""
    if "\n" in cell.text or parse_cell(cell.text).kind != "text":
        return [cell]
    split = trailing_numbers(cell.text)
    if not split or (split[0] and len(split[1]) < 1) or is_sentence(split[0]):
        return [cell]
    label, spans = split
    if not label and len(spans) < 2:
        return [cell]
    ref = cell.ref
    anchored = ref is not None and doc.text[ref.start:ref.end] == cell.text

    def piece(s: int, e: int) -> TextCell:
        if not anchored:
            return TextCell(cell.text[s:e], ref)
        return TextCell(cell.text[s:e], SourceRef(ref.start + s, ref.start + e, page=ref.page,
                                                  bbox=ref.bbox, table=ref.table, row=ref.row,
                                                  col=ref.col))
    out = [piece(cell.text.index(label), cell.text.index(label) + len(label))] if label else []
    return out + [piece(s, e) for s, e in spans]


def _row(cells: list[TextCell], from_table: bool) -> StreamRow:
    return StreamRow(cells, [parse_cell(c.text) for c in cells], from_table)


def _paragraph_cells(doc: SourceDocument, para: Paragraph) -> list[list[TextCell]]:
    """One paragraph → rows: split at tabs (PDF lines), or at a trailing run of numbers."""
    text, anchored = para.text, _anchored(doc, para)

    def cell(s: int, e: int) -> TextCell:
        return _para_cell(para, anchored, s, e)

    lines, pos = [], 0
    for piece in text.split("\n"):
        lines.append((pos, piece))
        pos += len(piece) + 1
    rows = []
    for offset, line in lines:
        if "\t" in line.strip():
            cells, p = [], offset
            # the first limits.MAX_ROW_CELLS cells (the last piece of the split holds the rest)
            for part in line.split("\t", limits.MAX_ROW_CELLS)[:limits.MAX_ROW_CELLS]:
                s = p + len(part) - len(part.lstrip())
                e = p + len(part.rstrip())
                cells.append(cell(s, max(s, e)))
                p += len(part) + 1
            rows.append(cells)
            continue
        split = trailing_numbers(line)
        if split and len(clean(split[0])) <= _MAX_LABEL and not is_sentence(split[0]):
            label, spans = split
            cells = []
            if label:
                start = offset + line.index(label)
                cells.append(cell(start, start + len(label)))
            cells += [cell(offset + s, offset + e) for s, e in spans[:limits.MAX_ROW_CELLS]]
            rows.append(cells)
        else:
            s = offset + len(line) - len(line.lstrip())
            rows.append([cell(s, offset + len(line.rstrip()))])
    return [r for r in rows if any(c.text.strip() for c in r)]


def is_sentence(label: str) -> bool:
    """Narrative, not a row label: sentence punctuation, or counts inside it ("答复 9 件，")."""
    return bool(re.search(r"[。；！？;]|\d\s*[件条个次项]", label))
