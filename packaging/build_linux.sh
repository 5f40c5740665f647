#!/usr/bin/env bash
# Build the Linux bundle and its tar.gz for UOS/Kylin desktops:
#   dist/nianbao/                                  the one-folder bundle (PyInstaller, build.spec)
#   dist/nianbao-<version>-linux-<arch>.tar.gz     bundle without OCR + .desktop + install.sh/uninstall.sh
#   dist/nianbao-<version>-linux-<arch>-ocr.tar.gz the OCR add-on (issue 11): unpacked over the
#                                                  base, into the same folder, before ./install.sh
# Usage: packaging/build_linux.sh [path/to/pyinstaller]     (`make dist` calls it with the venv's)
# The bundle runs on Linux systems whose glibc is at least the one printed at the end: build on
# the oldest system you support (see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYINSTALLER=${1:-.venv/bin/pyinstaller}
PYTHON="$(dirname "$PYINSTALLER")/python"
[ -x "$PYTHON" ] || PYTHON=python3

# Qt's xcb platform plugin links these; PyInstaller bundles them only if this machine has them.
# Without them here, the bundle relies on each desktop having them (libxcb-cursor0 often is not).
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig)
known=$("$LDCONFIG" -p 2>/dev/null || true)
missing=()
for lib in libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-image.so.0 \
           libxcb-render-util.so.0 libxcb-randr.so.0 libxcb-shape.so.0 libxcb-xkb.so.1 \
           libxkbcommon-x11.so.0; do
    grep -qF "$lib" <<<"$known" || missing+=("$lib")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "WARNING: not on this machine, so not bundled: ${missing[*]}" >&2
    echo "  Debian/UOS/Kylin: apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" \
         "libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0" >&2
fi

"$PYINSTALLER" --noconfirm --clean build.spec

VERSION=$("$PYTHON" -c 'import ast,sys; t=ast.parse(open("core/__init__.py",encoding="utf-8").read()); print(next(n.value.value for n in t.body if isinstance(n,ast.Assign) and n.targets[0].id=="__version__"))')
ARCH=$(uname -m)
NAME="nianbao-$VERSION-linux-$ARCH"
STAGE="build/linux-package/$NAME"
rm -rf "build/linux-package"
mkdir -p "$STAGE"
cp -a dist/nianbao "$STAGE/nianbao"
cp packaging/linux/nianbao.desktop packaging/linux/install.sh packaging/linux/uninstall.sh "$STAGE/"
cp resources/icons/app.png "$STAGE/nianbao.png"
chmod +x "$STAGE/install.sh" "$STAGE/uninstall.sh"

# The lowest glibc every bundled binary accepts = the oldest Linux it can run on.
GLIBC=$(find dist/nianbao -type f \( -name '*.so*' -o -name nianbao \) -exec objdump -T {} + 2>/dev/null \
        | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 | cut -d_ -f2 || true)
sed -e "s/@VERSION@/$VERSION/g" -e "s/@ARCH@/$ARCH/g" -e "s/@GLIBC@/${GLIBC:-?}/g" \
    packaging/linux/README.txt > "$STAGE/README.txt"

# OCR (its engine, models, OpenCV, numpy: build.spec's OCR folders) goes into its own archive,
# laid out like the base, so both unpack into one folder; the base alone opens scans for manual entry.
OCR_STAGE="build/linux-package/ocr/$NAME/nianbao"
mapfile -t OCR_FOLDERS < <("$PYTHON" packaging/ocr_component.py folders dist/nianbao)
[ ${#OCR_FOLDERS[@]} -gt 0 ] || { echo "build.spec's OCR folders are not in the bundle" >&2; exit 1; }
for rel in "${OCR_FOLDERS[@]}"; do
    mkdir -p "$OCR_STAGE/$(dirname "$rel")"
    mv "$STAGE/nianbao/$rel" "$OCR_STAGE/$rel"
done

rm -f dist/nianbao-*-linux-*.tar.gz
tar -C build/linux-package -czf "dist/$NAME.tar.gz" "$NAME"
tar -C build/linux-package/ocr -czf "dist/$NAME-ocr.tar.gz" "$NAME"
echo "bundle:  dist/nianbao ($(du -sh dist/nianbao | cut -f1); $("$PYTHON" packaging/ocr_component.py sizes dist/nianbao))"
echo "package: dist/$NAME.tar.gz ($(du -sh "dist/$NAME.tar.gz" | cut -f1)), needs glibc >= ${GLIBC:-?}"
echo "OCR add-on: dist/$NAME-ocr.tar.gz ($(du -sh "dist/$NAME-ocr.tar.gz" | cut -f1))"
