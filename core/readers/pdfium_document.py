"""A PDF opened for reading with pdfium's C functions alone (pypdfium2_raw), no helper layer.

The text reader needs a handful of pdfium calls: open, count, load a page and its text, size,
rotation, crop box, close. pypdfium2's helper layer (its object wrappers, logging, a tracker
of open objects) costs every command-line run about 10 ms to import, a twentieth of reading a
4-page report, so reading goes without it. Rendering (the app, OCR of scanned pages) still
uses pypdfium2's PdfDocument, which loads then.

Every call must hold pdfium_page.PDFIUM_LOCK (pdfium is not thread-safe).
"""
from __future__ import annotations

import ctypes

import pypdfium2_raw as raw

_initialised = False


class PdfiumError(Exception):
    """pdfium refused the file; err_code is FPDF_GetLastError's answer (4: password needed)."""

    def __init__(self, message: str, err_code: int = 0):
        super().__init__(message)
        self.err_code = err_code


def _initialise() -> None:
    # The config pypdfium2 passes (version 2, no font paths, no V8). pdfium ignores a second
    # initialisation, so pypdfium2 loading later in the same process (the app) is harmless.
    global _initialised
    if not _initialised:
        config = raw.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None,
                                         m_v8EmbedderSlot=0)
        raw.FPDF_InitLibraryWithConfig(config)
        _initialised = True


class Page:
    """One loaded page: its size, rotation, crop box and text page, closed with close()."""

    def __init__(self, handle):
        self.raw = handle
        self._text = None

    def text_handle(self):
        """The page's FPDF_TEXTPAGE, loaded once (closed with the page)."""
        if self._text is None:
            self._text = raw.FPDFText_LoadPage(self.raw)
            if not self._text:
                raise PdfiumError("Failed to load text page.")
        return self._text

    def rotation(self) -> int:
        """The page's /Rotate, clockwise degrees."""
        quarter = raw.FPDFPage_GetRotation(self.raw)
        if quarter not in (0, 1, 2, 3):
            raise PdfiumError("Failed to get page rotation.")
        return quarter * 90

    def size(self) -> tuple[float, float]:
        return float(raw.FPDF_GetPageWidthF(self.raw)), float(raw.FPDF_GetPageHeightF(self.raw))

    def cropbox(self) -> tuple[float, float, float, float]:
        """left, bottom, right, top; the MediaBox where no CropBox is set, and US letter where
        neither is (as pypdfium2's get_cropbox)."""
        for box in (raw.FPDFPage_GetCropBox, raw.FPDFPage_GetMediaBox):
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if box(self.raw, left, bottom, right, top):
                return left.value, bottom.value, right.value, top.value
        return 0.0, 0.0, 612.0, 792.0

    def close(self) -> None:
        if self._text is not None:
            raw.FPDFText_ClosePage(self._text)
            self._text = None
        if self.raw is not None:
            raw.FPDF_ClosePage(self.raw)
            self.raw = None


class Document:
    """A PDF held in memory: len() pages, page(i), page_size(i), close()."""

    def __init__(self, data: bytes):
        _initialise()
        self._data = data   # pdfium reads from this buffer for as long as the document is open
        self.raw = raw.FPDF_LoadMemDocument64(data, len(data), None)
        if not self.raw:
            code = int(raw.FPDF_GetLastError())
            raise PdfiumError(f"Failed to load document (PDFium error {code}).", code)

    def __len__(self) -> int:
        return int(raw.FPDF_GetPageCount(self.raw))

    def page(self, index: int) -> Page:
        handle = raw.FPDF_LoadPage(self.raw, index)
        if not handle:
            raise PdfiumError(f"Failed to load page {index}.")
        return Page(handle)

    def page_size(self, index: int) -> tuple[float, float]:
        size = raw.FS_SIZEF()
        if not raw.FPDF_GetPageSizeByIndexF(self.raw, index, ctypes.byref(size)):
            raise PdfiumError(f"Failed to get the size of page {index}.")
        return float(size.width), float(size.height)

    def close(self) -> None:
        if self.raw is not None:
            raw.FPDF_CloseDocument(self.raw)
            self.raw = None
