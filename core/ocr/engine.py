"""The recognition model: PP-OCR's text-line recogniser from the rapidocr wheel, on onnxruntime.

Only the recogniser runs: the page's lines and table cells are found by cheap image means
(core/ocr/lines.py), so the detection model — and rapidocr's own pipeline with its config
library and HTTP client — is never loaded. Loaded once per process, on first use.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ScannedDocument
from . import OCR_BROKEN, OCR_MISSING, THREADS_ENV

# The wheel's own model, named explicitly so the engine never looks for, or fetches, another.
REC_MODEL = "PP-OCRv6_rec_small.onnx"
HEIGHT = 48          # the model's input height; a line's crop is scaled to it
MIN_WIDTH = 64       # a crop narrower than this is padded to it (a lone "0" is ~30 px; at 32 zeros go unread)
BATCH = 24           # crops per run at most
PAD_SHARE = 1.25     # a run's widest crop at most this many times its narrowest

_session = None
_chars: list[str] = []
_lock = threading.Lock()


@dataclass(frozen=True)
class Word:
    """One recognised run of text: its box in image pixels, its text, the engine's confidence
    (the least sure character's: one doubtful digit must not hide in a long number)."""

    text: str
    box: tuple[float, float, float, float]   # x0, top, x1, bottom
    score: float


def model_dir() -> Path:
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.origin:
        raise ScannedDocument(OCR_MISSING, "rapidocr not installed")
    return Path(spec.origin).resolve().parent / "models"


def threads() -> int:
    try:
        return max(1, min(8, int(os.environ.get(THREADS_ENV, "2"))))
    except ValueError:
        return 2


def _load():
    global _session, _chars
    with _lock:
        if _session is None:
            try:
                import onnxruntime as ort
            except ImportError as exc:
                raise ScannedDocument(OCR_MISSING, f"{type(exc).__name__}: {exc}") from None
            path = model_dir() / REC_MODEL
            if not path.is_file():
                raise ScannedDocument(OCR_BROKEN, f"model missing: {REC_MODEL}")
            options = ort.SessionOptions()
            options.log_severity_level = 4
            options.intra_op_num_threads = threads()
            options.inter_op_num_threads = 1
            options.enable_cpu_mem_arena = False    # memory back after each page
            # waiting threads sleep instead of spinning: CPU time is work, not busy-waiting
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            try:
                session = ort.InferenceSession(str(path), sess_options=options,
                                               providers=["CPUExecutionProvider"])
                listed = session.get_modelmeta().custom_metadata_map["character"].splitlines()
            except Exception as exc:   # a broken onnxruntime install, a damaged model
                raise ScannedDocument(OCR_BROKEN, f"{type(exc).__name__}: {exc}") from None
            _chars = ["", *listed, " "]    # CTC: 0 is the blank; the space comes last
            _session = session
        return _session


def read_lines(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The text and confidence of each crop (grey uint8, one line of text each), in order."""
    session = _load()
    order = sorted(range(len(crops)), key=lambda i: _width(crops[i]))
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for chunk in _batches(order, [_width(c) for c in crops]):
        batch = _batch([crops[i] for i in chunk])
        try:
            probs = session.run(None, {session.get_inputs()[0].name: batch})[0]
        except Exception as exc:   # onnxruntime reports an allocation failure as its own error
            if "bad_alloc" in str(exc) or "Failed to allocate" in str(exc):
                raise MemoryError(str(exc)) from None
            raise
        for i, decoded in zip(chunk, _decode(probs)):
            out[i] = decoded
    return out


def _width(crop: np.ndarray) -> int:
    """The crop's width once scaled to the model's height."""
    return max(1, int(np.ceil(HEIGHT * crop.shape[1] / max(1, crop.shape[0]))))


def _batches(order: list[int], widths: list[int]) -> list[list[int]]:
    """Runs of crops (narrowest first) of about one width: every crop of a run is padded to
    its widest, so a run ends where padding would cost more than a quarter of the work."""
    out: list[list[int]] = []
    for i in order:
        if out and len(out[-1]) < BATCH and widths[i] <= PAD_SHARE * max(MIN_WIDTH, widths[out[-1][0]]):
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _batch(crops: list[np.ndarray]) -> np.ndarray:
    import cv2
    widths = [_width(c) for c in crops]
    batch = np.zeros((len(crops), 3, HEIGHT, max(MIN_WIDTH, *widths)), np.float32)
    for k, (crop, width) in enumerate(zip(crops, widths)):
        line = cv2.resize(crop, (width, HEIGHT), interpolation=cv2.INTER_AREA
                          if crop.shape[0] > HEIGHT else cv2.INTER_LINEAR)
        batch[k, :, :, :width] = line.astype(np.float32) / 127.5 - 1.0
    return batch


def _decode(probs: np.ndarray) -> list[tuple[str, float]]:
    """CTC: the best class per step, repeats merged, blanks dropped."""
    best, sure = probs.argmax(axis=2), probs.max(axis=2)
    out = []
    for index, prob in zip(best, sure):
        keep = index != 0
        keep[1:] &= index[1:] != index[:-1]
        text = "".join(_chars[i] for i in index[keep] if i < len(_chars))
        out.append((text, float(prob[keep].min()) if keep.any() else 0.0))
    return out
