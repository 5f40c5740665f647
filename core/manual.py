"""Manual entry: a scan no table could be read from opens with its pages and empty tables."""
from __future__ import annotations

import os
import re
from typing import Optional

from . import schema
from .errors import UnreadableFile
from .model import Finding, Report, SourceDocument
from .readers.pdfium_page import PDFIUM_LOCK, open_document

_YEAR = re.compile(r"(20[12]\d)")


def layout_for(year: Optional[int]) -> str:
    """The official layout a report of this year is printed in (2021 since the 2021 reports;
    today's layout when the year is unknown)."""
    return "2019" if year is not None and year < 2021 else "2021"


def year_from_name(path: str) -> Optional[int]:
    found = _YEAR.findall(os.path.basename(path))
    return int(found[-1]) if found else None


def blank_document(path: str, data: bytes, fmt: str) -> SourceDocument:
    """The pages of a scan (their count and sizes, for the page view), with no text."""
    if fmt == "image":
        # numpy and Pillow load only for a picture (a bundle without OCR lacks numpy)
        from .ocr.pictures import page_sizes
        sizes = page_sizes(data)
    else:
        sizes = _pdf_sizes(data)
    return SourceDocument(path=path, format=fmt, text="", pages=len(sizes), page_sizes=sizes)


def _pdf_sizes(data: bytes) -> list[tuple[float, float]]:
    try:
        pdf = open_document(data)
    except Exception as exc:
        raise UnreadableFile("PDF 文件已损坏，无法读取。", f"{type(exc).__name__}: {exc}") from None
    with PDFIUM_LOCK:
        try:
            return [pdf.page_size(i) for i in range(len(pdf))]
        finally:
            pdf.close()


def blank_report(doc: SourceDocument, reason: str, layout: Optional[str] = None,
                 year: Optional[int] = None) -> Report:
    """Every cell of the layout empty and editable; a notice says why and what to do."""
    year = year if year is not None else year_from_name(doc.path)
    layout = layout or layout_for(year)
    notice = Finding("manual.entry", "warning", params={"reason": reason.rstrip("。"),
                                                          "layout": layout})
    return Report(layout=layout, agency="", year=year, source=doc.path, format=doc.format,
                  cells={key: None for key in schema.cell_keys(layout)}, manual=True,
                  notices=[notice])


def relayout(report: Report, doc: SourceDocument, layout: str) -> Report:
    """The same scan's empty tables in another layout, checked (the clerk chose it)."""
    from .checks.run import run_checks   # the checks load only when asked for
    reason = next((n.params.get("reason", "") for n in report.notices if n.code == "manual.entry"), "")
    out = blank_report(doc, reason, layout=layout, year=report.year)
    out.findings = run_checks(out, doc)
    return out
