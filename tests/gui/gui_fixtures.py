"""Fixture files the GUI tests open (the shared real reports and the small test PDFs)."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
REPORTS = ROOT.parent / "shared" / "fixtures" / "reports"
DONGJIA = REPORTS / "董家镇-2020.txt"          # 2019 layout, every cell filled, warnings only
DALAN = REPORTS / "大岚镇-2021.txt"            # 2021 layout
PDF = ROOT / "tests" / "fixtures" / "pdf" / "ruled_merged.pdf"     # 表三 only, with errors
SCANNED = ROOT / "tests" / "fixtures" / "pdf" / "scanned.pdf"      # no text layer
TRUNCATED = ROOT / "tests" / "fixtures" / "corpus" / "broken" / "truncated.docx"
