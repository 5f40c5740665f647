"""The main window's size and place: it fits the screen it opens on, and is remembered per screen."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

LARGEST = QSize(1500, 920)   # enough for the tables, the page and the findings side by side
SHARE = 0.94                 # of the available area: the title bar and frame need room too
FRAME = QSize(16, 40)        # a window manager's frame and title bar, before one is measured


def screen_key(screen) -> str:
    """One remembered geometry per screen: its name and size (a laptop docked or not)."""
    size = screen.geometry().size()
    return f"{screen.name() or 'screen'}-{size.width()}x{size.height()}"


def first_geometry(available: QRect, minimum: QSize = QSize(0, 0)) -> QRect:
    """The client area for a first start (or after a crash): at most LARGEST and SHARE of the
    available area, never below the window's minimum unless the screen itself is smaller,
    centred."""
    width = min(LARGEST.width(), int(available.width() * SHARE) - FRAME.width())
    height = min(LARGEST.height(), int(available.height() * SHARE) - FRAME.height())
    width = min(max(width, minimum.width()), available.width() - FRAME.width())
    height = min(max(height, minimum.height()), available.height() - FRAME.height())
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def clamp(frame: QRect, available: QRect) -> QRect:
    """A remembered frame shrunk to the available area and moved inside it."""
    rect = QRect(frame.topLeft(), frame.size().boundedTo(available.size()))
    rect.moveLeft(min(max(rect.left(), available.left()), available.right() - rect.width() + 1))
    rect.moveTop(min(max(rect.top(), available.top()), available.bottom() - rect.height() + 1))
    return rect


def place(win, saved: Optional[object], available: Optional[QRect] = None) -> None:
    """Restore `saved` (QByteArray from saveGeometry) kept inside the screen, or fit a first
    start to it. `available` stands for the screen's available geometry (tests)."""
    if available is None:
        screen = win.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
    if saved is not None and win.restoreGeometry(saved):
        frame = win.frameGeometry()
        extra = frame.size() - win.geometry().size()
        inside = clamp(frame, available)
        if inside != frame:
            win.setGeometry(QRect(inside.topLeft(), inside.size() - extra))
        return
    win.setGeometry(first_geometry(available, win.minimumSizeHint()))
