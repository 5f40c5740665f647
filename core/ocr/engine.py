"""The OCR engine: rapidocr on onnxruntime with the models its wheel carries, loaded once."""
from __future__ import annotations

import sys
import threading
import types
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScannedDocument

OCR_MISSING = "未安装文字识别（OCR）组件，无法自动识别扫描件；可在右侧表格中手工录入。"
OCR_BROKEN = "文字识别（OCR）组件无法启动，无法自动识别扫描件；可在右侧表格中手工录入。"

# The wheel's own models (PP-OCRv6 small detection and recognition, the 0/180° line
# classifier): named explicitly so the engine never looks for, or fetches, any other.
MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx",
          "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}
DET_SIDE = 960    # detection runs on the page scaled to this longest side (recognition on the
                  # full image): 6× fewer pixels, boxes as good for printed report text
# Recognition pads every crop in a batch to the widest one, and to at least this width: 64
# rather than the engine's 320 halves the work on a table page (a cell "0" is narrow).
REC_SHAPE = [3, 48, 64]
REC_BATCH = 16
THREADS = 2       # onnxruntime threads per engine; the machines this runs on have 2–8 cores

_engine = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Word:
    """One recognised run of text: its box in image pixels, its text, the engine's confidence."""

    text: str
    box: tuple[float, float, float, float]   # x0, top, x1, bottom
    score: float


def model_dir() -> Path:
    import rapidocr
    return Path(rapidocr.__file__).resolve().parent / "models"


def _without_http_client() -> None:
    """rapidocr imports `requests` for its model downloads and for pictures given by URL, neither
    of which is ever used here; that HTTP library probes IPv6 with a socket as it is imported. A
    stand-in module keeps the engine's import free of any socket; the real one, already imported
    by someone else, is left alone."""
    if "requests" in sys.modules:
        return
    stand_in = types.ModuleType("requests", "no HTTP client: the OCR engine runs offline")

    def _missing(name: str):
        if name.startswith("__"):   # __file__, __path__ …: a module without them, for tools
            raise AttributeError(name)
        return type(name, (Exception,), {})   # names the engine mentions in signatures

    stand_in.__getattr__ = _missing   # type: ignore[attr-defined]
    sys.modules["requests"] = stand_in


def _load():
    global _engine
    with _lock:
        if _engine is None:
            _without_http_client()
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:
                raise ScannedDocument(OCR_MISSING, f"{type(exc).__name__}: {exc}") from None
            params = {"Global.log_level": "error", "Global.text_score": 0.0,   # keep weak reads:
                      "Det.limit_type": "max", "Det.limit_side_len": DET_SIDE,    # they are marked
                      "Rec.rec_img_shape": REC_SHAPE, "Rec.rec_batch_num": REC_BATCH,
                      "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
                      "EngineConfig.onnxruntime.inter_op_num_threads": 1}
            for task, name in MODELS.items():
                path = model_dir() / name
                if not path.is_file():
                    raise ScannedDocument(OCR_BROKEN, f"model missing: {name}")
                params[f"{task}.model_path"] = str(path)
            try:
                _engine = RapidOCR(params=params)
            except Exception as exc:   # a broken onnxruntime install, a damaged model
                raise ScannedDocument(OCR_BROKEN, f"{type(exc).__name__}: {exc}") from None
        return _engine


def recognize(image) -> list[Word]:
    """Every text run on an RGB/BGR uint8 image (numpy), top to bottom."""
    result = _load()(image, use_det=True, use_cls=False, use_rec=True)
    words = []
    for quad, text, score in zip(result.boxes if result.boxes is not None else [],
                                 result.txts or (), result.scores or ()):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        words.append(Word(str(text), (float(min(xs)), float(min(ys)), float(max(xs)),
                                      float(max(ys))), float(score)))
    words.sort(key=lambda w: (w.box[1], w.box[0]))
    return words
