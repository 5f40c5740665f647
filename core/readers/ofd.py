"""OFD reader (GB/T 33190): the pages' text objects and ruling lines into the PDF layout machinery.

An OFD is a zip of XML: OFD.xml names the document, Document.xml its pages, each page's
Content.xml holds TextObjects (TextCode runs placed by X/Y and DeltaX) and PathObjects (the
table rules). Characters and line segments are turned into the PDF reader's page content, in
points, and laid out by the same code: ruled tables, lines, borderless tables, pages joined.
The app draws the pages from the same content (`page_contents`).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Optional

from .. import limits
from ..errors import Cancelled, UnreadableFile
from ..model import SourceDocument
from . import pdf
from .pdf_assemble import Assembler
from .pdfium_page import PageContent

MM = 72 / 25.4                    # OFD measures in millimetres, the PDF machinery in points
MAX_PAGES = 2000
_A4 = (210.0, 297.0)
DAMAGED = "OFD 文件已损坏，无法读取。"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d*\.?\d+(?:[eE]-?\d+)?")


def read(path: str, data: bytes, progress=None, cancelled=None) -> SourceDocument:
    """Read an OFD package's pages into a SourceDocument (pages and boxes as for PDF)."""
    contents = page_contents(data, cancelled)
    pages, sizes = [], []
    stats = {"chars": 0, "cid": 0, "graphics": 0, "images": 0, "turns": []}
    for number, content in enumerate(contents):
        if cancelled is not None and cancelled():
            raise Cancelled()
        sizes.append((content.width, content.height))
        pages.append(pdf._layout(content, stats, pdf._open_bands(pages[-1]) if pages else None))
        if progress is not None:
            progress(number + 1, len(contents))
    if not stats["chars"]:
        raise UnreadableFile("OFD 文件中没有文字（可能是扫描件图片），本程序不做文字识别。",
                             f"{len(contents)} pages, {stats['images']} images")
    doc = SourceDocument(path=path, format="ofd", text="", pages=len(pages), page_sizes=sizes,
                         images=stats["images"])
    Assembler(doc, sizes).run(pages)
    return doc


def page_contents(data: bytes, cancelled=None) -> list[PageContent]:
    """Each page's characters and ruling lines, in points from the page's top left."""
    from lxml import etree
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(DAMAGED, f"BadZipFile: {exc}") from None
    limits.check_zip(package, what="OFD 文件")   # a zip bomb is refused before it is inflated
    infos = package.infolist()
    names = {i.filename.lstrip("/"): i.filename for i in infos}

    def xml(name: str):
        real = names.get(posixpath.normpath(name).lstrip("/"))
        if real is None:
            raise UnreadableFile(DAMAGED, f"missing part {name}")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(package.read(real), parser)

    if "OFD.xml" not in names:
        raise UnreadableFile(DAMAGED + "（缺少 OFD.xml）", "no OFD.xml")
    root = xml("OFD.xml")
    doc_root = _first_text(root, "DocRoot")
    if not doc_root:
        raise UnreadableFile(DAMAGED, "no DocRoot")
    document = xml(doc_root)
    base = posixpath.dirname(doc_root)
    default_box = _box(_first_text(document, "PhysicalBox")) or (0, 0) + _A4
    fonts = _fonts(document, base, xml)
    out = []
    for page in _children(document, "Page")[:MAX_PAGES]:
        if cancelled is not None and cancelled():
            raise Cancelled()
        loc = page.get("BaseLoc")
        if not loc:
            continue
        content = xml(posixpath.join(base, loc))
        box = _box(_first_text(content, "PhysicalBox")) or default_box
        out.append(_page(content, box, fonts))
    if not out:
        raise UnreadableFile("OFD 文件中没有任何页面。", "no pages")
    return out


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(root, name: str) -> list:
    return [el for el in root.iter() if _local(el.tag) == name]


def _first_text(root, name: str) -> Optional[str]:
    for el in root.iter():
        if _local(el.tag) == name:
            return (el.text or "").strip()
    return None


def _numbers(text: Optional[str]) -> list[float]:
    return [float(v) for v in _NUMBER.findall(text or "")]


