"""Measure the bundle for the README: size, cold start to an open window, `nianbao extract` time.

    .venv/bin/python packaging/measure.py [dist/nianbao] [--runs 5] [--cold] [--scan]

--cold drops the OS page cache before every run (Linux, root only: writes
/proc/sys/vm/drop_caches), which is what a user sees the first time after boot; without it the
runs are warm (files already in memory), the usual case for the second start of the day.
The window is timed with `nianbao SAMPLE --screenshot OUT.png` under QT_QPA_PLATFORM=offscreen:
start, load the sample, show the window, grab it, quit. The sizes are given with and without
the OCR component (packaging/ocr_component.py); --scan also times `nianbao extract` on a scan
fixture (OCR inside the bundle: engine and models loaded, one page recognised).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "董家镇-2020.txt"
SCAN = ROOT / "tests" / "fixtures" / "scans" / "表二-横放.png"
EXE = "nianbao.exe" if sys.platform == "win32" else "nianbao"


def drop_caches() -> bool:
    try:
        os.sync()
        pathlib.Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list, env: dict, cold: bool) -> float:
    if cold and not drop_caches():
        raise SystemExit("--cold needs Linux and root (to write /proc/sys/vm/drop_caches)")
    start = time.perf_counter()
    run = subprocess.run(cmd, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{run.stderr.decode('utf-8', 'replace')[-2000:]}")
    return seconds


def summary(times: list) -> str:
    return f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle", nargs="?", default=str(ROOT / "dist" / "nianbao"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--scan", action="store_true", help=f"also time OCR of {SCAN.name}")
    args = ap.parse_args()
    bundle = pathlib.Path(args.bundle)
    exe = str(bundle / EXE)

    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"bundle {bundle}: {size / 2**20:.0f} MB unpacked, {len(files)} files")
    sys.path.insert(0, str(ROOT / "packaging"))
    from ocr_component import sizes   # a script beside this one, not a package
    parts = sizes(bundle)
    print(f"  without OCR {parts['base'] / 2**20:.0f} MB, the OCR component {parts['ocr'] / 2**20:.0f} MB")

    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home, XDG_CONFIG_HOME=f"{home}/c",
                   XDG_DATA_HOME=f"{home}/d", XDG_STATE_HOME=f"{home}/s", XDG_CACHE_HOME=f"{home}/k")
        kind = "cold" if args.cold else "warm"
        timed([exe, "--version"], env, False)            # first run: not counted unless --cold
        cli = [timed([exe, "extract", str(SAMPLE)], env, args.cold) for _ in range(args.runs)]
        print(f"nianbao extract {SAMPLE.name} ({kind}): {summary(cli)}")
        src = [timed([sys.executable, "-m", "core", "extract", str(SAMPLE)], env, args.cold)
               for _ in range(args.runs)]
        print(f"python -m core extract, for comparison ({kind}): {summary(src)}")
        if args.scan:
            ocr = [timed([exe, "extract", str(SCAN)], env, args.cold) for _ in range(args.runs)]
            print(f"nianbao extract {SCAN.name} (OCR, one page) ({kind}): {summary(ocr)}")
        app = ROOT / "gui" / "app.py"
        if app.is_file() and "--screenshot" in app.read_text(encoding="utf-8"):
            shot = f"{home}/w.png"
            gui = [timed([exe, str(SAMPLE), "--screenshot", shot], env, args.cold) for _ in range(args.runs)]
            print(f"window (offscreen, sample loaded, screenshot, quit) ({kind}): {summary(gui)}")
        else:
            print("window: not measured (gui/app.py has no --screenshot yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
