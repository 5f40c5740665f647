"""Draw the app icon (a white 年 on a blue rounded square) as resources/icons/app.png and app.ico.

Run once by hand when the icon should change; the build only reads the files:
    .venv/bin/python packaging/make_icons.py
Needs Pillow (already in the venv through pdfplumber) and Noto Sans CJK SC Bold
(Debian/UOS/Kylin: fonts-noto-cjk), because the glyph is drawn from a real font.
"""
from __future__ import annotations

import pathlib
import sys

from PIL import Image, ImageDraw, ImageFont

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_INDEX = 2          # the .ttc holds JP, KR, SC, TC, HK faces: index 2 is SC
BLUE = (22, 93, 186, 255)
SIZE = 256              # master size; the .ico carries 16…256 downscaled from it


def draw(size: int = SIZE) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BLUE)
    font = ImageFont.truetype(FONT, int(size * 0.70), index=FONT_INDEX)
    d.text((size / 2, size / 2), "年", font=font, fill="white", anchor="mm")
    return img


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(OUT / "app.png", optimize=True)
    img.save(OUT / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'app.png'} and {OUT / 'app.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
