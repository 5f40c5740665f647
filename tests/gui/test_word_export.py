"""文件 → 另存更正后的报告… and 导出官方表格…, with every dialog answered by the test."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QListWidget

from core.docx_out.narrative import narrative_mismatches
from core.extract import recognize_report
from core.readers import docx as docx_reader
from gui import word_export
from gui.commands import SetCellsCommand, changes

from gui_fixtures import CORPUS, DOCX, DONGJIA, PDF_REPORT

TEXTBOX = CORPUS.parent / "adversarial" / "cases" / "d02_textbox.docx"


def _edit(win, values: dict) -> None:
    win.stack.push(SetCellsCommand(win.session, changes(win.session, values), "测试"))


def _read(path):
    return docx_reader.read(str(path), path.read_bytes())


def test_corrected_copy_with_a_chosen_sentence_fix(qtbot, win, opener, dialogs, tmp_path,
                                                  monkeypatch):
    opener.ok(win, DOCX)
    _edit(win, {"requests.carried_over.total": 9})
    asked = []

    def answer(parent, fixes):
        asked.extend(fixes)
        return False, [f for f in fixes if f.quote == "上年结转8件"]
    monkeypatch.setattr(word_export, "ask_options", answer)
    dialogs.save_path = str(tmp_path / "更正")
    win.menu_actions.word_copy.trigger()
    out = tmp_path / "更正.docx"
    assert any(f.replacement == "上年结转9件" for f in asked)
    doc = _read(out)
    assert recognize_report(doc).cells["requests.carried_over.total"] == 9
    assert "上年结转9件" in doc.text
    assert "已另存更正后的报告" in win.statusBar().currentMessage()
    assert dialogs.errors == []
    dialogs.save_path = str(DOCX)   # over the source: refused with a plain message
    before = DOCX.read_bytes()
    win.menu_actions.word_copy.trigger()
    assert dialogs.errors[-1][0] == "无法另存更正后的报告" and DOCX.read_bytes() == before


def test_cells_that_cannot_be_rewritten_are_listed(qtbot, win, opener, dialogs, tmp_path,
                                                   monkeypatch):
    session = opener.ok(win, TEXTBOX)
    key = next(k for k in session.report.provenance if k.startswith("requests.new."))
    _edit(win, {key: session.value(key) + 1})
    monkeypatch.setattr(word_export, "ask_options", lambda parent, fixes: (True, []))
    dialogs.save_path = str(tmp_path / "送审.docx")
    win.menu_actions.word_copy.trigger()
    title, message = dialogs.infos[-1]
    assert title == "另存更正后的报告" and "没有改写" in message and "文本框" in message
    assert (tmp_path / "送审.docx").exists()


def test_a_source_changed_since_it_was_opened_is_refused(qtbot, win, opener, dialogs, tmp_path,
                                                        monkeypatch):
    src = tmp_path / "报告.docx"
    src.write_bytes(DOCX.read_bytes())
    opener.ok(win, src)
    _edit(win, {"requests.new.total": 1})
    src.write_bytes(src.read_bytes() + b"\0")   # changed on disk (saved from Word, say)
    monkeypatch.setattr(word_export, "ask_options", lambda parent, fixes: (False, []))
    dialogs.save_path = str(tmp_path / "更正.docx")
    win.menu_actions.word_copy.trigger()
    assert "被改动过" in dialogs.errors[-1][1] and not (tmp_path / "更正.docx").exists()


def test_other_formats_are_offered_the_official_tables(qtbot, win, opener, dialogs, tmp_path):
    session = opener.ok(win, DONGJIA)
    dialogs.yes_no = True
    dialogs.save_path = str(tmp_path / "表格.docx")
    win.menu_actions.word_copy.trigger()
    assert "只有 Word 文档" in dialogs.questions[-1]
    assert recognize_report(_read(tmp_path / "表格.docx")).cells == session.report.cells


def test_official_tables_of_a_pdf_hold_the_corrected_value(qtbot, win, opener, dialogs, tmp_path):
    opener.ok(win, PDF_REPORT)
    _edit(win, {"requests.new.natural": 4321})
    dialogs.save_path = str(tmp_path / "表格.docx")
    win.menu_actions.word_tables.trigger()
    assert recognize_report(_read(tmp_path / "表格.docx")).cells["requests.new.natural"] == 4321
    assert "已导出官方表格" in win.statusBar().currentMessage()
    dialogs.save_path = str(tmp_path / "无此目录" / "表格.docx")   # a plain message, no crash
    win.menu_actions.word_tables.trigger()
    assert dialogs.errors and dialogs.errors[-1][0] == "无法导出官方表格"


def test_options_dialog_offers_sentences_unchecked(qtbot, win, opener):
    session = opener.ok(win, DOCX)
    session.report.cells["requests.carried_over.total"] = 9
    session.report.cells["requests.new.total"] = 140     # an uncertain link: only listed
    fixes = narrative_mismatches(session.report, session.doc.text)
    seen = {}

    def operate():
        dlg = QApplication.activeModalWidget()
        listing = dlg.findChild(QListWidget)
        seen["checked"] = [listing.item(i).checkState() for i in range(listing.count())]
        listing.item(0).setCheckState(Qt.CheckState.Checked)
        dlg.findChild(QCheckBox).setChecked(True)
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    QTimer.singleShot(0, operate)
    review, chosen = word_export.ask_options(win, fixes)
    assert seen["checked"] and set(seen["checked"]) == {Qt.CheckState.Unchecked}
    assert review is True and len(chosen) == 1 and chosen[0].replacement
