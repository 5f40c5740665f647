"""A PDF page's characters and ruling lines from pdfium, in the shapes pdfplumber uses.

pdfium (pypdfium2, which pdfplumber brings) parses a page ten times faster than pdfminer:
a 10-page report reads in about 0.1 s instead of 0.8 s. pdfplumber's table finder then works
on the ruling lines found here, so tables come out exactly as pdfplumber finds them.
Coordinates are display points, origin top-left, with the page's /Rotate applied (as
pdfplumber has them), so a box drawn on the rendered page lands on its text. A page whose text
runs sideways is read turned upright (PageContent.turn), and the app draws it turned alike.

pdfium is not thread-safe: every call made here or anywhere else in the process (the app
renders pages with it) must hold PDFIUM_LOCK.
"""
from __future__ import annotations

import ctypes
import struct
import threading
from dataclasses import dataclass, field

from .. import limits
from .pdfium_calls import unchecked

PDFIUM_LOCK = threading.RLock()

# A line this close to horizontal/vertical (points) is a ruling line; anything else is art.
AXIS_TOL = 0.5
MAP_SAMPLE = 4    # one char in this many is checked for a missing Unicode map
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# A char is a plain tuple (x0, top, x1, bottom, text, size), read by index: a page holds
# thousands and the layout reads each field several times, where a dict cost a hash lookup a
# read and 0.2 µs to build.
X0, TOP, X1, BOTTOM, TEXT, SIZE = range(6)
Char = tuple


@dataclass
class PageContent:
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)   # (x0, top, x1, bottom, text, size)
    edges: list[dict] = field(default_factory=list)   # pdfplumber edge dicts
    images: int = 0
    curves: int = 0                                    # paths with Bézier pieces (outlined text)
    unmapped: int = 0                                  # chars whose font has no Unicode map
    turn: int = 0      # degrees clockwise, beyond the page's /Rotate, that make its text upright
    fonts: list[str] = field(default_factory=list)    # OFD: each char's font name, for drawing


def open_document(data: bytes):
    """The PDF opened for reading (pdfium_document.Document); raises
    pdfium_document.PdfiumError (err_code 4: password needed)."""
    # pdfium loads when a PDF is read: OFD and OCR take only PageContent from this module
    from .pdfium_document import Document
    with PDFIUM_LOCK:
        return Document(data)


def read_page(pdf, index: int) -> PageContent:
    """Everything the layout needs from one page of an open_document (holds the pdfium lock
    while it reads)."""
    from .pdfium_document import raw   # loaded by open_document already
    with PDFIUM_LOCK:
        page = pdf.page(index)
        try:
            textpage = page.text_handle()
            rotation = page.rotation()
            upright = _upright_rotation(raw, textpage, rotation)
            turn = (upright - rotation) % 360
            width, height = page.size()
            if turn in (90, 270):
                width, height = height, width
            crop = page.cropbox()
            content = PageContent(width, height, turn=turn)
            _chars(raw, textpage, _display_axes(crop, upright), content)
            segments: list = []
            _walk(raw, page.raw, segments, content)
            content.edges = _edges(segments, _display_transform(crop, upright))
        finally:
            page.close()
    return content


ANGLE_SAMPLES = 200
UPRIGHT_SHARE = 0.6


