"""The project file's schema, checked before any of it is used; a bad file is set aside.

A project file (报告名.nianbao.json) is written by us, but it lives in a folder anyone can
edit, sync or damage: version as a string, nesting 100 000 deep, 1e400, a 100 MB note, a
million corrections. Each is refused here with one plain message, never an internal error,
and the file is moved aside (名.nianbao.json.bad-日期), never deleted.
"""
from __future__ import annotations

import json
import math
import os
from datetime import datetime
from typing import Optional

MAX_PROJECT_BYTES = 8 * 1024 * 1024
MAX_CORRECTIONS = 20_000      # a person edits tens of cells; undo history stays well below
MAX_NOTES = 2_000
MAX_NOTE_CHARS = 10_000       # a note is a sentence or a paragraph, not a document
MAX_TEXT_CHARS = 1_000        # paths, keys, times, hashes
MAX_DEPTH = 8                 # the format nests 3 deep
MAX_VALUE = 1e15              # no count or amount a report prints is larger
MSG_BAD = "修改记录文件 {name} 已损坏或不是本程序保存的（{why}），本次未套用。"
MSG_SET_ASIDE = "原文件已改名为 {aside} 保留。"


class ProjectSchemaError(ValueError):
    """What is wrong with a project file's content, in plain Chinese."""


def parse(raw: bytes) -> dict:
    """The JSON object of a project file, or ProjectSchemaError saying what is wrong."""
    if len(raw) > MAX_PROJECT_BYTES:
        raise ProjectSchemaError(f"文件过大（{len(raw) // 1024 // 1024} MB）")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectSchemaError("不是 UTF-8 文本") from None
    if _nesting(text) > MAX_DEPTH:
        raise ProjectSchemaError("层次过深")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int)
    except (ValueError, RecursionError) as exc:
        raise ProjectSchemaError(f"不是有效的 JSON：{str(exc)[:60]}") from None
    validate(data)
    return data


def _nesting(text: str) -> int:
    """How deep brackets nest (strings skipped), without building anything."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _refuse_constant(name: str):
    raise ValueError(f"{name} 不是数")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 18:
        raise ValueError("数字位数过多")
    return int(text)


def validate(data) -> None:
    """Types, ranges and sizes of every field the program reads."""
    _require(isinstance(data, dict), "内容不是一个对象")
    _require(data.get("kind") == "nianbao-project", "缺少 kind: nianbao-project")
    version = data.get("version", 1)
    _require(isinstance(version, int) and not isinstance(version, bool) and 0 < version < 1000,
             "版本号不是正整数")
    if data.get("layout") in (2019, 2021):   # written by hand as a number: meant the same
        data["layout"] = str(data["layout"])
    source = data.get("source")
    _require(isinstance(source, dict), "缺少源文件信息")
    for field in ("path", "sha256"):
        _text(source.get(field), f"source.{field}")
    _require(data.get("layout") in ("2019", "2021"),
             f"格式版本应为 \"2019\" 或 \"2021\"，而不是 {_short(data.get('layout'))}")
    corrections = data.get("corrections", [])
    _require(isinstance(corrections, list), "corrections 不是列表")
    _require(len(corrections) <= MAX_CORRECTIONS, f"修改条数过多（{len(corrections):,} 条）")
    for item in corrections:
        _require(isinstance(item, dict), "某条修改不是对象")
        _text(item.get("key"), "修改的单元格键")
        for field in ("old", "new"):
            _number(item.get(field), field)
        for field in ("time", "note"):
            if item.get(field) is not None:
                _text(item.get(field), field, MAX_NOTE_CHARS if field == "note" else MAX_TEXT_CHARS,
                      allow_empty=True)
    notes = data.get("notes", {})
    _require(isinstance(notes, dict), "notes 不是对象")
    _require(len(notes) <= MAX_NOTES, f"批注条数过多（{len(notes):,} 条）")
    for key, text in notes.items():
        _text(key, "批注的单元格键", allow_empty=True)
        _text(text, "批注", MAX_NOTE_CHARS, allow_empty=True)
    if data.get("saved") is not None:
        _text(data.get("saved"), "saved", allow_empty=True)


def _require(ok: bool, why: str) -> None:
    if not ok:
        raise ProjectSchemaError(why)


def _text(value, what: str, limit: int = MAX_TEXT_CHARS, allow_empty: bool = False) -> None:
    _require(isinstance(value, str) and (allow_empty or value), f"{what} 不是文字")
    _require(len(value) <= limit, f"{what} 过长（{len(value):,} 字）")


def _number(value, what: str) -> None:
    if value is None:
        return
    _require(isinstance(value, (int, float)) and not isinstance(value, bool), f"{what} 不是数")
    _require(math.isfinite(value) and abs(value) <= MAX_VALUE, f"{what} 超出范围")


def _short(value) -> str:
    return json.dumps(value, ensure_ascii=False)[:20] if value is not None else "空"


def set_aside(path: str, now: Optional[datetime] = None) -> Optional[str]:
    """Rename a bad project file to 名.nianbao.json.bad-日期 beside it; → the new path, or
    None when it cannot be renamed (a read-only folder: then it is left where it is)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = f"{path}.bad-{stamp}"
    n = 1
    while os.path.exists(aside):
        n += 1
        aside = f"{path}.bad-{stamp}-{n}"
    try:
        os.replace(path, aside)
    except OSError:
        return None
    return aside
