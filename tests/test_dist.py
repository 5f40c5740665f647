"""The PyInstaller bundle carries everything it needs: run the built executable on real inputs.

Which bundle is tested:
  NIANBAO_DIST_TEST=1   build one now into a temp folder (`pyinstaller build.spec`, ~1 min), test it
  NIANBAO_DIST=DIR      test the bundle in DIR (CI: after `make dist`, DIR=dist/nianbao); a missing
                        bundle is a failure, not a skip
  neither               test dist/nianbao if `make dist` made one and it is newer than the
                        sources, else skip (so `make test` stays fast and never tests a stale build)
The static checks at the top (spec vs gui imports, CLI routing) always run.
"""
from __future__ import annotations

import ast
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "董家镇-2020.txt"
EXE_NAME = "nianbao.exe" if sys.platform == "win32" else "nianbao"
SIZE_GOAL_MB = 150
SOURCES = ("core", "gui", "resources", "build.spec", "packaging/pyinstaller_hooks")


# ------------------------------------------------------------------ static checks (always run)
def _spec_list(name: str) -> list:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"build.spec has no {name} = …")


def _spec_set(name: str) -> set:
    return set(_spec_list(name))


def qt_modules_imported_by_gui() -> set:
    found = set()
    for path in (ROOT / "gui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r"\bPySide6\.(Qt\w+)", text))
        for names in re.findall(r"from\s+PySide6\s+import\s+(\([^)]*\)|[^\n]+)", text):
            found.update(re.findall(r"\b(Qt\w+)\b", names))
    return found


def test_spec_bundles_every_qt_module_the_gui_imports():
    # build.spec excludes every PySide6 module not in QT_MODULES; one the GUI imports but the spec
    # does not list would make the bundled app die at start while `python -m gui` works fine.
    missing = qt_modules_imported_by_gui() - _spec_set("QT_MODULES")
    assert not missing, f"gui/ imports {sorted(missing)}: add them to QT_MODULES in build.spec"


def test_launcher_routes_cli_words_to_the_cli():
    from gui.launch import wants_cli
    for argv in (["extract", "a.pdf"], ["check", "a.pdf"], ["export", "a", "-o", "b"],
                 ["batch", "d", "-o", "s.xlsx"], ["--version"], ["-h"], ["--help"], ["--diagnose"]):
        assert wants_cli(argv), argv
    for argv in ([], ["报告.pdf"], ["extract.pdf"], ["a.pdf", "--screenshot", "x.png"]):
        assert not wants_cli(argv), argv


def test_launcher_gives_a_windowed_build_streams(monkeypatch):
    # Windowed builds start with sys.stdout/stderr = None; printing must never fail on that.
    from gui import launch
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    launch._give_streams(attach_console=False)
    print("不会出错", file=sys.stdout)
    sys.stderr.write("也不会\n")
    sys.stdout.close()
    sys.stderr.close()


def test_cli_through_the_launcher_never_imports_qt(tmp_path):
    # A CLI run in the bundle must work on a machine with no display and start fast.
    code = ("import sys; from gui.launch import main; rc = main(['nianbao', 'extract', sys.argv[1]]);"
            "qt = [m for m in sys.modules if m.startswith('PySide6')];"
            "sys.stderr.write(repr(qt)); sys.exit(rc or (9 if qt else 0))")
    run = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], cwd=ROOT,
                         capture_output=True, env=_clean_env(tmp_path))
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
    assert json.loads(run.stdout)["meta"]["agency"] == "董家镇人民政府"


# ------------------------------------------------------------------ which bundle
def _newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        newest = max([newest] + [p.stat().st_mtime for p in files if "__pycache__" not in p.parts])
    return newest


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> pathlib.Path:
    """The bundle folder (holding the executable) to test; see the module docstring."""
    if os.environ.get("NIANBAO_DIST_TEST") == "1":
        out = tmp_path_factory.mktemp("pyinstaller")
        run = subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
             "--distpath", str(out / "dist"), "--workpath", str(out / "build"), str(ROOT / "build.spec")],
            cwd=ROOT, capture_output=True, text=True, errors="replace")
        assert run.returncode == 0, run.stderr[-4000:]
        folder = out / "dist" / "nianbao"
    elif os.environ.get("NIANBAO_DIST"):
        folder = pathlib.Path(os.environ["NIANBAO_DIST"]).resolve()
        assert (folder / EXE_NAME).is_file(), f"NIANBAO_DIST={folder}: no {EXE_NAME} there (run make dist)"
    else:
        folder = ROOT / "dist" / "nianbao"
        if not (folder / EXE_NAME).is_file():
            pytest.skip("no bundle: run `make dist`, or set NIANBAO_DIST_TEST=1 to build one here")
        if (folder / EXE_NAME).stat().st_mtime < _newest_source_mtime():
            pytest.skip("dist/nianbao is older than the sources: run `make dist` to test the bundle")
    return folder


