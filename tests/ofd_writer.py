"""A small OFD writer (GB/T 33190 package structure) for the test fixtures.

Lays a document's paragraphs and tables out on A4 pages in millimetres: paragraphs wrapped,
tables as ruled grids (one PathObject of line segments per cell box), each line of text one
TextObject whose TextCode places the characters by DeltaX (with the standard's "g" shorthand).
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, BOTTOM = 20.0, 25.0, 275.0
BODY_SIZE, CELL_SIZE = 4.2, 3.0
TABLE_W = PAGE_W - 2 * LEFT
PAD = 0.8


def char_width(ch: str, size: float) -> float:
    return size if ord(ch) > 0x2E80 else size * 0.5


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for ch in text:
        w = char_width(ch, size)
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return lines + [line] if line else lines or [""]


class _Pages:
    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.y = TOP
        self.next_id = 10

    def need(self, height: float) -> None:
        if self.y + height > BOTTOM and self.y > TOP:
            self.pages.append([])
            self.y = TOP

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def text(self, x: float, y: float, text: str, size: float, page: int = -1) -> None:
        """One line of text with its baseline at y."""
        widths = [char_width(ch, size) for ch in text]
        if not text:
            return
        deltas = _deltas(widths[:-1])
        w = sum(widths)
        self.pages[page].append(
            f'<ofd:TextObject ID="{self._id()}" Boundary="{x:.3f} {y - size:.3f} {w:.3f} {size * 1.2:.3f}" '
            f'Font="2" Size="{size}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size:.3f}"' + (f' DeltaX="{deltas}"' if deltas else "")
            + f'>{escape(text)}</ofd:TextCode></ofd:TextObject>')

    def box(self, x0: float, y0: float, x1: float, y1: float, page: int = -1) -> None:
        w, h = x1 - x0, y1 - y0
        self.pages[page].append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{x0:.3f} {y0:.3f} {w:.3f} {h:.3f}" '
            f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {w:.3f} 0 L {w:.3f} {h:.3f} '
            f'L 0 {h:.3f} C</ofd:AbbreviatedData></ofd:PathObject>')


def _deltas(widths: list[float]) -> str:
    """DeltaX, runs of one width written "g count width"."""
    out, i = [], 0
    while i < len(widths):
        j = i
        while j < len(widths) and widths[j] == widths[i]:
            j += 1
        out.append(f"g {j - i} {widths[i]:g}" if j - i > 2 else " ".join(f"{widths[i]:g}" for _ in range(j - i)))
        i = j
    return " ".join(out)


def _table(pages: _Pages, rows) -> None:
    """rows: lists of (text, col, rowspan, colspan) at grid origins."""
    ncols = max((c + cs for row in rows for _t, c, _rs, cs in row), default=1)
    # the first column (labels) wider, the rest shared
    first = TABLE_W * (0.3 if ncols > 4 else 0.34)
    widths = [first] + [(TABLE_W - first) / max(1, ncols - 1)] * (ncols - 1)
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    heights = []
    for row in rows:
        h = CELL_SIZE * 1.6 + 2 * PAD
        for text, c, rs, cs in row:
            if rs == 1:
                lines = sum(len(_wrap(part, CELL_SIZE, xs[c + cs] - xs[c] - 2 * PAD))
                            for part in text.split("\n"))
                h = max(h, lines * CELL_SIZE * 1.3 + 2 * PAD)
        heights.append(h)
    placed = []   # (page, top) of each row: a row never splits, a span may
    for h in heights:
        pages.need(h)
        placed.append((len(pages.pages) - 1, pages.y))
        pages.y += h
    for i, row in enumerate(rows):
        page, top = placed[i]
        for text, c, rs, cs in row:
            last = min(i + rs, len(rows)) - 1
            while placed[last][0] != page:   # the span runs over the page: cut at its foot
                last -= 1
            bottom = placed[last][1] + heights[last]
            x0, x1 = xs[c], xs[min(c + cs, ncols)]
            pages.box(x0, top, x1, bottom, page)
            y = top + PAD + CELL_SIZE
            for part in text.split("\n"):
                for line in _wrap(part, CELL_SIZE, x1 - x0 - 2 * PAD):
                    pages.text(x0 + PAD, y, line, CELL_SIZE, page)
                    y += CELL_SIZE * 1.3
    pages.y += 4


def write_ofd(blocks, title: str = "report") -> bytes:
    """blocks: ("p", text) and ("table", rows) in order → the OFD package's bytes."""
    pages = _Pages()
    for kind, item in blocks:
        if kind == "p":
            for line in _wrap(item, BODY_SIZE, TABLE_W):
                pages.need(BODY_SIZE * 1.6)
                pages.text(LEFT, pages.y + BODY_SIZE, line, BODY_SIZE)
                pages.y += BODY_SIZE * 1.6
        else:
            _table(pages, item)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 10, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info,
                       '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
        put("OFD.xml", f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            f'<ofd:DocInfo><ofd:DocID>{"0" * 32}</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>'
            '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_list = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                            for i in range(len(pages.pages)))
        put("Doc_0/Document.xml", f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f'<ofd:MaxUnitID>{pages.next_id}</ofd:MaxUnitID><ofd:PageArea>'
            f'<ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}</ofd:PhysicalBox></ofd:PageArea>'
            '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
            f'<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>')
        put("Doc_0/PublicRes.xml", f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for i, objects in enumerate(pages.pages):
            put(f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{i + 2}">'
                + "".join(objects) + '</ofd:Layer></ofd:Content></ofd:Page>')
    return buf.getvalue()
