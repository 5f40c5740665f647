"""Files in and out of the window: drops, bad files, cancel, recent files, the PDF view."""
from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from gui.settings import MAX_RECENT, Settings

from gui_fixtures import DALAN, DONGJIA, PDF, SCANNED, TRUNCATED


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _drop(win, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(win.width() / 2, win.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    win.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    win.dropEvent(drop)


def test_drag_and_drop_opens_the_file(qtbot, win):
    with qtbot.waitSignal(win.loaded, timeout=20000):
        _drop(win, [DALAN])
    assert win.session.name == "大岚镇-2021.txt" and win.session.layout == "2021"


def test_dropping_a_folder_offers_the_batch(qtbot, win, tmp_path, monkeypatch):
    shown = []
    from gui.batch_dialog import BatchDialog
    monkeypatch.setattr(BatchDialog, "open", lambda self: shown.append(self))
    _drop(win, [tmp_path])
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert shown[0].inputs == [str(tmp_path)]


def test_a_scan_without_ocr_opens_for_manual_entry(qtbot, win, opener, dialogs, monkeypatch):
    # no OCR engine (or nothing read): the pages on the left, empty editable tables on the right
    import core.ocr
    monkeypatch.setattr(core.ocr, "available", lambda: False)
    opener.ok(win, DONGJIA)
    session = opener.ok(win, SCANNED)
    assert session.report.manual and not dialogs.errors
    assert win.ui.source.currentWidget() is win.ui.source.pdf and win.ui.source.pdf.sizes
    assert all(v is None for v in session.report.cells.values())
    assert any(f.code == "manual.entry" for f in session.report.notices)
    win.select_key("requests.new.natural")
    win.ui.views["requests"].paste("2")
    assert win.session.value("requests.new.natural") == 2


def test_corrupt_and_missing_files(qtbot, win, opener, dialogs, tmp_path):
    message = opener.fails(win, TRUNCATED)
    assert message and "Traceback" not in message
    assert win.session is None and win.ui.status_label.text() == "未打开报告"
    message = opener.fails(win, tmp_path / "没有这个文件.pdf")
    assert "找不到" in message
    bad_project = tmp_path / "x.nianbao.json"
    bad_project.write_text("{not json", encoding="utf-8")
    message = opener.fails(win, bad_project)
    assert "修改记录" in message
    assert len(dialogs.errors) == 3
    opener.ok(win, DONGJIA)                            # and it still opens good files


def test_cancel_a_load_stops_the_read_at_once(qtbot, win, opener, monkeypatch):
    # The read runs in a worker process: a slow one (the test hook makes the worker sleep a
    # minute, as a pdfium call that cannot be interrupted would) is killed on 取消.
    import core.read_service
    monkeypatch.setitem(core.read_service.TEST_HOOKS, "sleep", 60)
    win.open_path(str(PDF))
    worker = win.worker
    assert worker is not None
    qtbot.waitUntil(lambda: win.progress is not None and win.progress.isVisible(), timeout=10000)
    with qtbot.waitSignal(worker.cancelled, timeout=10000):   # long before the minute is up
        from PySide6.QtWidgets import QPushButton
        button = win.progress.findChild(QPushButton)
        assert button.text() == "取消"
        button.click()
    qtbot.waitUntil(lambda: win.worker is None, timeout=5000)
    assert win.session is None
    assert "取消" in win.statusBar().currentMessage()
    monkeypatch.delitem(core.read_service.TEST_HOOKS, "sleep")
    assert opener.ok(win, DONGJIA).name == "董家镇-2020.txt"   # a fresh worker reads the next


def test_a_read_past_the_memory_limit_is_refused_plainly(qtbot, win, opener, dialogs, monkeypatch):
    # the worker asks for 3 GB (test hook) under its 1.5 GB cap: a plain message, no crash
    import core.read_service
    opener.ok(win, DALAN)
    monkeypatch.setitem(core.read_service.TEST_HOOKS, "allocate", 3 * 2**30)
    message = opener.fails(win, DONGJIA)
    assert message.startswith("文件过大或结构异常") and "内存" in message
    assert dialogs.errors and "Traceback" not in message
    assert win.isVisible() and win.session.name == "大岚镇-2021.txt"   # what was open stays open
    monkeypatch.delitem(core.read_service.TEST_HOOKS, "allocate")
    assert opener.ok(win, DONGJIA).name == "董家镇-2020.txt"


def test_recent_files(qtbot, win, opener, tmp_path):
    opener.ok(win, DONGJIA)
    opener.ok(win, DALAN)
    assert win.settings.recent_files()[:2] == [str(DALAN), str(DONGJIA)]
    win.menu_actions.fill_recent()
    texts = [a.text() for a in win.menu_actions.recent_menu.actions()]
    assert texts[0].endswith("大岚镇-2021.txt") and texts[1].endswith("董家镇-2020.txt")
    with qtbot.waitSignal(win.loaded, timeout=20000):
        win.menu_actions.recent_menu.actions()[1].trigger()
    assert win.session.name == "董家镇-2020.txt"
    win.menu_actions.fill_recent()
    clear = win.menu_actions.recent_menu.actions()[-1]
    assert clear.text() == "清除列表"
    clear.trigger()
    assert win.settings.recent_files() == []
    win.menu_actions.fill_recent()
    assert [a.text() for a in win.menu_actions.recent_menu.actions()] == ["（无）"]


def test_settings_keep_ten_recent_files_in_the_temp_home(tmp_home, tmp_path):
    settings = Settings()
    assert str(tmp_home) in settings.path
    for i in range(MAX_RECENT + 3):
        settings.add_recent(str(tmp_path / f"{i}.txt"))
    settings.add_recent(str(tmp_path / "5.txt"))
    again = Settings().recent_files()
    assert len(again) == MAX_RECENT and again[0].endswith("5.txt")
    assert len(set(again)) == MAX_RECENT
    settings.last_folder = str(tmp_path)
    assert Settings().last_folder == str(tmp_path)


def test_pdf_cell_box_lit_and_click_selects(qtbot, win, opener):
    session = opener.ok(win, PDF)
    pdf = win.ui.source.pdf
    assert win.ui.source.currentWidget() is pdf
    key = "requests.total.natural"
    ref = session.report.provenance[key]
    win.select_key(key)
    assert pdf.lit_key == key
    rect = pdf.lit.rect()
    x0, top, x1, bottom = ref.bbox
    assert abs(rect.left() - (x0 - 1.5)) < 0.01 and abs(rect.top() - (pdf.tops[ref.page] + top - 1.5)) < 0.01
    pdf.render_pending()
    assert 0 in pdf._cache and pdf._cache[0][1].pixmap().width() > 100   # the page is drawn
    # click in the middle of another cell's box on the page: its table cell gets selected
    other = "requests.new.business"
    bx0, btop, bx1, bbottom = session.report.provenance[other].bbox
    pdf.centerOn(QPointF((bx0 + bx1) / 2, pdf.tops[0] + (btop + bbottom) / 2))
    centre = pdf.mapFromScene(QPointF((bx0 + bx1) / 2, pdf.tops[0] + (btop + bbottom) / 2))
    qtbot.mouseClick(pdf.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(centre.x(), centre.y()))
    view = win.ui.views["requests"]
    assert view.model().key_at(view.currentIndex()) == other
    assert pdf.lit_key == other
    # zoom re-renders at the new scale
    pdf.set_zoom(pdf.zoom * 1.5)
    pdf.render_pending()
    assert pdf._cache[0][0] == pdf.ratio()


def test_missing_tables_are_marked(qtbot, win, opener):
    session = opener.ok(win, PDF)
    assert "active" in session.report.missing_tables
    assert not win.ui.notes["active"].isHidden()
    assert win.ui.notes["requests"].isHidden()
    assert "错误" in win.ui.tabs.tabText(1)


def test_open_by_menu(qtbot, win, dialogs, tmp_path):
    src = tmp_path / "copy.txt"
    shutil.copy(DONGJIA, src)
    dialogs.open_path = str(src)
    with qtbot.waitSignal(win.loaded, timeout=20000):
        win.menu_actions.open.trigger()
    assert os.path.samefile(win.session.path, src)
    assert win.settings.last_folder == str(tmp_path)


def test_started_without_a_file_after_a_crash_offers_the_unsaved_report(qtbot, make_window, opener, dialogs, tmp_path):
    from core.corrections import autosave_path

    from gui.settings import autosave_dir
    src = tmp_path / "r.txt"
    shutil.copy(DONGJIA, src)
    crashed = make_window()
    session = opener.ok(crashed, src)
    crashed.select_key("requests.new.natural")
    crashed.ui.views["requests"].paste("6")
    crashed.autosave_timer.timeout.emit()
    # A crashed session writes no more: its pending timer, firing a second later under load
    # onto the clean stack below, would remove the autosave (the test then failed 1 run in n).
    crashed.autosave_timer.stop()
    assert os.path.exists(autosave_path(session.sha256, autosave_dir()))
    crashed.stack.setClean()          # "crash": gone without clean-up

    dialogs.yes_no = False            # 稍后: nothing opens, nothing is deleted
    later = make_window()
    later.start(None)
    assert later.worker is None and later.session is None
    assert "r.txt：1 处修改" in dialogs.questions[-1]
    assert os.path.exists(autosave_path(session.sha256, autosave_dir()))

    dialogs.yes_no = True             # 打开并恢复: opened, recovered, asked once only
    again = make_window()
    asked = len(dialogs.questions)
    with qtbot.waitSignal(again.loaded, timeout=20000):
        again.start(None)
    assert again.session.value("requests.new.natural") == 6
    assert again.isWindowModified() and len(dialogs.questions) == asked + 1


def test_start_with_a_file_opens_it_and_asks_nothing_else(qtbot, win, dialogs):
    with qtbot.waitSignal(win.loaded, timeout=20000):
        win.start(str(DALAN))
    assert win.session.name == DALAN.name and not dialogs.questions


def test_window_and_dividers_are_remembered(qtbot, make_window):
    first = make_window()
    first.ui.splitter.setSizes([300, 1100])
    sizes = first.ui.splitter.sizes()
    first.close()
    second = make_window()
    assert second.ui.splitter.sizes() == sizes


def test_a_recent_file_that_moved_is_said_and_dropped(qtbot, win, dialogs, tmp_path):
    gone = str(tmp_path / "已移走.txt")
    win.settings.add_recent(gone)
    win.menu_actions.fill_recent()
    win.menu_actions.recent_menu.actions()[0].trigger()
    assert dialogs.errors and gone in dialogs.errors[-1][1]
    assert gone not in win.settings.recent_files() and win.worker is None
