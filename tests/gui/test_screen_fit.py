"""The window fits the available screen on a first start and after a crash, and is remembered per screen."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize

from gui import screen_fit

OFFICE = QRect(0, 0, 1366, 728)          # 1366×768 less a 40 px taskbar
WIDE = QRect(0, 0, 1536, 824)            # 1920×1080 at 125 %, less the taskbar


def test_first_geometry_fits_every_screen_and_keeps_room_for_the_frame():
    for available in (OFFICE, WIDE, QRect(1366, 0, 1920, 1040), QRect(0, 0, 1024, 728)):
        rect = screen_fit.first_geometry(available)
        framed = rect.adjusted(-8, -32, 8, 8)
        assert available.contains(framed), (available, rect)
        assert rect.width() <= 1500 and rect.height() <= 920
    big = screen_fit.first_geometry(QRect(0, 0, 2560, 1400))
    assert big.size() == QSize(1500, 920)                  # not larger than the tables need
    assert big.center() == QRect(0, 0, 2560, 1400).center()


def test_a_remembered_frame_is_brought_back_inside_a_smaller_screen():
    rect = screen_fit.clamp(QRect(200, 100, 1516, 960), OFFICE)
    assert OFFICE.contains(rect) and rect.size() == QSize(1366, 728)
    moved = screen_fit.clamp(QRect(900, 500, 800, 600), OFFICE)
    assert OFFICE.contains(moved) and moved.size() == QSize(800, 600)


def test_the_window_on_a_fresh_profile_and_after_a_crash_fits_1366x768(qtbot, dialogs, tmp_home):
    from gui.main_window import MainWindow
    from gui.settings import Settings
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    screen_fit.place(win, None, OFFICE)                     # fresh profile: nothing remembered
    win.show()
    assert OFFICE.contains(win.geometry())
    assert win.minimumSizeHint().width() <= OFFICE.width()  # every pane can shrink to fit
    assert win.minimumSizeHint().height() <= OFFICE.height()
    # a crash leaves the size of a bigger screen behind (1500×920): it is brought inside
    win.resize(1500, 920)
    saved = win.saveGeometry()
    win.close()
    again = MainWindow(Settings())
    qtbot.addWidget(again)
    screen_fit.place(again, saved, OFFICE)
    again.show()
    assert OFFICE.contains(again.geometry()) and again.width() <= 1366


def test_the_geometry_is_kept_per_screen(tmp_home):
    from gui.settings import Settings
    settings = Settings()
    settings.save_window("A-1366x768", QByteArray(b"small"), QByteArray(b"s"))
    settings.save_window("B-1920x1080", QByteArray(b"large"), QByteArray(b"s"))
    again = Settings()
    assert bytes(again.geometry("A-1366x768")) == b"small"
    assert bytes(again.geometry("B-1920x1080")) == b"large"
    assert again.geometry("C-800x600") is None
