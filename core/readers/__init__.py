"""Readers: one module per format, each `read(path, data, progress, cancelled) -> SourceDocument`.

`read_document` checks what the bytes really are (a .txt that is a PDF, a .docx that is an old
Word file, …), applies the size limit, and turns every failure into a typed Chinese error.
"""
from __future__ import annotations

import contextlib
import gc
import os
import threading
from typing import Optional

from .. import limits
from ..names import shown_name
from ..errors import NianbaoError, UnreadableFile, UnsupportedFormat
from ..model import SourceDocument
from ..progress import Cancelled, Progress

MAX_BYTES = limits.MAX_FILE_BYTES   # a real annual report is well under 20 MB

SUFFIX_FORMAT = {".txt": "txt", ".text": "txt", ".md": "txt", ".csv": "txt",
                 ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
                 ".mhtml": "html", ".mht": "html", ".xhtml": "html",
                 ".doc": "doc", ".wps": "doc", ".dot": "doc"}
# What the app opens and a batch picks up from a folder (the file dialog's filter too).
OPENABLE = (".pdf", ".ofd", ".docx", ".doc", ".wps", ".rtf", ".xlsx", ".xls", ".et", ".txt",
            ".html", ".htm", ".mht", ".mhtml", ".png", ".jpg", ".jpeg", ".tif", ".tiff")  # pictures: OCR
LEGACY = {".doc": "Word 97-2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）",
          ".et": "WPS 表格", ".xls": "Excel 97-2003 表格", ".ofd": "OFD 版式文档",
          ".rtf": "RTF 文档"}


def sniff(data: bytes) -> Optional[str]:
    """The format the bytes are, whatever the file name says (None: looks like plain text)."""
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"xl/" in data[:65536] and b"word/" not in data[:65536]:
            return "xlsx"
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"                        # legacy .doc/.wps/.xls
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    lowered = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in data[:200000].lower():
        return "html"
    # MHTML "save as single file": IE/Edge start with MIME-Version, Chrome with From: <Saved by Blink>
    if lowered.startswith((b"mime-version:", b"from:")) and b"text/html" in data[:8192].lower():
        return "html"
    return None


def detect_format(path: str, data: bytes) -> str:
    suffix = os.path.splitext(path)[1].lower()
    sniffed = sniff(data)
    if sniffed == "zip" and (suffix == ".ofd" or b"OFD.xml" in data[:65536]):
        return "ofd"
    if sniffed == "zip":
        raise UnreadableFile("这是一个压缩包（zip），不是 Word 文档，请先解压后打开其中的报告。",
                             "zip without word/")
    if sniffed:
        return sniffed
    if suffix in LEGACY:
        raise UnsupportedFormat(f"不支持{LEGACY[suffix]}，请另存为 .docx 或 PDF 后再打开。", suffix)
    if suffix in (".docx", ".pdf"):
        raise UnreadableFile(f"文件已损坏或不是真正的 {suffix[1:].upper()} 文件，无法打开。",
                             "content does not match the extension")
    return "txt"


def ole_format(path: str, data: bytes) -> str:
    """What a compound file (.doc/.wps/.xls/.et) holds: a Word or an Excel binary."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except Exception as exc:   # noqa: BLE001 — the container itself is damaged
        raise UnreadableFile("文件已损坏，无法读取（Office/WPS 二进制文档）。",
                             f"{type(exc).__name__}: {exc}") from None
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise UnreadableFile("文档已加密（设置了打开密码），无法读取。请取消密码后另存，再打开。",
                             "encrypted OOXML package")
    kind = LEGACY.get(os.path.splitext(path)[1].lower(), "旧版 Office/WPS 二进制文档")
    raise UnsupportedFormat(f"不支持这种{kind}（不是 Word 或 Excel 兼容格式），"
                            "请在 WPS 或 Office 中另存为 .docx 或 PDF 后再打开。",
                            f"OLE streams: {sorted(streams)[:8]}")


def _reader(fmt: str):
    # Each reader is imported when a file of its format is read (pdfium, lxml, python-docx,
    # olefile, xlrd: 20–100 ms each): a TXT never pays for the PDF machinery.
    if fmt == "txt":
        from . import txt
        return txt.read
    if fmt == "docx":
        from . import docx
        return docx.read
    if fmt == "pdf":
        from . import pdf
        return pdf.read
    if fmt == "html":
        from . import html
        return html.read
    if fmt == "doc":
        from . import doc
        return doc.read
    if fmt == "rtf":
        from . import rtf
        return rtf.read
    if fmt == "ofd":
        from . import ofd
        return ofd.read
    if fmt in ("xls", "xlsx"):
        from . import sheet
        return sheet.read
    if fmt == "image":   # a picture of a report page: OCR (core/ocr)
        from ..ocr import pictures
        return pictures.read
    raise UnsupportedFormat(f"不支持的文件格式：{fmt}")


_paused = 0
_paused_lock = threading.Lock()


@contextlib.contextmanager
def _collector_paused():
    """No cyclic garbage collection while a document is read.

    A big PDF makes millions of small objects (char dicts), and each full collection they
    trigger holds the GIL for 35–80 ms: the app's window, on another thread, stalls. They
    are freed by reference counting anyway; collections resume once no read is under way.
    """
    global _paused
    with _paused_lock:
        if _paused == 0:
            _paused = -1 if not gc.isenabled() else 1   # -1: it was off before us, leave it
            if _paused == 1:
                gc.disable()
        elif _paused > 0:
            _paused += 1
    try:
        yield
    finally:
        with _paused_lock:
            if _paused > 0:
                _paused -= 1
                if _paused == 0:
                    gc.enable()
            elif _paused == -1:
                _paused = 0


def read_document(path: str, progress: Progress = None, cancelled: Cancelled = None,
                  max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read any supported report file into a SourceDocument, or raise a NianbaoError."""
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件：{shown_name(path)}", path) from None
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件：{shown_name(path)}", str(exc)) from None
    if os.path.isdir(path):
        raise UnreadableFile("这是一个文件夹，不是报告文件。", path)
    if size == 0:
        raise UnreadableFile("文件是空的（0 字节），没有可读取的内容。", path)
    if size > max_bytes:
        raise UnreadableFile(
            f"文件太大（{size / 1024 / 1024:.0f} MB），超过 {max_bytes // 1024 // 1024} MB 上限，"
            "不像是一份年度报告。", f"{size} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件：{shown_name(path)}", str(exc)) from None
    fmt = detect_format(path, data)
    if fmt == "ole":
        fmt = ole_format(path, data)
    try:
        with _collector_paused():
            doc = _reader(fmt)(path, data, progress, cancelled)
    except NianbaoError:
        raise
    except MemoryError:
        raise UnreadableFile("文件内容过大，内存不足，无法读取。", "MemoryError") from None
    except Exception as exc:  # a reader library failed on a damaged file
        raise UnreadableFile(f"文件已损坏或格式异常，无法读取（{fmt.upper()}）。",
                             f"{type(exc).__name__}: {exc}") from None
    if not doc.text or doc.text.isspace():   # (strip() would copy the whole text)
        raise UnreadableFile("文件里没有文字内容。", f"{fmt}: no text")
    limits.check_text(doc.text)   # what recognition will walk through, from any format
    return doc
