"""One entry for Word output: the corrected copy of a DOCX source, else the official tables."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Report, SourceDocument
from ..xlsx.report import net_changes
from .corrected import CopyResult, write_corrected_copy
from .narrative import NarrativeFix, narrative_mismatches
from .tables import write_official_tables


@dataclass
class WordExport:
    """What was written: the corrected copy (with its result) or the official tables, and the
    sentences of the text that still disagree with the table."""

    kind: str                                   # "copy" or "tables"
    copy: Optional[CopyResult] = None
    mismatches: list[NarrativeFix] = field(default_factory=list)

    def lines(self, layout: str) -> list[str]:
        """Plain Chinese lines for the person: cells left as they were, sentences to check."""
        out = self.copy.refusal_lines(layout) if self.copy else []
        fixed = set(self.copy.sentences) if self.copy else set()
        return out + [f.describe() + "。" for f in self.mismatches if f not in fixed]


def export_word(doc: SourceDocument, report: Report, corrections: list, out_path: str,
                review: bool = False, tables: bool = False, fix_text: bool = False
                ) -> WordExport:
    """Write `out_path` (.docx): for a DOCX source the corrected copy (unless `tables`), for
    any other the three official tables. `fix_text` also rewrites the sentences whose link to
    a cell is certain; the others are only listed."""
    mismatches = narrative_mismatches(report, doc.text)
    if report.format != "docx" or tables:
        write_official_tables(report, out_path, sources=[doc.path])
        return WordExport("tables", mismatches=mismatches)
    sentences = [f for f in mismatches if f.replacement] if fix_text else []
    result = write_corrected_copy(doc.path, report, net_changes(corrections), out_path,
                                  review=review, sentences=sentences)
    return WordExport("copy", result, mismatches)
