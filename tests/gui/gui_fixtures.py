"""Fixture files the GUI tests open (the shared real reports and the small test PDFs)."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "fixtures" / "real" / "reports"
DONGJIA = REPORTS / "董家镇-2020.txt"          # 2019 layout, every cell filled, warnings only
DALAN = REPORTS / "大岚镇-2021.txt"            # 2021 layout
PDF = ROOT / "tests" / "fixtures" / "pdf" / "ruled_merged.pdf"     # 表三 only, with errors
SCANNED = ROOT / "tests" / "fixtures" / "pdf" / "scanned.pdf"      # no text layer
TRUNCATED = ROOT / "tests" / "fixtures" / "corpus" / "broken" / "truncated.docx"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
DOCX = CORPUS / "docx" / "东城街道办事处-2019.docx"
HTML = CORPUS / "html" / "三合乡-2020.html"
PDF_REPORT = CORPUS / "pdf" / "临江区人民政府-2020.pdf"     # a whole report, all three tables
PDF_10P = ROOT / "tests" / "fixtures" / "pdf" / "report_10p.pdf"


def wait_focus(qtbot, widget, timeout=3000):
    """Keyboard focus needs an active window; under a loaded offscreen run activation
    arrives late, so activate and wait instead of reading hasFocus at once."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.hasFocus, timeout=timeout)
