"""Scans in the app: manual entry in the layout the clerk chooses, and the 请核对 marks of OCR
walked with F8 like any finding (synthetic documents: no OCR run here, it is slow)."""
from __future__ import annotations

import core.ocr
from core.model import Finding, SourceDocument, SourceRef
from core.pipeline import extract
from gui.manual_entry import switch_layout
from gui.session import Loaded

from gui_fixtures import SCANNED


def test_the_clerk_switches_a_scans_empty_tables_to_the_other_layout(qtbot, win, opener, monkeypatch):
    monkeypatch.setattr(core.ocr, "available", lambda: False)
    session = opener.ok(win, SCANNED)
    first = session.layout
    other = "2019" if first == "2021" else "2021"
    assert switch_layout(win, other)
    assert win.session.layout == other and win.session.report.manual
    assert all(v is None for v in win.session.report.cells.values())
    assert win.ui.source.pdf.sizes                       # the pages stay on the left
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("7")
    assert win.session.value("requests.new.natural") == 7
    assert not switch_layout(win, other)                 # already so: nothing happens


def test_the_layout_menu_is_for_manual_entry_only(qtbot, win, opener, monkeypatch):
    from gui_fixtures import DALAN
    opener.ok(win, DALAN)
    assert not switch_layout(win, "2019")               # a report read from text keeps its layout
    win.manual_layout_menu.aboutToShow.emit()
    assert not any(a.isEnabled() for a in win.manual_layout_menu.actions())


def _ocr_loaded(tmp_path) -> Loaded:
    """A recognised 'scan' whose one number the engine was unsure of."""
    text = "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t12\t3\n"
    doc = SourceDocument(path=str(tmp_path / "扫描-2022.pdf"), format="txt", text=text,
                         ocr_pages=[0], ocr_words=[(0, (10, 10, 20, 20), "3", 0.55)])
    report = extract(doc)
    report.provenance["requests.new.business"] = SourceRef(0, 1, 0, (8, 8, 22, 22))
    report.cells["requests.new.business"] = 3
    report.notices.append(Finding("ocr.doubt", "warning", cells=("requests.new.business",),
                                  params={"text": "3", "score": 55}))
    return Loaded(doc.path, doc, report, "0" * 64)


def test_f8_walks_to_an_ocr_doubt_and_selects_its_cell(qtbot, win, tmp_path):
    win._on_loaded(_ocr_loaded(tmp_path))
    findings = win.ui.findings
    rows = [i for i, f in enumerate(findings.model.findings) if f.code == "ocr.doubt"]
    assert rows and findings.model.findings[rows[0]].message.startswith("请核对")
    for _ in range(findings.model.rowCount()):
        win.menu_actions.next_finding.trigger()
        if findings.list.currentIndex().row() == rows[0]:
            break
    view = win.view_of("requests.new.business")
    assert view.model().key_at(view.currentIndex()) == "requests.new.business"
