"""One call from a file to a checked report: read → recognise → check. Used by CLI, batch, GUI."""
from __future__ import annotations

from .errors import Cancelled as CancelledError, NotAReport, ScannedDocument
from .extract import recognize_report
from .model import Report, SourceDocument
from .ocr.doubt import doubt_notices
from .progress import Cancelled, Progress
from .readers import detect_format, read_document
from .readers.txt_lines import by_pieces

OCR_NO_TABLES = "扫描件中没有识别出统计表（表二、表三、表四），可在程序中对照原页手工录入。"


def extract(doc: SourceDocument) -> Report:
    """Recognise the statistical tables of a read document (no checks)."""
    report = recognize_report(doc)
    if doc.ocr_pages or doc.ocr_cells:
        report.ocr = True
        # the pictures were read: "the tables may be pictures" would no longer be true
        report.notices = [n for n in report.notices if n.code != "extract.tables_as_images"]
        report.notices.extend(doubt_notices(report, doc))
    return report


def open_report(path: str, progress: Progress = None, cancelled: Cancelled = None,
                with_checks: bool = True) -> tuple[SourceDocument, Report]:
    """Read, recognise and (by default) check a report. Raises core.errors.NianbaoError; a scan
    that yields no table raises ScannedDocument (the CLI says why, exit 2)."""
    doc = read_document(path, progress, cancelled)
    _stop_if(cancelled)   # recognition and checks take seconds at most (core.limits)
    report = extract(doc)
    if doc.ocr_pages and len(report.missing_tables) == 3:
        raise ScannedDocument(OCR_NO_TABLES, f"{len(doc.ocr_pages)} pages OCR'd, no table")
    _refuse_non_report(doc, report)
    _stop_if(cancelled)
    if with_checks:
        from .checks.run import run_checks   # the checks load only when asked for
        report.findings = run_checks(report, doc)
    return doc, report


def open_or_blank(path: str, progress: Progress = None,
                  cancelled: Cancelled = None) -> tuple[SourceDocument, Report]:
    """open_report for the app: a scan no table could be read from (no OCR engine, too coarse,
    nothing recognised) opens instead with its pages and empty tables for typing by hand."""
    try:
        return open_report(path, progress, cancelled)
    except ScannedDocument as exc:
        # manual entry (and the picture library it draws on) loads only for such a scan
        from .checks.run import run_checks
        from .manual import blank_document, blank_report
        with open(path, "rb") as fh:
            data = fh.read()
        doc = blank_document(path, data, detect_format(path, data))
        report = blank_report(doc, exc.message)
        report.findings = run_checks(report, doc)
        return doc, report


def _stop_if(cancelled: Cancelled) -> None:
    if cancelled is not None and cancelled():
        raise CancelledError()


# Words every annual report prints (its title, the 条例 it is made under); a document with
# none of them and no statistical table is some other file, not a report without tables.
_REPORT_WORDS = ("政府信息公开", "政务公开", "信息公开")
NOT_A_REPORT = ("这份文件不像政府信息公开工作年度报告：既没有找到统计表，也没有“政府信息公开”字样。"
                "请确认打开的是年度报告。")


def _refuse_non_report(doc: SourceDocument, report: Report) -> None:
    if len(report.missing_tables) < 3:
        return
    compact = by_pieces(doc.text, lambda piece: "".join(piece.split()))
    if not any(word in compact for word in _REPORT_WORDS):
        raise NotAReport(NOT_A_REPORT, f"{doc.format}: no tables, no report words")
