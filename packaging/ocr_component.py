"""The OCR component of a built bundle: build.spec's OCR folders under _internal (issue 11).

    python packaging/ocr_component.py folders BUNDLE   # one path per line, relative to BUNDLE
    python packaging/ocr_component.py sizes BUNDLE     # bytes: whole, base (no OCR), OCR

build.spec keeps every file only OCR needs in these folders, so the base is the bundle without
them: packaging/build_linux.sh packs them as the OCR add-on archive, the Windows installer makes
them its "文字识别（OCR）" component, the tests remove them to prove the app runs without OCR.
"""
from __future__ import annotations

import ast
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LISTS = ("OCR_PACKAGES", "OCR_LIBRARY_FOLDERS")


def ocr_folders(spec: pathlib.Path = ROOT / "build.spec") -> list[str]:
    """The folder names under _internal that make up OCR, as build.spec lists them."""
    found = {}
    for node in ast.parse(spec.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in LISTS:
            found[node.targets[0].id] = ast.literal_eval(node.value)
    missing = set(LISTS) - set(found)
    if missing:
        raise SystemExit(f"build.spec has no {sorted(missing)} = [...]")
    return found["OCR_PACKAGES"] + found["OCR_LIBRARY_FOLDERS"]


def present(bundle: pathlib.Path) -> list[pathlib.Path]:
    """The OCR folders this bundle holds (relative to it), and on Linux the links PyInstaller
    puts beside them at the top of _internal (libavcodec… → opencv_python_headless.libs/…);
    a base-only bundle holds none."""
    internal = bundle / "_internal"
    entries = {p.name.lower(): p for p in internal.iterdir()} if internal.is_dir() else {}
    # Case-blind, as Windows names files: delvewheel capitalises some folders ("Shapely.libs").
    folders = [name.lower() for name in ocr_folders()]
    found = [entries[name] for name in folders
             if name in entries and entries[name].is_dir() and not entries[name].is_symlink()]
    links = sorted(p for p in entries.values() if p.is_symlink()
                   and pathlib.PurePath(os.readlink(p)).parts[0].lower() in folders)
    return [p.relative_to(bundle) for p in found + links]


def tree_bytes(folder: pathlib.Path) -> int:
    if folder.is_symlink() or not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def sizes(bundle: pathlib.Path) -> dict:
    whole = tree_bytes(bundle)
    ocr = sum(tree_bytes(bundle / rel) for rel in present(bundle))
    return {"whole": whole, "base": whole - ocr, "ocr": ocr}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("folders", "sizes"):
        print(__doc__, file=sys.stderr)
        return 2
    bundle = pathlib.Path(argv[1])
    if argv[0] == "folders":
        print("\n".join(rel.as_posix() for rel in present(bundle)))
    else:
        print(" ".join(f"{k}={v}" for k, v in sizes(bundle).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
