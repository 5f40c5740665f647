"""A corrected copy of a DOCX report: corrected numbers written into their own cells, in place.

Only the main document part is rewritten; every other part of the package is copied as it
is. A cell that cannot be rewritten safely is left as it was and reported with the reason.
The review copy also highlights each change and comments it (old → new).
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass, field
from typing import Iterable

from lxml import etree

from .. import schema
from ..atomic import write_atomic
from ..errors import NianbaoError, UnreadableFile
from ..checks.messages import fmt_number
from ..model import Report
from ..readers.docx import table_origins
from ..readers.docx_embedded import _STRICT, is_strict
from .cells import CellLocator, rewrite_cell
from .narrative import NarrativeFix, apply_fix
from .runs import Unsafe, highlight

AUTHOR, INITIALS = "年报通", "NB"
MSG_NOT_DOCX = "只有 Word 文档（.docx）能另存为更正后的报告；其他格式请导出官方表格（.docx）。"
MSG_OUT_DOCX = "输出文件应以 .docx 结尾：{name}"
MSG_DAMAGED = "Word 文档已损坏，无法打开。"
MSG_SOURCE_CHANGED = "报告 {name} 在打开之后被改动过，请重新打开它，再另存更正后的报告。"


@dataclass
class CopyResult:
    """What the copy holds: cells written, cells left as they were (with why), sentences fixed."""

    written: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)     # (key, reason)
    sentences: list[NarrativeFix] = field(default_factory=list)
    sentences_refused: list[tuple[NarrativeFix, str]] = field(default_factory=list)

    def refusal_lines(self, layout: str) -> list[str]:
        lines = [f"{schema.cell_label(layout, key)}：{why}，未改写。" for key, why in self.refused]
        return lines + [f"正文“{f.quote}”：{why}，未改写。" for f, why in self.sentences_refused]


def write_corrected_copy(source: str, report: Report, changes: dict, out_path: str,
                         review: bool = False, sentences: Iterable[NarrativeFix] = (),
                         sha256: str = "") -> CopyResult:
    """Write the corrected copy of `source` to `out_path` (atomically; never over the source).

    `changes` is {key: (old, new, ...)} (core.xlsx.report.net_changes); `sentences` are the
    narrative rewordings the person accepted; `sha256`, when given, is the content the report
    was read from: a source changed since is refused (its cells may have moved)."""
    if report.format != "docx":
        raise NianbaoError(MSG_NOT_DOCX, report.format)
    if not out_path.lower().endswith(".docx"):
        raise NianbaoError(MSG_OUT_DOCX.format(name=os.path.basename(out_path)), out_path)
    with open(source, "rb") as fh:
        data = fh.read()
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise NianbaoError(MSG_SOURCE_CHANGED.format(name=os.path.basename(source)), source)
    blob, result = corrected_bytes(data, report, changes, review, sentences)

    def save(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(blob)
    write_atomic(out_path, save, sources=[source], suffix=".docx")
    return result


def corrected_bytes(data: bytes, report: Report, changes: dict, review: bool = False,
                    sentences: Iterable[NarrativeFix] = ()) -> tuple[bytes, CopyResult]:
    """The corrected package in memory, and what it holds."""
    strict = is_strict(data)
    try:
        document, origins = table_origins(data)
    except Exception as exc:   # the report was read from these bytes: only a changed file fails
        raise UnreadableFile(MSG_DAMAGED, f"{type(exc).__name__}: {exc}") from None
    result = CopyResult()
    runs = []   # (w:r, comment) for the review copy
    locator = CellLocator(origins)
    for key, change in changes.items():
        old, new = change[0], change[1]
        try:
            run = rewrite_cell(locator.tc(report, key), report, key, old, new)
        except Unsafe as why:
            result.refused.append((key, str(why)))
            continue
        result.written.append(key)
        note = f"{schema.cell_label(report.layout, key)}：{fmt_number(old)} → {fmt_number(new)}"
        runs.append((run, note))
    body = document.element.body
    for fix in sentences:
        try:
            run = apply_fix(body, fix)
        except Unsafe as why:
            result.sentences_refused.append((fix, str(why)))
            continue
        result.sentences.append(fix)
        runs.append((run, f"正文：{fix.stated} → {fmt_number(fix.table_value)}（与{fix.label}一致）"))
    if review:
        return _review_package(document, runs), result
    return _replace_part(data, document, strict), result


def _replace_part(data: bytes, document, strict: bool) -> bytes:
    """The original package with only the main part replaced by the edited tree."""
    name = str(document.part.partname).lstrip("/")
    xml = etree.tostring(document.element, xml_declaration=True, encoding="UTF-8",
                         standalone=True)
    if strict:   # back to the namespaces the package was written with
        for strict_ns, transitional in _STRICT:
            xml = xml.replace(transitional, strict_ns)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = xml if info.filename == name else src.read(info.filename)
            dst.writestr(info, blob, compress_type=info.compress_type)
    return out.getvalue()


def _review_package(document, runs: list) -> bytes:
    """Highlighted and commented (Word comments: the margin notes old → new), saved whole."""
    from docx.text.run import Run
    for run, note in runs:
        if run is None or run.getparent() is None:
            continue
        highlight(run)
        document.add_comment(Run(run, document._body), text=note, author=AUTHOR,
                             initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

