"""Make scanned copies of the project's own PDF reports, degraded as real scans are.

Each page is rendered by pdfium at 150/200/300 dpi, in colour or grey, turned by a small skew,
given noise, a red seal (ring text and star) over the signature and, in some, over table
numbers or half off the page edge, then saved as JPEG (quality 50–85) inside an image-only
PDF; "mixed" copies keep their text pages and scan only the table pages. The expected cells
are those of the source report (its .expected.json beside it).

    python scripts/make_scans.py OUT_DIR            # the full set (bench_ocr.py uses it)
    python scripts/make_scans.py OUT_DIR --small    # the few committed as test fixtures
"""
from __future__ import annotations

import argparse
import io
import json
import math
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "fixtures" / "corpus" / "pdf"
FONT_NAMES = ("NotoSerifCJK-Bold.ttc", "NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "msyh.ttc",
              "simsun.ttc")
SEAL_RED = np.array([0.86, 0.13, 0.13])   # multiply: white paper turns red, black print stays


@dataclass
class Spec:
    dpi: int = 200
    grey: bool = False
    skew: float = 0.0            # degrees, counter-clockwise
    quality: int = 75
    noise: float = 4.0
    seal: str = "signature"      # "signature", "numbers", "edge", "none"
    mixed: bool = False          # keep text pages as text, scan the table pages only

    def name(self) -> str:
        parts = [f"{self.dpi}dpi", "grey" if self.grey else "colour", f"skew{self.skew:+.1f}",
                 f"q{self.quality}", f"seal-{self.seal}"]
        return "_".join(parts + (["mixed"] if self.mixed else []))


def full_specs() -> list[Spec]:
    """One spec per source report, cycling through the degradations the issue names."""
    rnd = random.Random(11)
    out = []
    for i in range(13):
        out.append(Spec(dpi=(150, 200, 300)[i % 3], grey=i % 4 == 3,
                        skew=round(rnd.choice([-1, 1]) * rnd.uniform(0.3, 2.0), 1),
                        quality=rnd.randint(50, 85), noise=rnd.uniform(2, 8),
                        seal=("signature", "numbers", "edge", "signature")[i % 4] if not i % 4 == 3
                        else "signature", mixed=i % 5 == 4))
    return out


def font(size: int):
    for folder in (Path("/usr/share/fonts"), Path("C:/Windows/Fonts")):
        for name in FONT_NAMES:
            found = next(folder.rglob(name), None) if folder.exists() else None
            if found:
                return ImageFont.truetype(str(found), size)
    return ImageFont.load_default()


def seal_mask(diameter: int, ring_text: str) -> np.ndarray:
    """A round seal as ink coverage 0..1: ring, five-pointed star, text along the upper arc."""
    size = diameter + 8
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c, r = size / 2, diameter / 2
    ring = max(3, diameter // 28)
    draw.ellipse([c - r, c - r, c + r, c + r], outline=255, width=ring)
    star = [(c + 0.22 * r * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
             c + 0.22 * r * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4))
            for k in range(10)]
    draw.polygon(star, fill=255)
    glyph = font(int(r * 0.26))
    n = len(ring_text)
    span = 250.0   # degrees of arc the text covers
    for k, ch in enumerate(ring_text):
        angle = -90 - span / 2 + span * (k + 0.5) / n
        tile = Image.new("L", (int(r * 0.34), int(r * 0.34)), 0)
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), ch, fill=255, font=glyph,
                                  anchor="mm")
        tile = tile.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = c + 0.72 * r * math.cos(math.radians(angle)) - tile.width / 2
        y = c + 0.72 * r * math.sin(math.radians(angle)) - tile.height / 2
        img.paste(255, (int(x), int(y)), tile)
    return np.asarray(img, dtype=np.float32) / 255.0 * 0.85


def stamp(page: np.ndarray, mask: np.ndarray, cx: float, cy: float) -> None:
    """Press the seal centred at (cx, cy) pixels; the part beyond the page edge is lost."""
    h, w = page.shape[:2]
    mh, mw = mask.shape
    x0, y0 = int(cx - mw / 2), int(cy - mh / 2)
    sx0, sy0 = max(0, -x0), max(0, -y0)
    x1, y1 = min(w, x0 + mw), min(h, y0 + mh)
    if x1 <= max(0, x0) or y1 <= max(0, y0):
        return
    m = mask[sy0:sy0 + y1 - max(0, y0), sx0:sx0 + x1 - max(0, x0)][..., None]
    region = page[max(0, y0):y1, max(0, x0):x1].astype(np.float32)
    tint = 1.0 - m * (1.0 - SEAL_RED)
    page[max(0, y0):y1, max(0, x0):x1] = np.clip(region * tint, 0, 255).astype(np.uint8)


