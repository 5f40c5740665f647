"""Write an unexpected exception's traceback to a per-user log file and say where it is."""
from __future__ import annotations

import datetime
import os
import traceback


def log_dir() -> str:
    from platformdirs import user_log_dir
    return user_log_dir("nianbaotong", appauthor=False)


def log_exception(exc: BaseException) -> str:
    """Append the traceback to errors.log in the per-user log folder; return the file path."""
    try:
        folder = log_dir()
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "errors.log")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return path
    except OSError:
        return "（无法写入日志）"
