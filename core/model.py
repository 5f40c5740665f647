"""The data that flows through the core: source documents, where a cell came from, reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Optional, Union

from .names import shown

Number = Union[int, float]


def column_letters(col: int) -> str:
    """A 0-based column as a worksheet names it: 0 → A, 25 → Z, 26 → AA."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a piece of text sits in the source.

    `start`/`end` are character offsets into `SourceDocument.text` (every format has them, so
    the app can always highlight); `page` (0-based) and `bbox` (x0, top, x1, bottom in PDF
    points, origin top-left) are set for PDF; `table`/`row`/`col` (0-based, in the grid with
    spans expanded) are set for DOCX and HTML tables; workbooks add `sheet`, and their
    row/col are the sheet's (so the cell is 表三!C7).
    """

    start: int
    end: int
    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None
    table: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None
    sheet: Optional[str] = None   # workbooks: the sheet; row/col are then the sheet's own

    @property
    def address(self) -> Optional[str]:
        """表三!C7: a workbook cell as Excel names it (None outside workbooks)."""
        if self.sheet is None or self.row is None or self.col is None:
            return None
        return f"{self.sheet}!{column_letters(self.col)}{self.row + 1}"

    def to_json(self) -> dict:
        out: dict = {"start": self.start, "end": self.end}
        if self.page is not None:
            out["page"] = self.page + 1  # people count pages from 1
            out["bbox"] = [round(v, 1) for v in self.bbox] if self.bbox else None
        if self.table is not None:
            out.update(table=self.table, row=self.row, col=self.col)
        if self.sheet is not None:
            out.update(sheet=self.sheet, cell=self.address)
        return out

    @classmethod
    def from_json(cls, data: dict) -> "SourceRef":
        page = data.get("page")
        bbox = data.get("bbox")
        return cls(start=data["start"], end=data["end"],
                   page=None if page is None else page - 1,
                   bbox=tuple(bbox) if bbox else None,
                   table=data.get("table"), row=data.get("row"), col=data.get("col"),
                   sheet=data.get("sheet"))


@dataclass(slots=True)
class TextCell:
    """One cell of a source table, spans kept as the source has them."""

    text: str
    ref: Optional[SourceRef] = None
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Paragraph:
    text: str
    ref: Optional[SourceRef] = None
    # PDF: (start, end, bbox) of each column-chunk of the line, offsets into `text`, so a
    # number split off the line keeps its own box rather than the whole line's
    boxes: tuple = ()


@dataclass
class Table:
    """A source table: rows of cells. A cell covered by a span of an earlier cell is absent."""

    rows: list[list[TextCell]]
    ref: Optional[SourceRef] = None


Block = Union[Paragraph, Table]


@dataclass
class SourceDocument:
    """What a reader returns: the display text, the blocks in reading order, page count."""

    path: str
    format: str                 # "txt", "docx", "doc", "rtf", "pdf", "html", "xlsx", "xls", "ofd"
    text: str                   # the text the app displays; every SourceRef indexes into it
    blocks: list[Block] = field(default_factory=list)
    pages: int = 0              # PDF only
    encoding: Optional[str] = None
    page_sizes: list[tuple[float, float]] = field(default_factory=list)  # PDF points
    images: int = 0             # pictures in the document: a table missing may be one of them
    page_turns: list[int] = field(default_factory=list)   # PDF: degrees clockwise, beyond each
    # page's /Rotate, that show its text upright; boxes are in that view (the app renders it so)
    # .doc: (table, row, col) of a cell → (first, end) character positions of its text in the
    # file, so that a corrected copy can be written without re-reading the binary
    origins: dict = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)    # pages read by OCR (0-based)
    # OCR: (page, box in points, text, confidence 0–1) of every run of text recognised
    ocr_words: list[tuple[int, tuple[float, float, float, float], str, float]] = field(default_factory=list)
    ocr_seals: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)  # red seals
    # DOCX: cells of tables read by OCR from pictures, (table, row, col) → the least sure word
    # read there (text, confidence), for the 请核对 marks where there are no pages
    ocr_cells: dict[tuple[int, int, int], tuple[str, float]] = field(default_factory=dict)


class Severity(str, Enum):
    """How bad a finding is. A str, so that JSON and old comparisons with "error" still hold."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


@dataclass
class Finding:
    """A problem found in a report: a record, worded by core.messages."""

    code: str                   # rule id, e.g. requests.balance.total
    severity: Severity          # a plain "error"/"warning" is turned into one
    cells: tuple[str, ...] = ()
    params: dict = field(default_factory=dict)
    message: str = ""           # Chinese, filled from the catalogue
    hint: Optional[dict] = None  # {"key": ..., "value": ...}: one change that fixes every error

    def __post_init__(self) -> None:
        self.severity = Severity(self.severity)

    def to_json(self) -> dict:
        out = {"code": self.code, "severity": self.severity.value, "cells": list(self.cells),
               "message": self.message, "params": self.params}
        if self.hint:
            out["hint"] = self.hint
        return out


@dataclass
class Report:
    """A parsed report: canonical cells with provenance, plus what the extraction noticed."""

    layout: str
    agency: Optional[str]        # None when the report names no body
    year: Optional[int]
    source: str
    format: str
    cells: dict[str, Optional[Number]]
    provenance: dict[str, SourceRef] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)          # key -> text as printed
    blank_refs: dict[str, SourceRef] = field(default_factory=dict)  # where a blank cell sits
    missing_tables: list[str] = field(default_factory=list)   # "active" / "requests" / "appeals"
    notices: list[Finding] = field(default_factory=list)      # extraction warnings
    findings: list[Finding] = field(default_factory=list)     # filled by core.checks.run
    ocr: bool = False           # some pages were read by OCR (their numbers may be marked 请核对)
    manual: bool = False        # no table could be read: empty tables for typing by hand

    def meta_json(self) -> dict:
        out = {"layout": self.layout, "agency": self.agency, "year": self.year,
               "source": shown(self.source), "format": self.format,
               "missing_tables": list(self.missing_tables)}
        if self.ocr:
            out["ocr"] = True
        if self.manual:
            out["manual"] = True
        return out

    def to_json(self) -> dict:
        return {
            "meta": self.meta_json(),
            "cells": dict(self.cells),
            "provenance": {k: ref.to_json() for k, ref in self.provenance.items()},
            "findings": [f.to_json() for f in self.notices + self.findings],
        }