def _clean_env(home: pathlib.Path) -> dict:
    """Per-user folders in a temp dir: a test run never touches the real settings or logs."""
    env = dict(os.environ)
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(key, None)           # the bundle must not lean on the developer's Python
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
               APPDATA=str(home / "appdata"), LOCALAPPDATA=str(home / "localappdata"),
               # platformdirs asks Windows itself for these folders (not the variables above);
               # it honours these overrides, so a test run never writes into the real profile.
               WIN_PD_OVERRIDE_APPDATA=str(home / "appdata"),
               WIN_PD_OVERRIDE_LOCAL_APPDATA=str(home / "localappdata"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_bundle(bundle: pathlib.Path, *args, home: pathlib.Path, timeout: float = 120, env=None):
    return subprocess.run([str(bundle / EXE_NAME), *map(str, args)], capture_output=True,
                          env=env or _clean_env(home), timeout=timeout, cwd=home)


def run_python_cli(*args, home: pathlib.Path):
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], capture_output=True,
                          env=_clean_env(home), cwd=ROOT)


def same_json(bundle, path, tmp_path) -> dict:
    """Extract `path` with the bundle and with `python -m core`; the two JSON texts must agree."""
    frozen = run_bundle(bundle, "extract", path, home=tmp_path)
    assert frozen.returncode == 0, frozen.stderr.decode("utf-8", "replace")
    source = run_python_cli("extract", path, home=tmp_path)
    assert source.returncode == 0, source.stderr.decode("utf-8", "replace")
    got, want = json.loads(frozen.stdout), json.loads(source.stdout)
    assert got == want
    return got


# ------------------------------------------------------------------ the bundle runs the CLI
def test_bundle_extracts_the_sample_like_python(bundle, tmp_path):
    got = same_json(bundle, SAMPLE, tmp_path)
    assert got["meta"]["agency"] == "董家镇人民政府"
    assert sum(v is not None for v in got["cells"].values()) > 100


def test_bundle_reads_a_pdf_whose_chinese_font_is_not_embedded(bundle, tmp_path):
    # The PyInstaller pitfall of pdfminer (CMaps are data files the bundle may lack) does not
    # apply: pdfium, which reads the text, carries its CMaps inside its library. Prove it.
    pdf = tmp_path / "非嵌入字体.pdf"
    write_cjk_pdf(SAMPLE.read_text(encoding="utf-8").splitlines(), pdf)
    got = same_json(bundle, pdf, tmp_path)
    assert got["meta"]["agency"] == "董家镇人民政府"


def test_bundle_reads_the_other_formats(bundle, tmp_path):
    # Each format drags in its own libraries: pdfplumber/pdfminer/PDFium (pdf),
    # python-docx/lxml.etree (docx), lxml.html (html). Whichever fixtures exist are used.
    inputs = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("ruled_merged.pdf"))
    inputs += sorted((ROOT / "tests" / "fixtures" / "corpus" / "docx").glob("*.docx"))[:1]
    inputs += sorted((ROOT / "tests" / "fixtures" / "corpus" / "html").glob("*.htm*"))[:1]
    if not inputs:
        pytest.skip("no PDF/DOCX/HTML fixtures in tests/fixtures")
    for path in inputs:
        same_json(bundle, path, tmp_path)


