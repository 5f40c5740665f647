"""One page image → the PDF reader's page content: chars with boxes and ruling lines, in points.

The page is cleaned (seal ink out, skew undone, turned upright), recognised, and every run of
text is cut into chars spread over its box, so that the text-PDF layout (lines, chunks, ruled
and borderless tables) reads it unchanged. Boxes are mapped back to the page as scanned (the
skew undone again), which is how the app draws it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import ScannedDocument
from ..readers.pdfium_page import PageContent
from . import MIN_DPI, engine, prep, ruling

TOO_COARSE = ("扫描分辨率太低（约 {dpi} dpi），数字只有几个像素高，无法可靠识别。"
              "请以 200 dpi 以上重新扫描；也可在右侧表格中手工录入。")
MIN_SKEW = 0.15        # degrees: less than this is left as is (a turn would only blur)
BOX_TO_SIZE = 1.35     # a detected text box is about this many times the font size high
NARROW = 0.55          # a digit or Latin letter is about this share of a CJK char's width
TALL = 1.5             # a run of two chars or more this much taller than wide reads sideways
WEAK_PAGE = 0.80       # mean confidence under this: perhaps upside down, try the other turns


@dataclass
class OcrPage:
    """A recognised page: the layout's input, the words (points, as shown) and how it was set."""

    content: PageContent
    words: list[tuple[tuple[float, float, float, float], str, float]] = field(default_factory=list)
    turn: int = 0
    back: object = None     # the 2×3 matrix from the straightened image back to the scan
    scale: float = 1.0      # points per pixel
    seals: list = field(default_factory=list)   # boxes (points, on the scan) of red seal ink


def check_resolution(dpi: float) -> None:
    if dpi < MIN_DPI:
        raise ScannedDocument(TOO_COARSE.format(dpi=int(round(dpi))), f"{dpi:.0f} dpi")


def read_image(rgb: np.ndarray, dpi: float, turn: int = 0) -> OcrPage:
    """Recognise one page image (RGB or grey uint8) at `dpi` pixels per inch; `turn` is any
    quarter turn already applied to it (degrees clockwise) that the app must apply as well."""
    colour = rgb[..., :3] if rgb.ndim == 3 else rgb
    seals = prep.seal_mask(colour)
    scan = prep.drop_seal(colour)
    grey, matrix = _straight(scan)
    binary = prep.ink(grey)
    words = _read(grey, binary, dpi)
    extra = _turn_needed(scan, words)
    if extra:
        scan = prep.quarter_turn(scan, extra)
        seals = None if seals is None else prep.quarter_turn(seals, extra)
        grey, matrix = _straight(scan)
        binary = prep.ink(grey)
        words = _read(grey, binary, dpi)
    k = 72.0 / dpi
    h, w = grey.shape
    content = PageContent(width=w * k, height=h * k, edges=ruling.ruling_edges(binary, dpi),
                          turn=(turn + extra) % 360, images=1)
    page = OcrPage(content, turn=content.turn, back=_inverse(matrix), scale=k,
                   seals=[tuple(v * k for v in box) for box in prep.seal_boxes(seals, dpi)])
    for word in words:
        content.chars.extend(_chars(word, k))
        page.words.append((scan_box(tuple(v * k for v in word.box), page.back, k),
                           word.text, word.score))
    return page


def _read(grey: np.ndarray, binary: np.ndarray, dpi: float) -> list[engine.Word]:
    # ruling lines out first: a digit touching a line reads cleaner, and boxes stop at them
    return engine.recognize(_bgr(ruling.erase_lines(grey, binary, dpi)))


def _straight(scan: np.ndarray):
    """The page with its skew undone, and the matrix that did it (None: it was straight)."""
    skew = prep.skew_angle(scan)
    if abs(skew) < MIN_SKEW:
        return scan, None
    return prep.rotate(scan, skew)


def _turn_needed(scan: np.ndarray, words: list[engine.Word]) -> int:
    """Degrees clockwise that set a page lying sideways or upside down upright (0: it is).

    Runs of text standing on end mean the page lies on its side: the engine reads them anyway
    (it turns tall boxes), so which side is up is left to the better read of the two turns.
    A weak read of runs lying flat may be a page upside down: turned, it must read clearly
    better to be taken."""
    runs = [w for w in words if len(w.text) >= 2]
    tall = sum((w.box[3] - w.box[1]) > TALL * (w.box[2] - w.box[0]) for w in runs)
    if runs and tall * 2 > len(runs):
        reads = {d: _quality(engine.recognize(_bgr(prep.quarter_turn(scan, d)))) for d in (90, 270)}
        return max(reads, key=reads.get)
    if runs and sum(w.score for w in runs) / len(runs) >= WEAK_PAGE:
        return 0
    if _quality(engine.recognize(_bgr(prep.quarter_turn(scan, 180)))) > _quality(words) * 1.2:
        return 180
    return 0


def _quality(words: list[engine.Word]) -> float:
    return sum(w.score * len(w.text) for w in words if w.score >= WEAK_PAGE and len(w.text) >= 2)


def _bgr(grey: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2))


def _chars(word: engine.Word, k: float) -> list[dict]:
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
            out.append({"text": ch, "x0": x * k, "x1": right * k, "top": top * k,
                        "bottom": bottom * k, "size": size})
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
