"""PyInstaller's stock PySide6.QtWidgets hook, trimmed to build.spec's plugin/translation lists (_qt_trim.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _qt_trim import trimmed  # noqa: E402

from PyInstaller.utils.hooks.qt import add_qt6_dependencies  # noqa: E402


def hook(hook_api):
    trimmed(hook_api, add_qt6_dependencies(__file__))
