"""Cleaning a page image before recognition: red seal ink removed, skew measured and undone."""
from __future__ import annotations

import numpy as np

MAX_SKEW = 3.0       # degrees: scanners and phone photos of a flat page stay within this
SKEW_STEP = 0.1
PROFILE_WIDTH = 900  # the skew search runs on the page scaled to this width


def drop_seal(rgb: np.ndarray) -> np.ndarray:
    """A grey page in which red ink (a 公章, a red signature) is white and black text stays.

    The red channel does it: red ink is bright there, black print dark in every channel,
    so digits under a seal keep their strokes. A grey scan is returned unchanged.
    """
    if rgb.ndim == 2:
        return rgb
    r, g, b = rgb[..., 0].astype(np.int16), rgb[..., 1].astype(np.int16), rgb[..., 2].astype(np.int16)
    if int(np.abs(r - g).max(initial=0)) < 40 and int(np.abs(r - b).max(initial=0)) < 40:
        return rgb[..., 1].copy()   # no colour on the page: any channel is the page
    return rgb[..., 0].copy()


def seal_mask(rgb: np.ndarray):
    """Red ink as 1 (a 公章, a red signature), or None for a grey scan."""
    if rgb.ndim == 2:
        return None
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return ((r > 120) & (r - g > 50) & (r - b > 50)).astype(np.uint8)


def seal_boxes(mask, dpi: float) -> list[tuple[int, int, int, int]]:
    """The boxes (pixels) of red marks at least a third of an inch across: seals, not specks."""
    if mask is None or not mask.any():
        return []
    import cv2
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    least = dpi / 3
    return [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count]
            if w >= least and h >= least]


def ink(grey: np.ndarray) -> np.ndarray:
    """Dark pixels as 1 (Otsu's threshold, so a dim or a bright scan alike)."""
    import cv2
    _, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def skew_angle(grey: np.ndarray) -> float:
    """The turn in degrees (positive: counter-clockwise) that straightens the page: the angle at
    which the rows of ink are sharpest, text lines and ruling lines then on few pixel rows."""
    import cv2
    scale = PROFILE_WIDTH / grey.shape[1]
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    binary = ink(small).astype(np.float32)
    h, w = binary.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(binary, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1)
        return float((rows[1:] - rows[:-1]).__pow__(2).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, SKEW_STEP)
    return float(round(max(fine, key=sharpness), 2))


def columns_over_rows(grey: np.ndarray) -> float:
    """How much sharper the page's columns of ink are than its rows: well over 1 when its text
    runs up and down (a page lying on its side), but a table of stacked one-character headers
    and columns of digits comes close too. Long ruling lines are left out (sharp both ways)."""
    import cv2
    scale = PROFILE_WIDTH / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    binary = ink(small)
    h, w = binary.shape
    lines = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 8, 1)))
    lines |= cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // 8)))
    text = (binary & (1 - lines)).astype(np.float32)

    def sharpness(profile: np.ndarray) -> float:
        return float(np.square(np.diff(profile)).sum())

    return sharpness(text.sum(axis=0)) / max(1.0, sharpness(text.sum(axis=1)))


def rotate(image: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The image turned by `angle` degrees about its centre (white fills the corners), and the
    2×3 matrix that maps original pixels to turned ones."""
    import cv2
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return turned, m


def quarter_turn(image: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by 90, 180 or 270 degrees."""
    return np.ascontiguousarray(np.rot90(image, k=-(degrees // 90) % 4))
