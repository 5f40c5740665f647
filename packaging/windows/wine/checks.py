"""Checks for build.sh/test.sh (Linux Python): JSON as on Linux, PNG not blank, GUI exe, .isl complete."""
from __future__ import annotations

import json
import struct
import sys


def load_json(path: str):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict) and isinstance(data.get("meta"), dict):
        # The only difference allowed: Windows prints the source path with backslashes.
        data["meta"]["source"] = str(data["meta"].get("source", "")).replace("\\", "/")
    return data


def same_json(windows: str, linux: str, ignore_source: bool = False) -> bool:
    """ignore_source: the same report read from another path (only meta.source may differ)."""
    try:
        got, want = load_json(windows), load_json(linux)
    except (OSError, ValueError):
        return False
    if ignore_source:
        for data in (got, want):
            data.get("meta", {}).pop("source", None)
    return got == want


def png_not_blank(path: str) -> bool:
    """A real window: at least 800x500 and many colours (a blank or black frame has one or two)."""
    from PIL import Image
    with Image.open(path) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20) or []
        return img.width >= 800 and img.height >= 500 and len(colours) > 50


def pe_subsystem(path: str) -> int:
    """2 = Windows GUI (no console window), 3 = console."""
    with open(path, "rb") as fh:
        data = fh.read(4096)
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0", "not a PE file"
    return struct.unpack_from("<H", data, pe + 24 + 68)[0]


def isl_keys(path: str) -> set:
    """(section, key) of every message in an Inno Setup .isl file."""
    keys, section = set(), ""
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("["):
                section = line
            elif line and not line.startswith(";") and "=" in line:
                keys.add((section, line.split("=", 1)[0]))
    return keys


def main(argv: list[str]) -> int:
    what, *args = argv
    if what == "same-json":
        return 0 if same_json(*args) else 1
    if what == "same-report":
        return 0 if same_json(*args, ignore_source=True) else 1
    if what == "png":
        return 0 if png_not_blank(*args) else 1
    if what == "gui-subsystem":
        return 0 if pe_subsystem(*args) == 2 else 1
    if what == "diagnose":   # diagnose JSON: folders under the redirected root, qt_zh_CN, pdfium
        info = load_json(args[0])
        folders = [info[k] for k in ("settings_folder", "autosave_folder", "log_folder")]
        ok = info["frozen"] and info["qt_zh_CN"] and info["pdfium"] and \
            all(f.lower().startswith(args[1].lower()) for f in folders)
        print(json.dumps({k: info[k] for k in ("version", "qt", "settings_folder", "log_folder")},
                         ensure_ascii=False))
        return 0 if ok else 1
    if what == "isl-complete":   # every message of Inno Setup's Default.isl is translated
        missing = isl_keys(args[0]) - isl_keys(args[1])
        for section, key in sorted(missing):
            print(f"{args[1]}: {section} {key} is not translated")
        return 1 if missing else 0
    raise SystemExit(f"unknown check {what}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
