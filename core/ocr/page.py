"""One page image → the PDF reader's page content: chars with boxes and ruling lines, in points.

The page is cleaned (seal ink out, skew undone, turned upright), recognised, and every run of
text is cut into chars spread over its box, so that the text-PDF layout (lines, chunks, ruled
and borderless tables) reads it unchanged. Boxes are mapped back to the page as scanned (the
skew undone again), which is how the app draws it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..readers.pdfium_page import PageContent
from . import engine, lines, prep
from . import crops as crops_mod

MIN_SKEW = 0.15        # degrees: less than this is left as is (a turn would only blur)
BOX_TO_SIZE = 0.8      # a line's ink is about this share of its font size high
NARROW = 0.55          # a digit or Latin letter is about this share of a CJK char's width
WEAK_PAGE = 0.80       # mean confidence under this: perhaps upside down, try the other turn
SLASH_LEAN = 0.2       # a lone stroke leaning more than this (across per up) is a "/"
LABEL_ASPECT = 4.0     # a cell's run this many times wider than high is a label, not a number
SQUEEZE = 0.6          # … and is read at this share of its width
SAMPLE = 12            # runs read both ways up to tell which way up a page is
SIDEWAYS = 1.2         # columns of ink this much sharper than rows: perhaps lying on its side
BETTER = 1.2           # a turn is taken when the page reads this much better turned


@dataclass
class OcrPage:
    """A recognised page: the layout's input, the words (points, as shown) and how it was set."""

    content: PageContent
    words: list[tuple[tuple[float, float, float, float], str, float]] = field(default_factory=list)
    turn: int = 0
    back: object = None     # the 2×3 matrix from the straightened image back to the scan
    scale: float = 1.0      # points per pixel
    seals: list = field(default_factory=list)   # boxes (points, on the scan) of red seal ink


def read_image(rgb: np.ndarray, dpi: float, turn: int = 0, tables_only: bool = False) -> Optional[OcrPage]:
    """Recognise one page image (RGB or grey uint8) at `dpi` pixels per inch; `turn` is any
    quarter turn already applied to it (degrees clockwise) that the app must apply as well.
    `tables_only`: None, and nothing read, when the image holds no ruled table (a photo, a
    logo in a Word document)."""
    colour = rgb[..., :3] if rgb.ndim == 3 else rgb
    seals = prep.seal_mask(colour)
    scan = prep.drop_seal(colour)
    extra = 90 if _lying_on_side(scan, dpi) else 0
    if extra:
        scan = prep.quarter_turn(scan, extra)
    grey, matrix = _straight(scan)
    crops = crops_mod.page_crops(grey, prep.ink(grey), dpi)
    if tables_only and not crops.cells:
        return None
    words = _words(crops, dpi)
    if extra or _weak(words):
        # sideways: which side is up; weak: perhaps upside down. Turned, it must read better.
        if _better_turned(crops, dpi):
            extra = (extra + 180) % 360
            scan = prep.quarter_turn(scan, 180)
            grey, matrix = _straight(scan)
            crops, words = _read(grey, dpi)
    if extra and seals is not None:
        seals = prep.quarter_turn(seals, extra)
    k = 72.0 / dpi
    h, w = grey.shape
    content = PageContent(width=w * k, height=h * k, edges=crops.edges,
                          turn=(turn + extra) % 360, images=1)
    page = OcrPage(content, turn=content.turn, back=_inverse(matrix), scale=k,
                   seals=[tuple(v * k for v in box) for box in prep.seal_boxes(seals, dpi)])
    for word in words:
        content.chars.extend(_chars(word, k))
        page.words.append((scan_box(tuple(v * k for v in word.box), page.back, k),
                           word.text, word.score))
    return page


def _read(grey: np.ndarray, dpi: float) -> tuple[crops_mod.PageCrops, list[engine.Word]]:
    """The page's ruling lines and crops, and the words the recogniser reads in them."""
    found = crops_mod.page_crops(grey, prep.ink(grey), dpi)
    return found, _words(found, dpi)


def _words(found: crops_mod.PageCrops, dpi: float) -> list[engine.Word]:
    dashes = [box for box in found.boxes if lines.is_dash(box, dpi)]
    boxes = [box for box in found.boxes if not lines.is_dash(box, dpi)]
    images = [_narrowed(lines.crop(found.clean, box), i < found.in_cells)
              for i, box in enumerate(found.boxes) if not lines.is_dash(box, dpi)]
    read = engine.read_lines(images)
    words = [engine.Word(_slash_or_one(text.strip(), image), tuple(float(v) for v in box), score)
             for box, image, (text, score) in zip(boxes, images, read) if text.strip()]
    words += [engine.Word("—", tuple(float(v) for v in box), 1.0) for box in dashes]
    words.sort(key=lambda w: (w.box[1], w.box[0]))
    return words


