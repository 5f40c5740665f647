"""Write a file atomically: to a temp name in the target folder, then moved into place."""
from __future__ import annotations

import os
import secrets
from typing import Callable, Iterable

from .errors import NianbaoError

MSG_LOCKED = "无法写入 {name}：文件可能正在被 Excel 或 WPS 打开，请关闭后重试。"
MSG_OPEN_ELSEWHERE = ("无法写入 {name}：文件正在被 Excel、WPS 或 LibreOffice 打开，请关闭后重试"
                      "（若已关闭仍有此提示，可删除同一文件夹中的 {owner}）。")
MSG_NO_FOLDER = "无法写入 {name}：文件夹 {folder} 不存在。"
MSG_NO_ACCESS = "无法写入 {name}：没有在文件夹 {folder} 中写文件的权限，或磁盘已满。"
MSG_IS_SOURCE = "不能把结果写到源文件 {name} 上，请另选一个输出文件名。"
MSG_IS_FOLDER = "无法写入 {name}：这是一个文件夹，请给出文件名（例如 结果.xlsx）。"
MSG_WRITE_FAILED = "写入 {name} 失败：{reason}。请检查磁盘空间后重试。"


def same_file(a: str, b: str) -> bool:
    """True when two paths name one file (symlinks, `..`, hard links and case on Windows)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def check_target(path: str, sources: Iterable[str] = ()) -> None:
    """Refuse, with a Chinese message, a target that is a source, a folder, or in no folder."""
    name = os.path.basename(path) or path
    folder = os.path.dirname(os.path.abspath(path))
    for src in sources:
        if src and same_file(path, src):
            raise NianbaoError(MSG_IS_SOURCE.format(name=name), f"{path} is {src}")
    if os.path.isdir(path):
        raise NianbaoError(MSG_IS_FOLDER.format(name=name), path)
    if not os.path.isdir(folder):
        raise NianbaoError(MSG_NO_FOLDER.format(name=name, folder=folder), folder)
    owner = owner_file(path)
    if owner:
        raise NianbaoError(MSG_OPEN_ELSEWHERE.format(name=name, owner=os.path.basename(owner)),
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
    name = os.path.basename(path)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = _create_temp(folder, suffix, name)
    try:
        try:
            write(tmp)
        except OSError as exc:   # disk full, quota, a network drive gone away
            raise NianbaoError(MSG_WRITE_FAILED.format(name=name, reason=exc.strerror or exc),
                               str(exc)) from None
        _replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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
        raise NianbaoError(MSG_LOCKED.format(name=os.path.basename(path)), str(exc)) from None
