"""Count, before pdfium draws a page, the objects its form XObjects expand to.

A form may draw other forms, each many times: a 3 KB file of eight nested forms drawn ten
times each asks pdfium for 10^8 objects (gigabytes, minutes) before any limit of ours is
reached. The count here reads each form's content once (pdfminer, which pdfplumber brings)
and multiplies along the references, so it costs what the file is, not what it expands to.
"""
from __future__ import annotations

import re

from .. import limits

_DO = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do\b")
_OPERATOR = re.compile(rb"(?<![A-Za-z\d*'\"])(?:re|l|c|v|y|m|Tj|TJ|'|\")(?![A-Za-z\d*'\"])")
_MAX_DEPTH = 32
# A form's dictionary heads its stream, and streams never sit inside object streams, so a file
# with forms shows "/Form" in its bytes (or a name spelt with #xx escapes, which may hide it).
_MAY_HAVE_FORMS = re.compile(rb"/Form|/[A-Za-z0-9_.+*-]{0,40}#[0-9A-Fa-f]{2}")


def check_page_objects(data: bytes) -> None:
    """Raise TooLarge when a page would expand to more than MAX_PDF_OBJECTS objects.

    A file pdfminer cannot parse (encrypted, damaged) is left to pdfium, which says why.
    pdfminer is imported only for files that may hold forms (~0.1 s; most reports hold none).
    """
    if not _MAY_HAVE_FORMS.search(data):
        return
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        import io

        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = PDFPage.create_pages(document)
        counted: dict = {}
        for number, page in enumerate(pages):
            if number >= limits.MAX_PDF_PAGES:
                break
            total = _expanded(page.resources or {}, page.contents or [], counted, 0)
            if total > limits.MAX_PDF_OBJECTS:
                raise limits.TooLarge(f"PDF 第 {number + 1} 页展开后的图形对象数", total,
                                      limits.MAX_PDF_OBJECTS)
    except limits.TooLarge:
        raise
    except Exception:   # noqa: BLE001 — not ours to judge a damaged file: pdfium does
        return


def _expanded(resources, contents, counted: dict, depth: int) -> int:
    """Objects drawn by `contents` with `resources`, forms expanded (memoised per form)."""
    from pdfminer.pdftypes import resolve1

    xobjects = resolve1(resolve1(resources).get("XObject")) if resources else None
    if not xobjects:
        return 1   # no forms: pdfium's own count, which the page walk caps, is the bound
    body = b"".join(resolve1(stream).get_data() for stream in contents)
    total = len(_OPERATOR.findall(body)) + 1
    for name, uses in _uses(body).items():
        ref = xobjects.get(name)
        form = resolve1(ref)
        if form is None or getattr(form, "attrs", {}).get("Subtype") is None:
            continue
        if resolve1(form.attrs.get("Subtype")).name != "Form":
            total += uses
            continue
        key = getattr(ref, "objid", id(form))
        if key not in counted:
            counted[key] = limits.MAX_PDF_OBJECTS + 1   # a form drawing itself: too many
            if depth < _MAX_DEPTH:
                counted[key] = _expanded(form.attrs.get("Resources") or resources, [form],
                                         counted, depth + 1)
        total += uses * counted[key]
        if total > limits.MAX_PDF_OBJECTS:
            return total
    return total


def _uses(body: bytes) -> dict:
    uses: dict = {}
    for match in _DO.finditer(body):
        name = match.group(1).decode("latin-1")
        uses[name] = uses.get(name, 0) + 1
    return uses
