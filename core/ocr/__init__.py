"""Offline OCR for scanned pages and pictures: page images → the PDF reader's page content.

The engine (rapidocr with its PP-OCR models inside the wheel, on onnxruntime) is imported
lazily: a text report never pays for it, and without it scans still open for manual entry.
"""
from __future__ import annotations

from ..errors import ScannedDocument

MIN_DPI = 100          # coarser scans are refused: digits are a few pixels high
RENDER_DPI = 200       # the resolution pages are rendered at for recognition
DOUBT_SCORE = 0.90     # a number read with less confidence than this is marked 请核对
# onnxruntime threads per process (default 2): batch workers, one per core, set it to 1
THREADS_ENV = "NIANBAO_OCR_THREADS"
ENABLED = True   # the app's read worker is told by the app (core.read_service)


def available() -> bool:
    """Whether the OCR engine is installed (the import itself is deferred to first use)."""
    import importlib.util
    return ENABLED and all(importlib.util.find_spec(name) is not None
                           for name in ("rapidocr", "onnxruntime", "cv2", "numpy"))


# Kept here, not in engine.py: a base install (no OCR component) has no numpy to import that.
OCR_MISSING = "未安装文字识别（OCR）组件，无法自动识别扫描件；可在右侧表格中手工录入。"
OCR_BROKEN = "文字识别（OCR）组件无法启动，无法自动识别扫描件；可在右侧表格中手工录入。"
TOO_COARSE = ("扫描分辨率太低（约 {dpi} dpi），数字只有几个像素高，无法可靠识别。"
              "请以 200 dpi 以上重新扫描；也可在右侧表格中手工录入。")


def check_resolution(dpi: float) -> None:
    """Refuse a scan too coarse to read. Here, not beside the recognition: the answer is the
    same without the OCR component (numpy, OpenCV), which a base install lacks."""
    if dpi < MIN_DPI:
        raise ScannedDocument(TOO_COARSE.format(dpi=int(round(dpi))), f"{dpi:.0f} dpi")
