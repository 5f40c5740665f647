"""Typed per-user settings (recent files, last folder, window geometry) and per-user folders."""
from __future__ import annotations

import json
import os
from typing import Optional

from platformdirs import user_config_dir, user_data_dir
from PySide6.QtCore import QByteArray, QSettings

APP = "nianbaotong"
MAX_RECENT = 10


def config_dir() -> str:
    # appauthor=False: no vendor level; not roaming. On Windows every per-user folder of the app is
    # under %LOCALAPPDATA%\nianbaotong (settings, autosave, logs), as core.crashlog's.
    return user_config_dir(APP, appauthor=False)


def autosave_dir() -> str:
    """Where unsaved corrections are kept between edits, for recovery after a crash."""
    return os.path.join(user_data_dir(APP, appauthor=False), "autosave")


class Settings:
    """One INI file in the per-user config folder, never beside the program (it may be read-only)."""

    def __init__(self, path: Optional[str] = None):
        self.path = path or os.path.join(config_dir(), "settings.ini")
        self._q = QSettings(self.path, QSettings.Format.IniFormat)

    # ---- recent files
    def recent_files(self) -> list[str]:
        # Stored as JSON text: QSettings turns a one-element list into a plain string in INI files.
        raw = self._q.value("recent/files", "[]")
        try:
            files = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            files = []
        return [f for f in files if isinstance(f, str)][:MAX_RECENT]

    def add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        files = [f for f in self.recent_files() if os.path.normcase(f) != os.path.normcase(path)]
        self._set_recent([path] + files)

    def remove_recent(self, path: str) -> None:
        self._set_recent([f for f in self.recent_files() if f != path])

    def clear_recent(self) -> None:
        self._set_recent([])

    def _set_recent(self, files: list[str]) -> None:
        self._q.setValue("recent/files", json.dumps(files[:MAX_RECENT], ensure_ascii=False))
        self._q.sync()

    # ---- folders
    @property
    def last_folder(self) -> str:
        folder = self._q.value("paths/last_folder", "")
        return folder if isinstance(folder, str) and os.path.isdir(folder) else os.path.expanduser("~")

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._q.setValue("paths/last_folder", folder)

    # ---- the tables' zoom (gui/table_zoom.py)
    @property
    def table_zoom(self) -> float:
        try:
            zoom = float(self._q.value("view/table_zoom", 1.0))
        except (TypeError, ValueError):
            return 1.0
        return zoom if 0.1 <= zoom <= 10 else 1.0

    @table_zoom.setter
    def table_zoom(self, zoom: float) -> None:
        self._q.setValue("view/table_zoom", float(zoom))

    # ---- window
    def geometry(self, screen: str) -> Optional[QByteArray]:
        """The window's geometry as last left on this screen (see gui.screen_fit.screen_key)."""
        value = self._q.value(f"window/geometry/{screen}")
        return value if isinstance(value, QByteArray) else None

    def state(self) -> Optional[QByteArray]:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def splitters(self) -> list[QByteArray]:
        """The saved states of the source|tables and tables|findings splitters (may be empty)."""
        values = [self._q.value(f"window/splitter{i}") for i in range(2)]
        return [v for v in values if isinstance(v, QByteArray)]

    def save_window(self, screen: str, geometry: QByteArray, state: QByteArray,
                    splitters: tuple[QByteArray, ...] = ()) -> None:
        self._q.setValue(f"window/geometry/{screen}", geometry)
        self._q.setValue("window/state", state)
        for i, value in enumerate(splitters):
            self._q.setValue(f"window/splitter{i}", value)
        self._q.sync()
