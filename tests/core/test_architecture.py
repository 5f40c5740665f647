"""core/ knows nothing of widgets: no module imports Qt, and importing all of core loads none."""
import pathlib
import re
import subprocess
import sys

CORE = pathlib.Path(__file__).resolve().parents[2] / "core"
_QT = re.compile(r"^\s*(?:from|import)\s+(?:PySide6|PyQt\d|shiboken6)\b", re.M)


def test_no_core_module_imports_qt():
    offenders = [str(p.relative_to(CORE.parent)) for p in CORE.rglob("*.py") if _QT.search(p.read_text("utf-8"))]
    assert not offenders


def test_importing_every_core_module_loads_no_qt():
    modules = sorted("core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
                     for p in CORE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=CORE.parent, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