def test_bundle_exports_excel_and_runs_a_parallel_batch(bundle, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "董家镇.xlsx"
    run = run_bundle(bundle, "export", SAMPLE, "-o", out, home=tmp_path)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    openpyxl.load_workbook(out)
    # The batch starts worker processes by re-running the executable (spawn): that only works
    # when gui/launch.py calls multiprocessing.freeze_support() first.
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(3):
        shutil.copy(SAMPLE, folder / f"{i}-{SAMPLE.name}")
    summary = tmp_path / "汇总.xlsx"
    run = run_bundle(bundle, "batch", folder, "-o", summary, "--workers", "2", home=tmp_path, timeout=180)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert "已汇总 3 份报告，0 个文件无法读取" in run.stderr.decode("utf-8", "replace")
    openpyxl.load_workbook(summary)


def test_bundle_writes_word_output(bundle, tmp_path):
    # python-docx builds a new document (the official tables) and a comments part (the review
    # copy) from its template files: data files the bundle must carry.
    docx = sorted((ROOT / "tests" / "fixtures" / "corpus" / "docx").glob("*.docx"))[0]
    for source, out, extra in ((SAMPLE, tmp_path / "表格.docx", []),
                               (docx, tmp_path / "送审.docx", ["--review"])):
        run = run_bundle(bundle, "export", source, "-o", out, *extra, home=tmp_path)
        assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
        assert zipfile.is_zipfile(out)


def test_bundle_version_and_check_exit_codes(bundle, tmp_path):
    from core import __version__
    run = run_bundle(bundle, "--version", home=tmp_path)
    assert run.returncode == 0 and __version__ in run.stdout.decode("utf-8")
    frozen = run_bundle(bundle, "check", SAMPLE, home=tmp_path)
    source = run_python_cli("check", SAMPLE, home=tmp_path)
    assert (frozen.returncode, frozen.stdout) == (source.returncode, source.stdout)
    missing = run_bundle(bundle, "extract", tmp_path / "没有这个文件.pdf", home=tmp_path)
    assert missing.returncode == 2 and "找不到文件" in missing.stderr.decode("utf-8")


def test_bundle_diagnosis_shows_chinese_qt_pdfium_and_per_user_folders(bundle, tmp_path):
    run = run_bundle(bundle, "--diagnose", home=tmp_path)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    info = json.loads(run.stdout)
    assert info["frozen"] is True
    assert info["qt_zh_CN"] is True          # Qt finds qtbase_zh_CN.qm inside the bundle
    assert info["pdfium"] and not (bundle / "_internal" / "pdfminer" / "cmap").exists()
    if sys.platform.startswith("linux"):
        assert {"libqxcb.so", "libqoffscreen.so"} <= set(info["qt_platform_plugins"])
    if sys.platform == "win32":
        assert {"qwindows.dll", "qoffscreen.dll"} <= set(info["qt_platform_plugins"])
    for key in ("settings_folder", "autosave_folder", "log_folder"):
        folder = pathlib.Path(info[key])
        assert tmp_path in folder.parents and bundle not in folder.parents, (key, folder)


# ------------------------------------------------------------------ the bundle runs the window
def _gui_can_screenshot() -> bool:
    app = ROOT / "gui" / "app.py"
    return app.is_file() and "--screenshot" in app.read_text(encoding="utf-8")


def _screenshot(bundle, tmp_path, env=None) -> float:
    if not _gui_can_screenshot():
        pytest.skip("gui/app.py does not offer --screenshot yet")
    shot = tmp_path / "window.png"
    start = time.perf_counter()
    run = run_bundle(bundle, SAMPLE, "--screenshot", shot, home=tmp_path, timeout=120, env=env)
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-3000:]
    assert shot.is_file() and shot.stat().st_size > 1000
    return seconds


def test_bundle_opens_its_window_offscreen(bundle, tmp_path):
    seconds = _screenshot(bundle, tmp_path)
    # The goal is 2 s (packaging/measure.py measures it properly); this only catches a bundle
    # that hangs or searches the disk at start, with room for a slow CI machine.
    assert seconds < 15


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("xvfb-run"),
                    reason="needs Linux and xvfb-run")
def test_bundle_opens_its_window_on_x11(bundle, tmp_path):
    # offscreen proves Qt starts; this proves the xcb plugin and every library it needs are there
    # (or on this system) — what an office desktop uses.
    if not _gui_can_screenshot():
        pytest.skip("gui/app.py does not offer --screenshot yet")
    plugin = next(bundle.rglob("platforms/libqxcb.so"))
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                         env=dict(os.environ, LD_LIBRARY_PATH=str(bundle / "_internal"))).stdout
    absent = re.findall(r"^\s*(\S+) => not found", ldd, re.M)
    if absent:
        pytest.skip(f"neither this machine nor the bundle has {absent}: install them on the build "
                    "machine (packaging/build_linux.sh lists the packages) and rebuild")
    env = _clean_env(tmp_path)
    env["QT_QPA_PLATFORM"] = "xcb"
    shot = tmp_path / "x11.png"
    run = subprocess.run(["xvfb-run", "-a", str(bundle / EXE_NAME), str(SAMPLE), "--screenshot", str(shot)],
                         capture_output=True, env=env, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-3000:]
    assert shot.is_file()