def _upright_rotation(raw, textpage, rotation: int) -> int:
    """The clockwise rotation that shows the page's text upright: its /Rotate, unless most of
    the text runs sideways in the page itself (a landscape table printed onto a portrait page),
    when a viewer's "rotate view" is what a reader does, and what is done here.

    The sampling stops once no quarter turn can reach UPRIGHT_SHARE even if every sample left
    had it (an upright page: after about 80 of the 200): the answer is then the page's own."""
    import math
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return rotation
    step = max(1, count // ANGLE_SAMPLES)
    samples = range(0, count, step)
    left = len(samples)
    turns: dict[int, int] = {}
    total = sideways = 0   # samples with an angle; the most of them with one quarter turn
    angle = unchecked(raw, "FPDFText_GetCharAngle")
    for i in samples:
        left -= 1
        degrees = math.degrees(angle(textpage, i))
        if degrees >= 0:   # -1: pdfium has no angle for a generated char
            # pdfium measures the baseline clockwise (y down): it reads upright turned back as far
            quarter = (360 - int(round(degrees / 90.0)) % 4 * 90) % 360
            turns[quarter] = turns.get(quarter, 0) + 1
            total += 1
            if quarter and turns[quarter] > sideways:
                sideways = turns[quarter]
        if sideways + left < UPRIGHT_SHARE * (total + left):
            return rotation
    if not turns:
        return rotation
    best = max(turns, key=turns.get)
    if best and turns[best] >= UPRIGHT_SHARE * sum(turns.values()):
        return best
    return rotation


def _display_axes(crop, rotation: int) -> tuple[bool, float, float, float, float]:
    """PDF user space (origin bottom-left) → display space (origin top-left, rotated), as
    (swap, sx, ox, sy, oy): display x = sx·u + ox, y = sy·v + oy, where (u, v) is (x, y), or
    (y, x) when `swap`. Adding -a is subtracting a in IEEE arithmetic, and multiplying by ±1
    is exact: the same figures as the subtractions written out."""
    x0, y0, x1, y1 = crop
    if rotation == 90:
        return True, 1.0, -y0, 1.0, -x0
    if rotation == 180:
        return False, -1.0, x1, 1.0, -y0
    if rotation == 270:
        return True, -1.0, y1, -1.0, x1
    return False, 1.0, -x0, -1.0, y1


def _display_transform(crop, rotation: int):
    """A point (x, y) of PDF user space → display space (_display_axes)."""
    swap, sx, ox, sy, oy = _display_axes(crop, rotation)
    if swap:
        return lambda x, y: (sx * y + ox, sy * x + oy)
    return lambda x, y: (sx * x + ox, sy * y + oy)


def _chars(raw, textpage, axes, content: PageContent) -> None:
    """The page's chars: text from one call for the page, a box (and a size) per char.

    ctypes calls are most of the time here (50 000 chars in a 29-page report), so they go
    unchecked (pdfium_calls: 0.25 µs a call instead of 0.7), and a char costs one call for
    its box and, mostly, nothing else: the font size
    is asked for only when the box height changes, the Unicode-map check on every 4th char
    (it only decides whether most of the text is undecodable), IsGenerated only for spaces
    (pdfium invents nothing else that is kept). The box goes to display space inline: two
    function calls a char were a sixth of the time here. The box's four floats come out in
    one unpack of its memory (FS_RECTF: left, top, right, bottom), not four ctypes field reads.
    """
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return
    limits.check("PDF 一页上的字符数", count, limits.MAX_PDF_CHARS)
    codes = _codes(raw, textpage, count)
    rect = raw.FS_RECTF()
    rect_out = ctypes.byref(rect)   # unchecked calls take out-parameters by reference only
    swap, sx, ox, sy, oy = axes
    box, font_size, generated, map_error = (
        unchecked(raw, name) for name in ("FPDFText_GetLooseCharBox", "FPDFText_GetFontSize",
                                          "FPDFText_IsGenerated", "FPDFText_HasUnicodeMapError"))
    append = content.chars.append
    read_box = struct.Struct("4f").unpack_from   # FS_RECTF's layout
    last_height, last_size = None, 0.0
    for i, code in enumerate(codes):
        if code < 32 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
            continue
        if code == 32 and generated(textpage, i) == 1:
            continue   # spaces pdfium invents between text objects
        if not i % MAP_SAMPLE and map_error(textpage, i) == 1:
            content.unmapped += MAP_SAMPLE
        box(textpage, i, rect_out)
        left, high, right, low = read_box(rect)
        if swap:   # a page turned a quarter: display x runs along the PDF's y
            left, high, right, low = high, left, low, right
        x0, x1, top, bottom = sx * left + ox, sx * right + ox, sy * high + oy, sy * low + oy
        if x0 > x1:
            x0, x1 = x1, x0
        if top > bottom:
            top, bottom = bottom, top
        height = bottom - top
        if height != last_height:   # one font at one size has one box height
            size = font_size(textpage, i)   # a double: ctypes gives a float
            # GetFontSize is the Tf size, unscaled: text set at "1 Tf" and scaled by its matrix
            # (some PDF makers do that) would report 1. The box then tells the real size.
            if height > 0 and not 0.6 * height <= size <= 1.7 * height:
                size = height
            last_height, last_size = height, size
        append((x0, top, x1, bottom, chr(code), last_size))


def _codes(raw, textpage, count: int):
    """The UTF-16 code of every char index, from one FPDFText_GetText call."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer)
    if written == count + 1:
        return buffer[:count]
    # a text page whose text does not map one unit per char (not seen): ask char by char
    return [raw.FPDFText_GetUnicode(textpage, i) for i in range(count)]


def _walk(raw, page, segments: list, content: PageContent) -> None:
    """Collect the straight segments of every painted path, in page space; count images."""
    matrix = raw.FS_MATRIX()
    matrix_out = ctypes.byref(matrix)
    stack = [(unchecked(raw, "FPDFPage_CountObjects"), unchecked(raw, "FPDFPage_GetObject"),
              page, _IDENTITY, 0)]
    walked = 0   # forms that draw forms fan out: a 2 KB file can hold billions of objects
    # looked up once: a page holds hundreds of objects, most of them text that is skipped
    kind_of, image, path, form = (unchecked(raw, "FPDFPageObj_GetType"), raw.FPDF_PAGEOBJ_IMAGE,
                                  raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM)
    get_matrix = unchecked(raw, "FPDFPageObj_GetMatrix")
    path_calls = _PathCalls(raw)
    while stack:
        count, get, parent, outer, depth = stack.pop()
        children = count(parent)
        walked += max(0, children)
        limits.check("PDF 一页上的图形对象数", walked, limits.MAX_PDF_OBJECTS)
        for i in range(children):
            obj = get(parent, i)
            kind = kind_of(obj)
            if kind == image:
                content.images += 1
            elif kind == path or kind == form:
                get_matrix(obj, matrix_out)
                m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                if kind == path:
                    content.curves += _path(path_calls, obj, m, segments)
                elif depth < 15:   # a form XObject: its objects sit in its own space
                    stack.append((unchecked(raw, "FPDFFormObj_CountObjects"),
                                  unchecked(raw, "FPDFFormObj_GetObject"), obj, m, depth + 1))


def _compose(inner, outer):
    """The affine matrix that applies `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


class _PathCalls:
    """The pdfium functions and out-parameters a path's walk uses, looked up once a page (a
    page of tables holds thousands of paths)."""

    def __init__(self, raw):
        self.draw_mode, self.count, self.segment, self.point_of, self.kind_of, self.closes = (
            unchecked(raw, name) for name in (
                "FPDFPath_GetDrawMode", "FPDFPath_CountSegments", "FPDFPath_GetPathSegment",
                "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose"))
        self.kinds = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.modes_out = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.point_out = ctypes.byref(self.x), ctypes.byref(self.y)


def _path(calls: _PathCalls, obj, m, segments: list) -> bool:
    """Add the path's straight pieces to `segments`; True if it also has curves."""
    calls.draw_mode(obj, *calls.modes_out)
    if not calls.fill.value and not calls.stroke.value:
        return False   # an unpainted path draws nothing
    a, b, c, d, e, f = m
    x, y = calls.x, calls.y
    x_out, y_out = calls.point_out
    segment, point_of, kind_of, closes = calls.segment, calls.point_of, calls.kind_of, calls.closes
    move, line, bezier = calls.kinds
    start = prev = None
    curved = False
    for i in range(calls.count(obj)):
        seg = segment(obj, i)
        point_of(seg, x_out, y_out)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = kind_of(seg)
        if kind == move:
            start = prev = point
            continue
        if kind == line and prev is not None:
            segments.append((prev, point))
        elif kind == bezier:
            curved = True
        prev = point   # a Bézier piece: only where it ends; curves rule no table
        if closes(seg) and start is not None and start != point:
            segments.append((point, start))
            prev = start
    return curved


def _edges(segments: list, to_display) -> list[dict]:
    """Axis-parallel segments as pdfplumber edges (display space)."""
    edges = []
    for p, q in segments:
        (x0, y0), (x1, y1) = to_display(*p), to_display(*q)
        if abs(y0 - y1) <= AXIS_TOL:
            left, right = min(x0, x1), max(x0, x1)
            edges.append({"x0": left, "x1": right, "top": y0, "bottom": y0, "width": right - left,
                          "height": 0.0, "orientation": "h", "object_type": "line"})
        elif abs(x0 - x1) <= AXIS_TOL:
            top, bottom = min(y0, y1), max(y0, y1)
            edges.append({"x0": x0, "x1": x0, "top": top, "bottom": bottom, "width": 0.0,
                          "height": bottom - top, "orientation": "v", "object_type": "line"})
    return edges
