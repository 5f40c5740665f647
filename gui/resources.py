"""Find files under resources/ both from a source checkout and inside a PyInstaller bundle."""
from __future__ import annotations

import os
import sys


def resource_root() -> str:
    # PyInstaller unpacks data files under sys._MEIPASS; from source they sit beside gui/.
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return os.path.join(base, "resources")
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources")


def resource_path(*parts: str) -> str:
    """The path of resources/<parts…> (it may not exist; callers decide what that means)."""
    return os.path.join(resource_root(), *parts)
