"""One call from a file to a checked report: read → recognise → check. Used by CLI, batch, GUI."""
from __future__ import annotations

from .model import Report, SourceDocument
from .readers import Cancelled, Progress, read_document


def extract(doc: SourceDocument) -> Report:
    """Recognise the statistical tables of a read document (no checks)."""
    from .extract import recognize_report
    return recognize_report(doc)


def open_report(path: str, progress: Progress = None, cancelled: Cancelled = None,
                with_checks: bool = True) -> tuple[SourceDocument, Report]:
    """Read, recognise and (by default) check a report. Raises core.errors.NianbaoError."""
    doc = read_document(path, progress, cancelled)
    report = extract(doc)
    if with_checks:
        from .checks import run_checks
        report.findings = run_checks(report, doc)
    return doc, report
