"""The batch dialog tells the truth in every state: the summary path follows the folder, nothing overwritten unasked, 打开汇总表 at the end."""
from __future__ import annotations

import os
import shutil

from gui.batch_dialog import BatchDialog
from gui.settings import Settings
from gui_fixtures import DALAN, DONGJIA


def test_the_summary_follows_the_folder_and_is_never_overwritten_unasked(qtbot, dialogs, tmp_path, monkeypatch):
    from gui import batch_dialog
    opened = []
    monkeypatch.setattr(batch_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    reports = tmp_path / "towns"   # typed below: QTest types ASCII only
    reports.mkdir()
    shutil.copy(DONGJIA, reports / DONGJIA.name)
    shutil.copy(DALAN, reports / DALAN.name)
    dlg = BatchDialog(Settings(), workers=1)
    qtbot.addWidget(dlg)
    # before a run: nothing counted, the buttons say what they do
    assert dlg.bar.text() == "尚未开始"
    assert dlg.start_button.text() == "开始处理(&S)" and dlg.cancel_button.text() == "关闭"
    qtbot.keyClicks(dlg.folder_edit, str(reports))       # typed, not chosen: the path follows
    assert dlg.out_edit.text() == os.path.join(str(reports), "年报汇总.xlsx")
    out = reports / "年报汇总.xlsx"
    from core.batch import BatchResult
    from core.xlsx.summary import write_summary
    write_summary(BatchResult([], []), str(out))          # last year's summary, in the folder
    earlier = out.read_bytes()
    dialogs.yes_no = False
    dlg.start()
    assert dlg.worker is None and out.read_bytes() == earlier   # asked, kept
    assert "已存在" in dialogs.questions[-1] and "没有替换" in dlg.state.text()
    dialogs.yes_no = True
    dlg.start()
    assert dlg.cancel_button.text() == "停止处理"        # while running
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=60000)
    assert dlg.result is not None, dlg.state.text()
    assert dlg.cancel_button.text() == "关闭"
    assert dlg.open_summary_button.isVisible() or not dlg.isVisible()
    assert not dlg.open_summary_button.isHidden()
    dlg.open_summary_button.click()
    assert opened == [str(out)]
    # a second run: the stop button reads 停止处理 again, not 关闭
    dialogs.yes_no = True
    dlg.start()
    assert dlg.cancel_button.text() == "停止处理"
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=60000)
    # a path the clerk chose stays put when the folder changes
    dlg.out_edit.setText(str(tmp_path / "县汇总.xlsx"))
    dlg._out_typed("")
    qtbot.keyClicks(dlg.folder_edit, "x")
    assert dlg.out_edit.text() == str(tmp_path / "县汇总.xlsx")