# ------------------------------------------------------------------ what is (not) in the bundle
def _bundle_bytes(folder: pathlib.Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def test_bundle_stays_under_the_size_goal(bundle):
    # The goal is for the base: OCR is a separate component (tests/test_dist_ocr.py, build.spec's
    # OCR folders), left out of this sum.
    internal = bundle / "_internal"
    ocr = _spec_list("OCR_PACKAGES") + _spec_list("OCR_LIBRARY_FOLDERS")
    mb = (_bundle_bytes(bundle) - sum(_bundle_bytes(internal / name) for name in ocr)) / 2**20
    assert mb < SIZE_GOAL_MB, f"bundle is {mb:.0f} MB without OCR (goal < {SIZE_GOAL_MB} MB): see excludes in build.spec"


def test_bundle_keeps_only_chinese_qt_translations_and_needed_plugins(bundle):
    qm = sorted(p.name for p in bundle.rglob("*.qm"))
    assert "qtbase_zh_CN.qm" in qm
    assert all(name.endswith("_zh_CN.qm") for name in qm), qm
    plugin_dirs = {p.parent.name for p in bundle.rglob("plugins/*/*")}
    assert "platforms" in plugin_dirs
    assert not plugin_dirs & {"platformthemes", "wayland-shell-integration", "egldeviceintegrations",
                              "qmltooling", "sqldrivers", "networkinformation", "tls"}, plugin_dirs
    assert not list(bundle.rglob("*Qt6Quick*")) and not list(bundle.rglob("*Qt6Qml*"))


@pytest.mark.skipif(sys.platform != "win32", reason="Windows bundle: DLL imports and exe subsystem")
def test_windows_bundle_dlls_resolve_and_the_exe_has_no_console(bundle):
    # The Windows counterpart of the ldd test below: every Qt/PySide/Python DLL that a bundled
    # .dll/.pyd imports is in the bundle; the rest are Windows' own. pefile comes with PyInstaller.
    import pefile
    exe = pefile.PE(str(bundle / EXE_NAME), fast_load=True)
    assert exe.OPTIONAL_HEADER.Subsystem == 2     # Windows GUI: no console window behind the app
    present = {p.name.lower() for p in bundle.rglob("*") if p.suffix.lower() in (".dll", ".pyd")}
    own = re.compile(r"^(qt6|pyside6|shiboken6|python3|pdfium|libcrypto|msvcp|vcruntime)", re.I)
    missing = set()
    for path in bundle.rglob("*"):
        if path.suffix.lower() not in (".dll", ".pyd"):
            continue
        pe = pefile.PE(str(path), fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
        for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
            name = entry.dll.decode("ascii", "replace").lower()
            if own.match(name) and name not in present:
                missing.add(f"{path.relative_to(bundle)} → {name}")
        pe.close()
    assert not missing, sorted(missing)
    # Left out on purpose (build.spec): Qt's software OpenGL, never used by Qt Widgets, and the
    # second and third copies of the Visual C++ runtime.
    assert "opengl32sw.dll" not in present
    runtime = [p.name.lower() for p in bundle.rglob("*.dll") if re.fullmatch(r"(msvcp|vcruntime)140(_\d)?\.dll", p.name, re.I)]
    assert runtime and len(runtime) == len(set(runtime)), sorted(runtime)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="Linux ldd")
def test_bundled_libraries_resolve(bundle):
    # Every Qt/PySide/Python library a bundled binary links must be in the bundle itself; system
    # libraries (X11, fontconfig, D-Bus…, left out on purpose by build.spec) come from the desktop.
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    own = re.compile(r"^(libQt6|libpyside6|libshiboken6|libpython|libicu)")
    missing = set()
    for path in [bundle / EXE_NAME, *internal.rglob("*.so*")]:
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        for lib in re.findall(r"^\s*(\S+) => not found", out, re.M):
            if own.match(lib):
                missing.add(f"{path.relative_to(bundle)} → {lib}")
    assert not missing, sorted(missing)


def test_running_the_bundle_writes_nothing_beside_the_program(bundle, tmp_path):
    # User data (settings, recent files, autosave, logs) belongs in the per-user folders: the
    # program folder is read-only under C:\Program Files and /opt.
    before = {p: p.stat().st_mtime for p in bundle.rglob("*")}
    run_bundle(bundle, "extract", SAMPLE, home=tmp_path)
    run_bundle(bundle, "extract", tmp_path / "没有这个文件.pdf", home=tmp_path)
    if _gui_can_screenshot():
        run_bundle(bundle, SAMPLE, "--screenshot", tmp_path / "w.png", home=tmp_path, timeout=120)
    after = {p: p.stat().st_mtime for p in bundle.rglob("*")}
    assert after == before


@pytest.mark.skipif(not shutil.which("strace"), reason="needs strace")
def test_bundle_opens_no_network_socket(bundle, tmp_path):
    # pytest-socket guards the test process only; the bundle is another process. strace sees every
    # socket it (and its batch workers) create: only local ones (X11, D-Bus: AF_UNIX) are allowed.
    log = tmp_path / "strace.log"
    cmds = [["extract", SAMPLE]]
    if _gui_can_screenshot():
        cmds.append([SAMPLE, "--screenshot", tmp_path / "w.png"])
    for args in cmds:
        run = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(log),
                              str(bundle / EXE_NAME), *map(str, args)],
                             capture_output=True, env=_clean_env(tmp_path), timeout=120, cwd=tmp_path)
        if run.returncode != 0 and b"ptrace" in run.stderr:
            pytest.skip("strace is not permitted here")
        assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
        calls = log.read_text(errors="replace")
        assert not re.findall(r"socket\(AF_INET6?\b|connect\(\d+, \{sa_family=AF_INET6?\b", calls), calls


