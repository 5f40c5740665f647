"""Typed errors that cross the core boundary: a plain Chinese message plus a technical detail."""
from __future__ import annotations


class NianbaoError(Exception):
    """Base of every error the core raises on purpose. `message` is shown to the user as is."""

    exit_code = 2

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class UnreadableFile(NianbaoError):
    """The file cannot be read as a report: missing, empty, corrupt, encrypted, scanned, too big."""


class UnsupportedFormat(UnreadableFile):
    """A format we do not read (legacy .doc/.wps, images, …)."""


class ScannedDocument(UnreadableFile):
    """A scan (PDF without a text layer, a picture) that could not be read into tables: no OCR
    engine, too coarse, nothing recognised. The app still opens it for manual entry."""


class NotAReport(UnreadableFile):
    """A readable document that is no 政府信息公开工作年度报告: no tables, no such words."""


class Cancelled(NianbaoError):
    """The user cancelled a long operation."""

    exit_code = 130

    def __init__(self, message: str = "操作已取消", detail: str = ""):
        super().__init__(message, detail)
