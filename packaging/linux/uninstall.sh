#!/bin/sh
# Remove what install.sh put in place. Settings and recent files (~/.config/nianbaotong,
# ~/.local/share/nianbaotong) are kept; delete those folders by hand to remove them too.
set -eu
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
DESKTOP=$(command -v xdg-user-dir >/dev/null 2>&1 && xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
rm -rf "$HOME/.local/opt/nianbao"
rm -f "$DATA/applications/nianbao.desktop" "$DATA/icons/hicolor/256x256/apps/nianbao.png" \
      "$HOME/.local/bin/nianbao" "$DESKTOP/nianbao.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" 2>/dev/null || true
echo "年报通已卸载（个人设置保留在 ~/.config/nianbaotong）。"