def _find(page, text: str):
    """The box (points, top-left origin) of the first occurrence of text on a pdfium page."""
    textpage = page.get_textpage()
    searcher = textpage.search(text)
    hit = searcher.get_next()
    if hit is None:
        return None
    index, count = hit
    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
    height = page.get_height()
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    top, bottom = height - max(b[3] for b in boxes), height - min(b[1] for b in boxes)
    return left, top, right, bottom


def _last_text(page):
    textpage = page.get_textpage()
    count = textpage.count_chars()
    if count <= 0:
        return None
    box = textpage.get_charbox(count - 1)
    height = page.get_height()
    return box[0], height - box[3], box[2], height - box[1]


def scan_page(pdf, index: int, spec: Spec, ring_text: str, seed: int) -> Image.Image:
    rnd = np.random.default_rng(seed)
    page = pdf[index]
    scale = spec.dpi / 72
    rgb = page.render(scale=scale, rev_byteorder=True).to_numpy()[..., :3].copy()
    diameter = int(42 / 25.4 * spec.dpi)
    mask = seal_mask(diameter, ring_text)
    last = index == len(pdf) - 1
    if spec.seal == "signature" and last:
        box = _last_text(page)
        if box:
            stamp(rgb, mask, (box[0] + box[2]) / 2 * scale - diameter * 0.3, (box[1] + box[3]) / 2 * scale)
    elif spec.seal == "numbers":
        box = _find(page, "总计")
        if box:
            stamp(rgb, mask, page.get_width() * 0.72 * scale, (box[1] + box[3]) / 2 * scale)
        if last and _last_text(page):
            b = _last_text(page)
            stamp(rgb, mask, (b[0] + b[2]) / 2 * scale, (b[1] + b[3]) / 2 * scale)
    elif spec.seal == "edge" and index == 0:
        stamp(rgb, mask, rgb.shape[1], rgb.shape[0] * 0.55)
    img = Image.fromarray(rgb)
    if spec.grey:
        img = img.convert("L")
    if spec.skew:
        img = img.rotate(spec.skew, resample=Image.BICUBIC, fillcolor=255 if spec.grey else (255, 255, 255))
    arr = np.asarray(img).astype(np.float32)
    arr += rnd.normal(0, spec.noise, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.4))
    return img


def _table_pages(pdf) -> set[int]:
    pages = set()
    for i in range(len(pdf)):
        text = pdf[i].get_textpage().get_text_bounded()
        if any(word in text for word in ("信息内容", "申请人情况", "行政复议")):
            pages.add(i)
    return pages


def make_scan(source: Path, out: Path, spec: Spec, seed: int = 0) -> Path:
    """Write the scanned copy of `source` to `out` (a PDF); returns it."""
    pdf = pypdfium2.PdfDocument(str(source))
    ring_text = source.stem.split("-")[0][:12] or "人民政府"
    tables = _table_pages(pdf) if spec.mixed else set(range(len(pdf)))
    scans = {i: scan_page(pdf, i, spec, ring_text, seed + i) for i in range(len(pdf)) if i in tables}
    images = [scans[i] for i in sorted(scans)]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=spec.dpi,
                   quality=spec.quality)
    if not spec.mixed:
        out.write_bytes(buffer.getvalue())
        return out
    scanned = pypdfium2.PdfDocument(buffer.getvalue())
    merged = pypdfium2.PdfDocument.new()
    order = sorted(scans)
    for i in range(len(pdf)):
        if i in scans:
            merged.import_pages(scanned, [order.index(i)])
        else:
            merged.import_pages(pdf, [i])
    merged.save(str(out))
    return out


SMALL = [  # (source, spec, name): the committed test fixtures
    ("临江区人民政府-2020", Spec(dpi=150, skew=1.2, quality=60, seal="numbers"), "seal-numbers"),
]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--small", action="store_true")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sources = sorted(SOURCES.glob("*.pdf"))
    jobs = ([(SOURCES / f"{s}.pdf", spec, f"{s}-{name}") for s, spec, name in SMALL] if args.small
            else [(src, spec, f"{src.stem}-{spec.name()}") for src, spec in zip(sources, full_specs())])
    for src, spec, name in jobs:
        target = make_scan(src, out / f"{name}.pdf", spec, seed=len(name))
        shutil.copy(src.with_suffix(".expected.json"), out / f"{name}.expected.json")
        meta = json.loads((out / f"{name}.expected.json").read_text(encoding="utf-8"))
        print(f"{target.name}  {target.stat().st_size // 1024} KB  {len(meta.get('cells', {}))} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
