#!/bin/sh
# Install 年报通 for the current user (no root, no network):
#   program  ~/.local/opt/nianbao/            (this folder's nianbao/)
#   menu     ~/.local/share/applications/nianbao.desktop
#   icon     ~/.local/share/icons/hicolor/256x256/apps/nianbao.png
#   command  ~/.local/bin/nianbao             (`nianbao extract 报告.pdf` in a terminal)
# Run it again to upgrade; ./uninstall.sh removes all four. Settings and recent files live in
# ~/.config/nianbaotong and ~/.local/share/nianbaotong and are kept across upgrades.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=$HOME/.local/opt/nianbao
BIN=$HOME/.local/bin

[ -x "$HERE/nianbao/nianbao" ] || { echo "安装失败：找不到 $HERE/nianbao/nianbao" >&2; exit 1; }

rm -rf "$PREFIX.new"
mkdir -p "$(dirname "$PREFIX")"
cp -a "$HERE/nianbao" "$PREFIX.new"          # copy first, then swap: an old copy stays usable on failure
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"

mkdir -p "$DATA/applications" "$DATA/icons/hicolor/256x256/apps" "$BIN"
sed "s|@EXEC@|$PREFIX/nianbao|" "$HERE/nianbao.desktop" > "$DATA/applications/nianbao.desktop"
chmod 644 "$DATA/applications/nianbao.desktop"
cp "$HERE/nianbao.png" "$DATA/icons/hicolor/256x256/apps/nianbao.png"
ln -sf "$PREFIX/nianbao" "$BIN/nianbao"

# Refresh the menu cache where the tool exists (harmless if not). No icon cache in the user's
# folder: a stale one there would hide icons installed later; desktops scan it without one.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" 2>/dev/null || true

# A desktop shortcut as well, in the desktop folder of the user's language (桌面 or Desktop).
DESKTOP=$(command -v xdg-user-dir >/dev/null 2>&1 && xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ -d "$DESKTOP" ] && [ "$DESKTOP" != "$HOME" ]; then
    cp "$DATA/applications/nianbao.desktop" "$DESKTOP/nianbao.desktop"
    chmod +x "$DESKTOP/nianbao.desktop"      # GNOME/DDE only launch trusted (executable) files
fi

echo "年报通已安装到 $PREFIX"
echo "在开始菜单（办公）中打开，或在终端运行：$BIN/nianbao"