def _narrowed(image: np.ndarray, in_cell: bool) -> np.ndarray:
    """A long run in a table cell is a label or a header (a number is short): read squeezed to
    SQUEEZE of its width, which the model reads as well and in that much less time. The
    title, headings and numbers are read as they are."""
    h, w = image.shape
    if not in_cell or w < LABEL_ASPECT * h:
        return image
    import cv2
    return cv2.resize(image, (max(1, int(w * SQUEEZE)), h), interpolation=cv2.INTER_AREA)


def _slash_or_one(text: str, image: np.ndarray) -> str:
    """A lone "/" (how many reports print an empty cell) reads as "1" once cut out of its line:
    the stroke's lean tells them apart (a "1" stands upright, a "/" leans a third or more)."""
    if text not in ("1", "/", "l", "I", "|"):
        return text
    ys, xs = np.nonzero(image < (int(image.min()) + 255) / 2)   # the stroke, faint or dark
    if len(ys) < 4 or np.ptp(ys) == 0:
        return text
    lean = -np.polyfit(ys.astype(float), xs.astype(float), 1)[0]   # x to the right per row up
    return "/" if lean >= SLASH_LEAN else "1" if text != "/" else text


def _straight(scan: np.ndarray):
    """The page with its skew undone, and the matrix that did it (None: it was straight)."""
    skew = prep.skew_angle(scan)
    if abs(skew) < MIN_SKEW:
        return scan, None
    return prep.rotate(scan, skew)


def _weak(words: list[engine.Word]) -> bool:
    runs = [w for w in words if len(w.text) >= 2]
    return not runs or sum(w.score for w in runs) / len(runs) < WEAK_PAGE


def _lying_on_side(scan: np.ndarray, dpi: float) -> bool:
    """Whether the page reads clearly better turned a quarter (asked only of a page whose ink
    runs up and down about as sharply as across: most pages are spared the extra reading)."""
    if prep.columns_over_rows(scan) < SIDEWAYS:
        return False
    return _quality(_sample(prep.quarter_turn(scan, 90), dpi)) > _quality(_sample(scan, dpi)) * BETTER


def _sample(scan: np.ndarray, dpi: float) -> list[tuple[str, float]]:
    found = crops_mod.page_crops(scan, prep.ink(scan), dpi)
    return engine.read_lines([lines.crop(found.clean, box) for box in _widest(found, dpi)])


def _widest(found: crops_mod.PageCrops, dpi: float) -> list:
    boxes = [b for b in found.boxes if not lines.is_dash(b, dpi)]
    return sorted(boxes, key=lambda b: b[1] - b[3] - b[2] + b[0])[:SAMPLE]


def _better_turned(found: crops_mod.PageCrops, dpi: float) -> bool:
    """Whether the page's widest runs read clearly better upside down (each crop turned)."""
    crops = [lines.crop(found.clean, box) for box in _widest(found, dpi)]
    upright = engine.read_lines(crops)
    turned = engine.read_lines([np.ascontiguousarray(c[::-1, ::-1]) for c in crops])
    return _quality(turned) > _quality(upright) * BETTER


def _quality(read: list[tuple[str, float]]) -> float:
    return sum(score * len(text) for text, score in read if len(text) >= 2)


def _chars(word: engine.Word, k: float) -> list[tuple]:
    """The word's chars, each a slice of its box as wide as the char is (CJK 1, digits ~½)."""
    text = word.text.strip()
    if not text:
        return []
    x0, top, x1, bottom = word.box
    weights = [1.0 if ord(ch) >= 0x2000 else NARROW for ch in text]
    step = (x1 - x0) / sum(weights)
    size = (bottom - top) * k / BOX_TO_SIZE
    out, x = [], x0
    for ch, weight in zip(text, weights):
        right = x + weight * step
        if not ch.isspace():
            out.append((x * k, top * k, right * k, bottom * k, ch, size))   # pdfium_page.Char
        x = right
    return out


def _inverse(matrix):
    if matrix is None:
        return None
    import cv2
    return cv2.invertAffineTransform(matrix)


def scan_box(box, back, k: float) -> tuple[float, float, float, float]:
    """A box in points on the straightened page → points on the page as scanned."""
    if back is None:
        return tuple(box)
    x0, top, x1, bottom = (v / k for v in box)
    corners = np.array([[x0, top, 1], [x1, top, 1], [x0, bottom, 1], [x1, bottom, 1]]) @ back.T
    return (float(corners[:, 0].min() * k), float(corners[:, 1].min() * k),
            float(corners[:, 0].max() * k), float(corners[:, 1].max() * k))
