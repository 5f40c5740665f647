#!/usr/bin/env bash
# `make dist-windows-test`: run the Windows bundle and installer (from `make dist-windows`) under
# Wine and check them; every check prints PASS/FAIL, the script exits 1 when any failed.
# Results and timings: build/windows/logs/ (results.txt, timings.txt, screenshots, JSON).
source "$(dirname "$0")/env.sh"
cd "$ROOT" || exit 1
EXE="$WIN_DIST/nianbao/nianbao.exe"
SAMPLE=resources/sample/董家镇-2020.txt
[ -f "$EXE" ] || die "no Windows bundle: run make dist-windows"
SETUP=$(ls dist/nianbao-"$(version)"-windows-x64-setup.exe 2>/dev/null) || die "no installer: run make dist-windows"
PY=.venv/bin/python
CHECK="$PY $HERE/checks.py"
RES="$LOGS/results.txt"; : > "$RES"
FAILED=0
ok() { echo "PASS $*" | tee -a "$RES"; }
bad() { echo "FAIL $*" | tee -a "$RES"; FAILED=1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
# Per-user folders of every run go to one test folder: never the prefix's real profile.
USERDIR='C:\nianbao-test\user'
export WIN_PD_OVERRIDE_LOCAL_APPDATA="$USERDIR\\local" WIN_PD_OVERRIDE_APPDATA="$USERDIR\\roaming"
rm -rf "$WINEPREFIX/drive_c/nianbao-test"; mkdir -p "$WINEPREFIX/drive_c/nianbao-test"
T="$WINEPREFIX/drive_c/nianbao-test"

step "test 1: the exe is a windowed (GUI-subsystem) program: no console window behind the app"
check "nianbao.exe has the Windows GUI subsystem" $CHECK gui-subsystem "$EXE"
done_

step "test 2: nianbao.exe extract on the corpus = Linux python -m core extract"
mapfile -t INPUTS < <(ls resources/sample/*.txt; find tests/fixtures/corpus tests/fixtures/pdf tests/fixtures/real \
    -type f \( -name '*.pdf' -o -name '*.docx' -o -name '*.txt' -o -name '*.html' -o -name '*.htm' \) 2>/dev/null | sort;
    ls tests/fixtures/scans/*)   # scans: OCR inside the bundle (issue 11)
[ -n "${QUICK:-}" ] && INPUTS=("${INPUTS[@]:0:$QUICK}")   # QUICK=N: the first N inputs only
mkdir -p "$LOGS/extract"; rm -f "$LOGS/extract"/*
same=0; differ=0
for f in "${INPUTS[@]}"; do
    key=$(echo "$f" | tr '/ ' '__')
    "$WINE64" "$EXE" extract "$(echo "$f" | tr / '\\')" 2>/dev/null | cat > "$LOGS/extract/$key.win.json"; wrc=${PIPESTATUS[0]}
    $PY -m core extract "$f" > "$LOGS/extract/$key.lin.json" 2>/dev/null; lrc=$?
    if [ "$wrc" = "$lrc" ] && { [ "$lrc" != 0 ] || $CHECK same-json "$LOGS/extract/$key.win.json" "$LOGS/extract/$key.lin.json"; }; then
        same=$((same + 1)); else differ=$((differ + 1)); echo "  differs: $f (exit code Windows $wrc, Linux $lrc)" | tee -a "$RES"; fi
done
check "extract: $same of ${#INPUTS[@]} inputs give the same JSON and exit code as Linux" [ "$differ" = 0 ]
done_

step "test 3: --diagnose and the CLI's UTF-8 output on a Western and a Chinese code page"
cp "$SAMPLE" "$T/sample.txt"
WEXE=$(winpath "$EXE")
for lang in en_US.UTF-8:cp1252 zh_CN.UTF-8:cp936; do      # Wine's ANSI code page follows the locale
    cp=${lang#*:}; lang=${lang%:*}
    got=$(LANG=$lang LC_ALL=$lang wrun "$WINPY" -c "import locale; print(locale.getpreferredencoding())" | tr -d '\r')
    check "under $lang the Windows code page is $cp (got $got)" [ "$got" = "$cp" ]
    LANG=$lang LC_ALL=$lang "$WINE64" "$EXE" --diagnose 2>/dev/null | cat > "$LOGS/diagnose-$lang.json"
    check "--diagnose under $cp: UTF-8 JSON, Chinese Qt, pdfium, per-user folders redirected" \
        $CHECK diagnose "$LOGS/diagnose-$lang.json" "$USERDIR"
    # cmd.exe, as a clerk would type it, output redirected (ASCII command line: Wine's cmd /c
    # argument passes through the Linux locale)
    LANG=$lang LC_ALL=$lang wrun cmd /c "$WEXE extract C:\\nianbao-test\\sample.txt > C:\\nianbao-test\\cmd-$cp.json" > /dev/null
    check "cmd.exe: nianbao.exe extract > file under $cp gives the same UTF-8 JSON as Linux" \
        $CHECK same-report "$T/cmd-$cp.json" "$LOGS/extract/resources_sample_董家镇-2020.txt.lin.json"
done
check "--diagnose prints the same bytes on both code pages" cmp -s "$LOGS/diagnose-en_US.UTF-8.json" "$LOGS/diagnose-zh_CN.UTF-8.json"
check "extract prints the same bytes on both code pages" cmp -s "$T/cmd-cp1252.json" "$T/cmd-cp936.json"
done_

step "test 4: paths with Chinese names and spaces, a long path, a mapped drive letter"
mkdir -p "$T/政府 信息/2020 年报"; cp "$SAMPLE" "$T/政府 信息/2020 年报/董家镇 2020 年报.txt"
LONG="$T/$(printf '很长的文件夹名称第%02d层/' $(seq 1 22))"; mkdir -p "$LONG"; cp "$SAMPLE" "$LONG/董家镇 2020.txt"
LONGWIN="C:\\nianbao-test\\$(printf '很长的文件夹名称第%02d层\\' $(seq 1 22))董家镇 2020.txt"
mkdir -p "$T/share"; cp "$SAMPLE" "$T/share/董家镇.txt"; ln -sfn "$T/share" "$WINEPREFIX/dosdevices/n:"
for win in 'C:\nianbao-test\政府 信息\2020 年报\董家镇 2020 年报.txt' "$LONGWIN" 'N:\董家镇.txt'; do
    "$WINE64" "$EXE" extract "$win" 2>/dev/null | cat > "$LOGS/path.json"
    check "extract '$win' (${#win} characters)" $CHECK same-report "$LOGS/path.json" "$LOGS/extract/resources_sample_董家镇-2020.txt.lin.json"
done
"$WINE64" "$EXE" export 'N:\董家镇.txt' -o 'N:\导出 结果.xlsx' 2>/dev/null | cat > /dev/null
check "export onto the mapped drive N:" test -s "$T/share/导出 结果.xlsx"
done_

step "test 5: tests/test_dist.py and test_dist_ocr.py under the Windows Python (the bundle tests, platform-aware)"
NIANBAO_DIST="$(winpath "$WIN_DIST/nianbao")" "$WINE64" "$WINPY" -m pytest -q -p no:cacheprovider tests/test_dist.py \
    tests/test_dist_ocr.py 2>&1 \
    | cat > "$LOGS/test_dist.log"
tail -3 "$LOGS/test_dist.log" | tee -a "$RES"
last=$(tail -1 "$LOGS/test_dist.log")
all_passed() { grep -qE '[0-9]+ passed' <<<"$last" && ! grep -qE '[0-9]+ (failed|error)' <<<"$last"; }
check "tests/test_dist.py, test_dist_ocr.py under Wine: $last" all_passed
done_

step "test 6: the window under Xvfb (qwindows): TXT, DOCX and PDF reports"
DOCX=$(ls tests/fixtures/corpus/docx/*.docx | head -1)
PDF=$(ls tests/fixtures/pdf/ruled_merged.pdf 2>/dev/null || ls tests/fixtures/corpus/pdf/*.pdf | head -1)
for f in "$SAMPLE" "$DOCX" "$PDF"; do
    ext=${f##*.}; rm -f "$T/shot-$ext.png"; t0=$EPOCHREALTIME
    timeout 240 xvfb-run -a -s "-screen 0 1600x1000x24" "$WINE64" "$EXE" "$(echo "$f" | tr / '\\')" \
        --screenshot "C:\\nianbao-test\\shot-$ext.png" < /dev/null 2>&1 | cat > "$LOGS/gui-$ext.log"
    secs=$(python3 -c "print(round($EPOCHREALTIME - $t0, 1))"); "$WINESERVER" -k 2> /dev/null
    cp "$T/shot-$ext.png" "$LOGS/shot-$ext.png" 2>/dev/null
    check "window with $f rendered in $secs s (PNG not blank)" $CHECK png "$LOGS/shot-$ext.png"
    [ "$ext" = txt ] && WINE_SECS=$secs
done
# The same start → window (the sample TXT, under Xvfb) for the Linux bundle of `make dist`, if any.
if [ -x dist/nianbao/nianbao ]; then
    t0=$EPOCHREALTIME
    QT_QPA_PLATFORM=xcb HOME="$T" timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" dist/nianbao/nianbao "$SAMPLE" \
        --screenshot "$LOGS/shot-linux.png" > /dev/null 2>&1
    LINUX_SECS=$(python3 -c "print(round($EPOCHREALTIME - $t0, 1))")
    echo "start→window with the sample TXT: Wine $WINE_SECS s, Linux bundle $LINUX_SECS s, ratio" \
        "$(python3 -c "print(round($WINE_SECS / $LINUX_SECS, 1))")" | tee -a "$LOGS/timings.txt"
fi
done_

step "test 7: silent install (all users), installed program, Start menu, Open with, silent uninstall"
# One X server for the whole step: the uninstaller re-starts itself from %TEMP% and exits at once.
Xvfb :93 -screen 0 1600x1000x24 -nolisten tcp > /dev/null 2>&1 & XPID=$!; sleep 2
export DISPLAY=:93
APP="$WINEPREFIX/drive_c/Program Files/年报通"
timeout 600 "$WINE64" "$(winpath "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS \
    '/TASKS=desktopicon,openwith' '/LOG=C:\nianbao-test\setup.log' < /dev/null 2>&1 | cat > /dev/null
timeout 300 "$WINESERVER" -w
check "installer: silent install succeeded" grep -q "Installation process succeeded" "$T/setup.log"
# (Compared case-blind, as Windows names files: delvewheel capitalises some folders, the .iss does not.)
missing=$(comm -23 <(cd "$WIN_DIST/nianbao" && find . -type f | tr A-Z a-z | sort) <(cd "$APP" && find . -type f | tr A-Z a-z | sort))
check "every file of the bundle is installed${missing:+ (missing: $missing)}" [ -z "$missing" ]
"$WINE64" 'C:\Program Files\年报通\nianbao.exe' extract "$(echo "$SAMPLE" | tr / '\\')" 2>/dev/null | cat > "$LOGS/installed.json"
check "the installed nianbao.exe extracts like Linux" $CHECK same-json "$LOGS/installed.json" "$LOGS/extract/resources_sample_董家镇-2020.txt.lin.json"
# The user's own folder, as the app leaves it (settings): the uninstaller must keep it.
PROFILE=$(env -u WIN_PD_OVERRIDE_LOCAL_APPDATA -u WIN_PD_OVERRIDE_APPDATA "$WINE64" 'C:\Program Files\年报通\nianbao.exe' --diagnose 2>/dev/null \
    | $PY -c "import json, sys; print(json.load(sys.stdin)['settings_folder'])")
check "the installed program's settings folder is %LOCALAPPDATA%\\nianbaotong ($PROFILE)" \
    grep -qiE '^C:\\users\\[^\\]+\\AppData\\Local\\nianbaotong$' <<<"$PROFILE"
USER_FOLDER="$WINEPREFIX/drive_c/users/$(whoami)/AppData/Local/nianbaotong"
mkdir -p "$USER_FOLDER"; echo "[recent]" > "$USER_FOLDER/settings.ini"
check "Start-menu entry" test -f "$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/年报通/年报通.lnk"
check "desktop shortcut" test -f "$WINEPREFIX/drive_c/users/Public/Desktop/年报通.lnk"
reg_has() { wrun reg query "$1" ${2:+/v "$2"} 2>/dev/null | grep -q "${3:-.}"; }
offers() { reg_has 'HKLM\Software\Classes\Applications\nianbao.exe\SupportedTypes' "$1" \
           && reg_has "HKLM\\Software\\Classes\\$1\\OpenWithList\\nianbao.exe"; }
no_app_key() { ! reg_has 'HKLM\Software\Classes\Applications\nianbao.exe'; }
check "registry: Open with command" reg_has 'HKLM\Software\Classes\Applications\nianbao.exe\shell\open\command' '' 'nianbao.exe'
for e in .pdf .docx .txt .html .htm; do
    check "registry: $e lists nianbao.exe (SupportedTypes and OpenWithList)" offers "$e"
done
SCAN=tests/fixtures/scans/表二-横放.png; SCAN_WIN=$(echo "$SCAN" | tr / '\\')
installed_ocr() { "$WINE64" 'C:\Program Files\年报通\nianbao.exe' --diagnose 2>/dev/null \
                  | $PY -c "import json, sys; sys.exit(0 if json.load(sys.stdin)['ocr'] is $1 else 1)"; }
check "the default (full) install includes OCR: --diagnose says so" installed_ocr True
"$WINE64" 'C:\Program Files\年报通\nianbao.exe' extract "$SCAN_WIN" 2>/dev/null | cat > "$LOGS/installed-scan.json"
check "the installed program reads a scan by OCR like Linux" \
    $CHECK same-json "$LOGS/installed-scan.json" "$LOGS/extract/$(echo "$SCAN" | tr '/ ' '__').lin.json"
# The compact type (no "文字识别（OCR）" component) over it: the OCR folders go, scans open for manual entry.
timeout 600 "$WINE64" "$(winpath "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS /TYPE=compact \
    '/TASKS=desktopicon,openwith' '/LOG=C:\nianbao-test\setup-compact.log' < /dev/null 2>&1 | cat > /dev/null
timeout 300 "$WINESERVER" -w
check "installer: silent install of the compact type succeeded" grep -q "Installation process succeeded" "$T/setup-compact.log"
check "compact: no OCR folder installed" [ -z "$(cd "$APP/_internal" && ls -d rapidocr onnxruntime cv2 numpy 2>/dev/null)" ]
check "compact: --diagnose says OCR is not installed" installed_ocr False
"$WINE64" 'C:\Program Files\年报通\nianbao.exe' extract "$SCAN_WIN" 2>&1 > /dev/null | cat > "$LOGS/compact-scan.txt"
check "compact: a scan gets the plain message that OCR is not installed" grep -q "未安装文字识别（OCR）组件" "$LOGS/compact-scan.txt"
"$WINE64" 'C:\Program Files\年报通\nianbao.exe' extract "$(echo "$SAMPLE" | tr / '\\')" 2>/dev/null | cat > "$LOGS/installed.json"
check "compact: the installed nianbao.exe extracts the sample like Linux" $CHECK same-json "$LOGS/installed.json" "$LOGS/extract/resources_sample_董家镇-2020.txt.lin.json"
wrun reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\{CE03EF22-F3BD-4B0C-9658-CF1EB059A7F3}_is1' /v DisplayVersion \
    | tee "$LOGS/uninstall-key.txt" > /dev/null
check "Programs and Features shows version $(version)" grep -q "$(version)" "$LOGS/uninstall-key.txt"
timeout 300 "$WINE64" 'C:\Program Files\年报通\unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
    '/LOG=C:\nianbao-test\uninstall.log' < /dev/null 2>&1 | cat > /dev/null
sleep 3; timeout 300 "$WINESERVER" -w
kill "$XPID" 2> /dev/null; unset DISPLAY
check "uninstall removed the program folder" test ! -e "$APP"
check "uninstall removed the Open-with entry" no_app_key
check "uninstall kept the user's settings (%LOCALAPPDATA%\\nianbaotong)" test -f "$USER_FOLDER/settings.ini"
done_

step "test 8: Windows 7 is refused, in Chinese (a second Wine prefix set to Windows 7)"
P7="$CACHE/prefix-win7"
if [ ! -f "$P7/.nianbao-prefix" ]; then
    rm -rf "$P7"; WINEPREFIX=$P7 wine wineboot -i > /dev/null 2>&1; WINEPREFIX=$P7 "$WINESERVER" -w
    WINEPREFIX=$P7 wrun reg add 'HKCU\Software\Wine' /v Version /d win7 /f > /dev/null && touch "$P7/.nianbao-prefix"
fi
rm -f "$P7/drive_c/win7.log"
WINEPREFIX=$P7 timeout 200 xvfb-run -a "$WINE64" "$(winpath "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES '/LOG=C:\win7.log' \
    < /dev/null 2>&1 | cat > /dev/null
check "Windows 7: the installer refuses with the Chinese message" grep -q "Windows 7 和 Windows 8 无法运行本程序" "$P7/drive_c/win7.log"
check "Windows 7: nothing installed" test ! -e "$P7/drive_c/Program Files/年报通"
done_

echo "=== $(grep -c ^PASS "$RES") passed, $(grep -c ^FAIL "$RES") failed (build/windows/logs/results.txt)"
exit $FAILED