def _box(text: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    values = _numbers(text)
    return tuple(values[:4]) if len(values) >= 4 and values[2] > 0 and values[3] > 0 else None


def _fonts(document, base: str, xml) -> dict[str, str]:
    """Font ID → name, from the public and document resources (used to draw the page)."""
    out: dict[str, str] = {}
    for name in ("PublicRes", "DocumentRes"):
        for el in _children(document, name):
            try:
                res = xml(posixpath.join(base, (el.text or "").strip()))
            except UnreadableFile:
                continue
            for font in _children(res, "Font"):
                out[font.get("ID", "")] = font.get("FontName", "")
    return out


def _deltas(text: Optional[str]) -> list[float]:
    """DeltaX/DeltaY with the "g count value" shorthand expanded."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 10000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


def _ctm(el) -> tuple[float, ...]:
    values = _numbers(el.get("CTM"))
    return tuple(values[:6]) if len(values) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _page(content, box, fonts: dict[str, str]) -> PageContent:
    x_off, y_off, width, height = box
    page = PageContent(width=width * MM, height=height * MM)
    seen: set = set()
    for el in content.iter():
        kind = _local(el.tag)
        if kind == "TextObject":
            _text_object(el, page, fonts, x_off, y_off)
        elif kind == "PathObject":
            _path_object(el, page, x_off, y_off, seen)
        elif kind == "ImageObject":
            page.images += 1
    return page


def _text_object(el, page: PageContent, fonts: dict[str, str], x_off: float, y_off: float) -> None:
    box = _box(el.get("Boundary")) or (0.0, 0.0, 1.0, 1.0)
    m = _ctm(el)
    scale = abs(m[3]) or 1.0
    try:
        size = float(el.get("Size", "3.5")) * scale
    except ValueError:
        size = 3.5
    x = y = 0.0
    for code in el:
        if _local(code.tag) != "TextCode":
            continue
        text = code.text or ""
        x = _float(code.get("X"), x)
        y = _float(code.get("Y"), y)
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        cx, cy = x, y
        for i, ch in enumerate(text):
            step = dx[i] if i < len(dx) else size / scale
            px, py = _apply(m, cx, cy)
            left, base = box[0] + px - x_off, box[1] + py - y_off
            advance = abs(step * m[0]) or size
            page.chars.append((left * MM, (base - 0.88 * size) * MM, (left + min(advance, size)) * MM,
                               (base + 0.12 * size) * MM, ch, size * MM))
            page.fonts.append(fonts.get(el.get("Font", ""), ""))
            cx += step
            cy += dy[i] if i < len(dy) else 0.0
        x, y = cx, cy


def _float(value: Optional[str], default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _path_object(el, page: PageContent, x_off: float, y_off: float, seen: set) -> None:
    """Straight axis-parallel segments of the path, and thin filled rectangles, as edges."""
    box = _box(el.get("Boundary")) or (0.0, 0.0, 1.0, 1.0)
    m = _ctm(el)
    data = _first_text(el, "AbbreviatedData") or ""
    points: list[tuple[float, float]] = []
    start: Optional[tuple[float, float]] = None
    segments = []
    op, args = "", []
    for token in _PATH_TOKEN.findall(data) + ["M"]:
        if token.isalpha():
            if op in ("M", "S") and len(args) >= 2:
                start = _apply(m, args[0], args[1])
                points = [start]
            elif op == "L" and len(args) >= 2 and points:
                points.append(_apply(m, args[0], args[1]))
                segments.append((points[-2], points[-1]))
            elif op in ("B", "Q", "A") and len(args) >= 2 and points:
                points.append(_apply(m, args[-2], args[-1]))   # a curve: no ruling line
                page.curves += 1
            elif op == "C" and points and start is not None:
                segments.append((points[-1], start))
                points.append(start)
            op, args = token, []
        else:
            args.append(float(token))
    for (ax, ay), (bx, by) in segments:
        ax, bx = (box[0] + ax - x_off) * MM, (box[0] + bx - x_off) * MM
        ay, by = (box[1] + ay - y_off) * MM, (box[1] + by - y_off) * MM
        key = (round(min(ax, bx), 1), round(min(ay, by), 1), round(max(ax, bx), 1), round(max(ay, by), 1))
        if key in seen:
            continue   # a border two cells share, drawn once per cell
        seen.add(key)
        if abs(ay - by) < 0.5 and abs(ax - bx) >= 1:
            left, right = min(ax, bx), max(ax, bx)
            page.edges.append({"x0": left, "x1": right, "top": ay, "bottom": ay, "width": right - left,
                               "height": 0.0, "orientation": "h", "object_type": "line"})
        elif abs(ax - bx) < 0.5 and abs(ay - by) >= 1:
            top, bottom = min(ay, by), max(ay, by)
            page.edges.append({"x0": ax, "x1": ax, "top": top, "bottom": bottom, "width": 0.0,
                               "height": bottom - top, "orientation": "v", "object_type": "line"})
