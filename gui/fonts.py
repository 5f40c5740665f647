"""The UI font: a Chinese UI face on Windows (Microsoft YaHei UI first), chosen from what is installed."""
from __future__ import annotations

import sys
from typing import Iterable

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Qt's default on Windows is Segoe UI, which has no Chinese: each Chinese character then falls back
# through Windows' font linking, often to SimSun, whose thin bitmap-like strokes look dated and
# mix badly with Latin text. Windows 10/11 (Chinese or not) ship YaHei UI; DengXian and SimHei are
# for stripped-down images; the last three are what Wine and Linux-based test machines have.
WINDOWS_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "DengXian", "SimHei", "SimSun",
                    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")


def ui_families(platform: str, installed: Iterable[str]) -> list[str]:
    """The fallback chain for `platform` (sys.platform), keeping only installed families.
    Linux desktops (UOS, Kylin) set their own Chinese UI font through fontconfig: left alone."""
    if platform != "win32":
        return []
    have = {name.casefold() for name in installed}
    return [name for name in WINDOWS_FAMILIES if name.casefold() in have]


def apply_ui_font(app: QApplication, platform: str = sys.platform) -> list[str]:
    """Make the chain the application font (size unchanged); return the families set."""
    families = ui_families(platform, QFontDatabase.families())
    if families:
        font = QFont(app.font())
        font.setFamilies(families + [app.font().family()])
        app.setFont(font)
    return families
