"""Write a file atomically: to a temp name in the target folder, then moved into place."""
from __future__ import annotations

import errno
import glob
import os
import secrets
import stat
import time
from typing import Callable, Iterable, Optional

from .errors import NianbaoError
from .names import shown, shown_name

MSG_LOCKED = "无法写入 {name}：文件可能正在被 Excel 或 WPS 打开，请关闭后重试。"
MSG_OPEN_ELSEWHERE = ("无法写入 {name}：文件正在被 Excel、WPS 或 LibreOffice 打开，请关闭后重试"
                      "（若已关闭仍有此提示，可删除同一文件夹中的 {owner}）。")
MSG_NO_FOLDER = "无法写入 {name}：文件夹 {folder} 不存在。"
MSG_NO_ACCESS = "无法写入 {name}：没有在文件夹 {folder} 中写文件的权限，或磁盘已满。"
MSG_IS_SOURCE = "不能把结果写到源文件 {name} 上，请另选一个输出文件名。"
MSG_IS_FOLDER = "无法写入 {name}：这是一个文件夹，请给出文件名（例如 结果.xlsx）。"
MSG_WRITE_FAILED = "写入 {name} 失败：{reason}。请检查磁盘空间后重试。"
MSG_READ_ONLY = "不能覆盖 {name}：文件是只读的。请另选一个输出文件名，或先去掉它的只读属性。"
MSG_NAME_TOO_LONG = "无法写入 {name}：文件名太长（超过 {limit} 字节），请改用较短的文件名。"
MSG_CANNOT_REPLACE = "无法写入 {name}：{reason}。"
# Temp files of saves cut short (power loss, kill -9): ours if they carry these names, and
# stale once older than this; the next save in that folder removes them.
TEMP_PATTERNS = (".~nianbao-*", ".nianbao-*.tmp")
STALE_SECONDS = 15 * 60
NAME_MAX = 255   # bytes, on every file system the program meets (ext4, NTFS in UTF-16 units)


def same_file(a: str, b: str) -> bool:
    """True when two paths name one file (symlinks, `..`, hard links and case on Windows)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def check_target(path: str, sources: Iterable[str] = ()) -> None:
    """Refuse, with a Chinese message, a target that is a source, a folder, or in no folder."""
    name = shown_name(path) or shown(path)
    folder = os.path.dirname(os.path.abspath(path))
    if _name_bytes(os.path.basename(path)) > NAME_MAX:
        raise NianbaoError(MSG_NAME_TOO_LONG.format(name=_short(name), limit=NAME_MAX), path)
    for src in sources:
        if src and same_file(path, src):
            raise NianbaoError(MSG_IS_SOURCE.format(name=name), f"{path} is {src}")
    if os.path.isdir(path):
        raise NianbaoError(MSG_IS_FOLDER.format(name=name), path)
    if not os.path.isdir(folder):
        raise NianbaoError(MSG_NO_FOLDER.format(name=name, folder=shown(folder)), folder)
    if os.path.isfile(path) and not os.stat(path).st_mode & stat.S_IWUSR:
        raise NianbaoError(MSG_READ_ONLY.format(name=name), f"{path} is read-only")
    owner = owner_file(path)
    if owner:
        raise NianbaoError(MSG_OPEN_ELSEWHERE.format(name=name, owner=shown_name(owner)),
                           f"{path} is open: {owner} exists")


def owner_file(path: str) -> str:
    """The lock file an office program keeps beside a workbook it has open, or "".

    Excel and WPS on Windows also lock the file itself (caught in _replace), but on macOS and
    Linux, and with LibreOffice anywhere, nothing stops a rename over an open workbook: the
    program would keep showing the old table and could save it back over ours.
    """
    if not os.path.exists(path):
        return ""
    folder, name = os.path.split(os.path.abspath(path))
    for candidate in (f"~${name}", f".~lock.{name}#"):   # Excel and WPS; LibreOffice
        full = os.path.join(folder, candidate)
        if os.path.isfile(full):
            return full
    return ""


def write_atomic(path: str, write: Callable[[str], None], sources: Iterable[str] = (),
                 suffix: str = ".tmp") -> None:
    """Call `write(tmp_path)`, then move tmp_path onto `path`; no half-written target ever.

    `sources` are files the result must never overwrite (the report being exported).
    """
    check_target(path, sources)
    name = shown_name(path)
    folder = os.path.dirname(os.path.abspath(path))
    remove_stale_temps(folder)
    tmp = _create_temp(folder, suffix, name)
    try:
        try:
            write(tmp)
        except OSError as exc:   # disk full, quota, a network drive gone away
            raise NianbaoError(MSG_WRITE_FAILED.format(name=name, reason=_reason(exc)),
                               str(exc)) from None
        _replace(tmp, path)
    finally:
        _remove_quietly(tmp)


def remove_stale_temps(folder: str, now: Optional[float] = None) -> list[str]:
    """Delete our temp files in `folder` left by saves that never finished; → their paths.

    Only files older than STALE_SECONDS: a save running now in another process keeps its own.
    """
    now = time.time() if now is None else now
    removed = []
    for pattern in TEMP_PATTERNS:
        for candidate in glob.glob(os.path.join(glob.escape(folder), pattern)):
            try:
                if os.path.isfile(candidate) and now - os.path.getmtime(candidate) > STALE_SECONDS:
                    os.unlink(candidate)
                    removed.append(candidate)
            except OSError:
                continue   # gone already, or not ours to delete: the save goes on
    return removed


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass   # never written, or already moved into place


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "磁盘已满"
    if exc.errno == errno.EDQUOT:
        return "超出磁盘配额"
    return exc.strerror or type(exc).__name__


def _name_bytes(name: str) -> int:
    return len(os.fsencode(name)) if os.name != "nt" else len(name.encode("utf-16-le")) // 2


def _short(name: str) -> str:
    return name if len(name) <= 40 else name[:20] + "…" + name[-12:]


def _create_temp(folder: str, suffix: str, name: str) -> str:
    """An empty, new file beside the target. Not tempfile.mkstemp: its 0600 mode would end up
    on the result, which other users of a shared folder then cannot open."""
    for _ in range(100):
        tmp = os.path.join(folder, f".~nianbao-{secrets.token_hex(6)}{suffix}")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise NianbaoError(MSG_NO_ACCESS.format(name=name, folder=folder), str(exc)) from None
    raise NianbaoError(MSG_NO_ACCESS.format(name=name, folder=folder), "no free temp name")


def _replace(tmp: str, path: str) -> None:
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        # Windows: Excel and WPS hold an exclusive lock on an open workbook.
        raise NianbaoError(MSG_LOCKED.format(name=shown_name(path)), str(exc)) from None
    except OSError as exc:   # a name too long, a drive gone away
        raise NianbaoError(MSG_CANNOT_REPLACE.format(name=_short(shown_name(path)),
                                                     reason=_reason(exc)), str(exc)) from None
