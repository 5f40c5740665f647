"""One call from a file to a checked report: read → recognise → check. Used by CLI, batch, GUI."""
from __future__ import annotations

from .errors import NotAReport
from .extract import recognize_report
from .model import Report, SourceDocument
from .progress import Cancelled, Progress
from .readers import read_document


def extract(doc: SourceDocument) -> Report:
    """Recognise the statistical tables of a read document (no checks)."""
    return recognize_report(doc)


def open_report(path: str, progress: Progress = None, cancelled: Cancelled = None,
                with_checks: bool = True) -> tuple[SourceDocument, Report]:
    """Read, recognise and (by default) check a report. Raises core.errors.NianbaoError."""
    doc = read_document(path, progress, cancelled)
    report = extract(doc)
    _refuse_non_report(doc, report)
    if with_checks:
        from .checks.run import run_checks   # the checks load only when asked for
        report.findings = run_checks(report, doc)
    return doc, report


# Words every annual report prints (its title, the 条例 it is made under); a document with
# none of them and no statistical table is some other file, not a report without tables.
_REPORT_WORDS = ("政府信息公开", "政务公开", "信息公开")
NOT_A_REPORT = ("这份文件不像政府信息公开工作年度报告：既没有找到统计表，也没有“政府信息公开”字样。"
                "请确认打开的是年度报告。")


def _refuse_non_report(doc: SourceDocument, report: Report) -> None:
    if len(report.missing_tables) < 3:
        return
    compact = "".join(doc.text.split())
    if not any(word in compact for word in _REPORT_WORDS):
        raise NotAReport(NOT_A_REPORT, f"{doc.format}: no tables, no report words")