# ------------------------------------------------------------------ the Linux package
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux package")
def test_linux_tarball_installs_and_uninstalls_for_one_user(bundle, tmp_path):
    from core import __version__
    tarballs = sorted(bundle.parent.glob(f"nianbao-{__version__}-linux-*.tar.gz"))
    if not tarballs or tarballs[-1].stat().st_mtime < (bundle / EXE_NAME).stat().st_mtime:
        pytest.skip("no tar.gz beside this bundle: packaging/build_linux.sh makes it")
    import tarfile
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (folder,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    env = _clean_env(home)
    env.pop("XDG_DATA_HOME")
    subprocess.run(["sh", str(folder / "install.sh")], check=True, env=env, capture_output=True)
    desktop = home / ".local/share/applications/nianbao.desktop"
    exe = home / ".local/opt/nianbao/nianbao"
    assert f'Exec="{exe}" %f' in desktop.read_text(encoding="utf-8")
    assert (home / ".local/share/icons/hicolor/256x256/apps/nianbao.png").is_file()
    assert (home / "Desktop/nianbao.desktop").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(desktop)], check=True)
    run = subprocess.run([str(home / ".local/bin/nianbao"), "extract", str(SAMPLE)], env=env,
                         capture_output=True, timeout=120)
    assert run.returncode == 0 and json.loads(run.stdout)["meta"]["agency"] == "董家镇人民政府"
    subprocess.run(["sh", str(folder / "uninstall.sh")], check=True, env=env, capture_output=True)
    assert not exe.exists() and not desktop.exists() and not (home / ".local/bin/nianbao").exists()


# ------------------------------------------------------------------ a PDF that needs the CMaps
def write_cjk_pdf(lines: list[str], out: pathlib.Path) -> None:
    """A PDF whose Chinese font is not embedded: Type0 font STSong-Light, predefined CMap
    UniGB-UCS2-H, no ToUnicode — readable only with the predefined CMaps (pdfium's built in).
    (What Acrobat writes for "Adobe Song Std, not embedded"; found in older published reports.)"""
    per_page = 60
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
           b"/DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
           b"/FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
           b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    }
    kids, n = [], 6
    for page in pages:
        ops, y = [b"BT /F1 10 Tf"], 800
        for line in page:
            text = line.strip()
            if text:
                ops.append(b"1 0 0 1 40 %d Tm <%s> Tj" % (y, text.encode("utf-16-be").hex().encode()))
            y -= 13
        stream = b"\n".join(ops + [b"ET"])
        objs[n] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objs[n + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % n)
        kids.append(n + 1)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(data)
        data += b"%d 0 obj\n%s\nendobj\n" % (num, objs[num])
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % n
    data += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, n))
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    out.write_bytes(bytes(data))
