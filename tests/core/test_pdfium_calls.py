"""pdfium's unchecked calls (core.readers.pdfium_calls) read pages exactly as the checked ones.

The unchecked twins skip ctypes' argument checks, so an argument passed in the wrong shape
(a struct by value, an int for a handle) would read garbage silently: every page's chars,
sizes, ruling lines, images and curves are compared, upright and rotated, with pypdfium2's checked bindings.
"""
from __future__ import annotations

import pathlib

import pytest

from core.readers import pdfium_page
from core.readers.pdfium_page import SIZE

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
PAGES = [
    FIXTURES / "pdf" / "report_10p.pdf",                              # ruled tables, 10 pages
    FIXTURES / "corpus" / "pdf" / "黄岭镇-2020.pdf",                    # a real report
    FIXTURES / "adversarial" / "cases" / "p01_landscape.pdf",         # /Rotate
    FIXTURES / "adversarial" / "cases" / "p05_vertical_text.pdf",     # text turned upright
    FIXTURES / "adversarial" / "cases" / "d23_nested_in_cell.pdf",
    FIXTURES / "scans" / "混合-第2页扫描.pdf",                           # an image page
]


def _checked(raw, name: str):
    """pypdfium2's own binding, its argument types declared and checked on every call."""
    return getattr(raw, name)


def _read_all(path: pathlib.Path) -> list[pdfium_page.PageContent]:
    pdf = pdfium_page.open_document(path.read_bytes())
    try:
        return [pdfium_page.read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_unchecked_calls_read_every_page_as_the_checked_bindings(path, monkeypatch):
    fast = _read_all(path)
    monkeypatch.setattr(pdfium_page, "unchecked", _checked)
    slow = _read_all(path)
    assert fast == slow
    assert sum(len(page.chars) for page in fast) > 0 or any(page.images for page in fast)


def test_the_pages_compared_hold_what_the_unchecked_calls_read():
    """Sizes, lines, images and a turned page are all among the pages compared above."""
    pages = [page for path in PAGES for page in _read_all(path)]
    assert len({ch[SIZE] for page in pages for ch in page.chars}) > 3
    assert sum(len(page.edges) for page in pages) > 100
    assert any(page.images for page in pages)


@pytest.mark.parametrize("rotation", [90, 270])
def test_unchecked_calls_read_a_rotated_page_as_the_checked_bindings(rotation, tmp_path, monkeypatch):
    import pypdfium2
    source = pypdfium2.PdfDocument(str(PAGES[1]))
    for page in source:
        page.set_rotation(rotation)
    turned = tmp_path / "turned.pdf"
    source.save(str(turned))
    source.close()
    fast = _read_all(turned)
    monkeypatch.setattr(pdfium_page, "unchecked", _checked)
    assert fast == _read_all(turned)


def test_an_unchecked_twin_is_the_same_function_without_argument_types():
    import pypdfium2.raw as raw
    from core.readers.pdfium_calls import unchecked
    twin = unchecked(raw, "FPDFText_GetFontSize")
    assert twin.argtypes is None
    assert twin.restype is raw.FPDFText_GetFontSize.restype
    assert unchecked(raw, "FPDFText_GetFontSize") is twin   # made once per process
