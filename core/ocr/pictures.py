"""Picture files of report pages (.png, .jpg, .tif, one page per frame) read by OCR."""
from __future__ import annotations

import io

from ..errors import Cancelled, ScannedDocument, UnreadableFile
from ..model import SourceDocument
from ..readers import pdf as pdf_reader
from . import OCR_MISSING, RENDER_DPI, check_resolution

A4_WIDTH_IN = 8.27     # a picture without a resolution is taken for an A4 page, portrait
MAX_FRAMES = 50
NOT_AN_IMAGE = "图片文件已损坏或格式不受支持，无法打开。"
NO_TEXT = "图片中没有识别出文字；可在右侧表格中对照原图手工录入。"


def frames(data: bytes) -> list[tuple[object, float]]:
    """Each page of the picture as an RGB image (Pillow), with its resolution (dpi). Pillow
    only: manual entry uses this in a base install, which has no numpy (OCR component)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError
    try:
        picture = Image.open(io.BytesIO(data))
        out = []
        for frame in ImageSequence.Iterator(picture):
            if len(out) == MAX_FRAMES:
                break
            dpi = _dpi(frame)
            rgb = frame.convert("RGB")
            if dpi > RENDER_DPI * 1.6:   # a 600 dpi scan: no better read, four times the work
                factor = RENDER_DPI / dpi
                rgb = rgb.resize((max(1, int(rgb.width * factor)), max(1, int(rgb.height * factor))))
                dpi = RENDER_DPI
            out.append((rgb, dpi))
        return out
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UnreadableFile(NOT_AN_IMAGE, f"{type(exc).__name__}: {exc}") from None


def _dpi(frame) -> float:
    info = frame.info.get("dpi")
    try:
        dpi = float(info[0]) if info else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    # No resolution, or a nonsense one (72 is what many tools write by default): take the
    # page for A4, which is what a report page is.
    width_dpi = min(frame.size) / A4_WIDTH_IN
    if dpi <= 0 or (dpi <= 96 and width_dpi > 1.5 * dpi):
        return width_dpi
    return dpi


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Recognise every page of a picture file; the same layout as a PDF's pages follows."""
    pages_rgb = frames(data)
    for _, dpi in pages_rgb:
        check_resolution(dpi)
    from . import available   # looked up now: tests stand in an engine-less install
    if not available():
        raise ScannedDocument(OCR_MISSING, "no OCR engine")
    # numpy and the recognition (OpenCV, the engine) load only now: a base install lacks them
    import numpy as np
    from .page import read_image
    stats = pdf_reader.new_stats()
    pages: list = []
    sizes = []
    total = len(pages_rgb)
    for number, (rgb, dpi) in enumerate(pages_rgb):
        if cancelled and cancelled():
            raise Cancelled()
        page = read_image(np.asarray(rgb), dpi)
        stats["ocr"][number] = page
        sizes.append((page.content.width, page.content.height))
        pdf_reader.lay_out(page.content, stats, pages)
        if progress:
            progress(number + 1, total)
    doc = pdf_reader.build_document(path, "image", pages, sizes, stats)
    if not doc.text.strip():
        raise ScannedDocument(NO_TEXT, "OCR found no text")
    return doc


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """The pages' sizes in points, without recognising anything (manual entry)."""
    return [(rgb.width * 72.0 / dpi, rgb.height * 72.0 / dpi) for rgb, dpi in frames(data)]
