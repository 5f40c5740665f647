"""Shared by the two Qt hooks here: keep only the Qt plugins and translations build.spec lists.

PyInstaller's own Qt hooks collect every plugin of every type QtGui can use (Wayland, EGL
device integrations, the virtual keyboard, GTK theme, PDF image format…) and every language of
Qt's translations. Each plugin then pulls its libraries in (the virtual keyboard alone drags
QtQuick and QtQml, ~20 MB). Dropping a plugin *here*, before PyInstaller analyses binary
dependencies, keeps its libraries out too; filtering the bundle afterwards would not.
The lists themselves live in build.spec (Analysis(hooksconfig={"nianbao": …})).
"""
from __future__ import annotations

import fnmatch
import os

CONFIG = "nianbao"


def _stem(filename: str) -> str:
    """`libqxcb.so` / `qwindows.dll` / `libqcocoa.dylib` → `qxcb` / `qwindows` / `qcocoa`."""
    name = os.path.basename(filename).split(".")[0]
    return name[3:] if name.startswith("lib") else name


def keep_plugin(src: str, dest_dir: str, keep: dict) -> bool:
    """keep = {plugin type: [name patterns]}; a type not listed is dropped entirely."""
    parts = dest_dir.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True                      # a Qt library, not a plugin: PyInstaller decides
    plugin_type = "/".join(parts[parts.index("plugins") + 1:])
    patterns = keep.get(plugin_type)
    return bool(patterns) and any(fnmatch.fnmatch(_stem(src), p) for p in patterns)


def keep_translation(src: str, languages: list) -> bool:
    if not src.endswith(".qm"):
        return True
    base = os.path.basename(src)[:-3]
    return any(base.endswith("_" + lang) for lang in languages)


def trimmed(hook_api, collected):
    """Apply build.spec's lists to what PyInstaller's stock hook collected; report what went."""
    from PyInstaller.utils.hooks import get_hook_config
    hiddenimports, binaries, datas = collected
    plugins = get_hook_config(hook_api, CONFIG, "qt_plugins")
    languages = get_hook_config(hook_api, CONFIG, "qt_translations")
    if plugins is not None:
        binaries = [(src, dest) for src, dest in binaries if keep_plugin(src, dest, plugins)]
    if languages is not None:
        datas = [(src, dest) for src, dest in datas if keep_translation(src, languages)]
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries(binaries)
    hook_api.add_datas(datas)
