"""Rewrite a span of an element's visible text in place, keeping the first run's formatting."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Optional

from ..readers.docx import W, visible_pieces

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Full-width digits and separators read as ASCII, one character for one (offsets stay put).
_TO_ASCII = str.maketrans("０１２３４５６７８９，．－−", "0123456789,.--")
_TO_FULL = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
_NUMBER = re.compile(r"(?<![0-9.-])-?[0-9](?:[0-9,]*[0-9])?(?:\.[0-9]+)?(?![0-9])")
# Revision marks: text under them is a tracked change Word would show as such.
_REVISIONS = (W + "ins", W + "del", W + "moveFrom", W + "moveTo")

MSG_REVISION = "这一格有未接受的修订（修订痕迹），请先在 Word 中接受或拒绝修订"
MSG_FIELD = "这一格的数字由域（字段）生成，更新域时会被重算"
MSG_BOUND = "这一格在绑定数据的内容控件中，Word 会用绑定的数据覆盖它"
MSG_BROKEN = "这一格的数字被换行或制表符隔开"


class Unsafe(Exception):
    """This text cannot be rewritten without risking a wrong file; the message says why."""


@dataclass
class TextMap:
    """The visible text under an element, with the node each character came from."""

    pieces: list            # [(node, text)] as core.readers.docx.visible_pieces gives them
    text: str               # their text joined, full-width digits read as ASCII

    def touched(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(piece index, start, end within the piece) of every piece the span overlaps."""
        out, pos = [], 0
        for i, (_node, text) in enumerate(self.pieces):
            s, e = max(start, pos), min(end, pos + len(text))
            if s < e or (start == end == pos and text):
                out.append((i, s - pos, e - pos))
            pos += len(text)
        return out


def text_map(el) -> TextMap:
    pieces = list(visible_pieces(el))
    return TextMap(pieces, "".join(t for _n, t in pieces).translate(_TO_ASCII))


def number_spans(text: str, token: str) -> list[tuple[int, int]]:
    """Where the number `token` (ASCII) stands on its own in `text`."""
    return [m.span() for m in _NUMBER.finditer(text) if m.group(0) == token]


def first_number(printed: str) -> Optional[str]:
    m = _NUMBER.search(printed.translate(_TO_ASCII))
    return m.group(0) if m else None


def styled_like(printed: str, new_text: str) -> str:
    """`new_text` written the way `printed` was: full-width digits stay full-width."""
    if any("０" <= ch <= "９" for ch in printed):
        return new_text.translate(_TO_FULL)
    return new_text


def check_scope(scope) -> None:
    """Refuse a cell or paragraph holding tracked changes (conservative: anywhere in it)."""
    if next(scope.iter(*_REVISIONS), None) is not None:
        raise Unsafe(MSG_REVISION)


def _field_runs(scope) -> set:
    """The runs between a complex field's begin and end marks (its code and its result)."""
    inside, depth = set(), 0
    for run in scope.iter(W + "r"):
        if depth:
            inside.add(run)
        for mark in run.iter(W + "fldChar"):
            kind = mark.get(W + "fldCharType")
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            depth = max(depth, 0)
            inside.add(run)
    return inside


def _check_node(node, scope, in_fields: set) -> None:
    run = node.getparent()
    if run in in_fields:
        raise Unsafe(MSG_FIELD)
    el = node
    while el is not None and el is not scope:
        if el.tag == W + "fldSimple":
            raise Unsafe(MSG_FIELD)
        if el.tag == W + "sdt" and el.find(f"{W}sdtPr/{W}dataBinding") is not None:
            raise Unsafe(MSG_BOUND)
        el = el.getparent()


def replace_span(scope, tmap: TextMap, start: int, end: int, new_text: str):
    """Put `new_text` in place of tmap.text[start:end]; returns the w:r that now holds it.

    The first run the span touches keeps its rPr and takes the new text; the span's characters
    leave the other runs (a run left with no text at all goes)."""
    touched = tmap.touched(start, end)
    if not touched:
        raise Unsafe(MSG_BROKEN)
    in_fields = _field_runs(scope)
    hyphens = [tmap.pieces[i][0] for i, _s, _e in touched
               if tmap.pieces[i][0].tag == W + "noBreakHyphen"]   # a minus sign Word typed
    touched = [(i, s, e) for i, s, e in touched if tmap.pieces[i][0].tag != W + "noBreakHyphen"]
    if not touched:
        raise Unsafe(MSG_BROKEN)
    for i, _s, _e in touched:
        node = tmap.pieces[i][0]
        if node.tag != W + "t":
            raise Unsafe(MSG_BROKEN)
        _check_node(node, scope, in_fields)
    for node in hyphens:
        _check_node(node, scope, in_fields)
    for node in hyphens:   # the sign is part of the new text now
        _drop_if_empty(node)
    for n, (i, s, e) in enumerate(touched):
        node = tmap.pieces[i][0]
        text = node.text or ""
        _set_text(node, text[:s] + (new_text if n == 0 else "") + text[e:])
        if n and not node.text:
            _drop_if_empty(node)
    return tmap.pieces[touched[0][0]][0].getparent()


def insert_text(tc, new_text: str):
    """Write text into an empty cell: a run in its first paragraph, formatted as the paragraph
    mark is (what Word does when one types into the cell); returns the new w:r."""
    p = next(tc.iter(W + "p"), None)
    if p is None:
        raise Unsafe(MSG_BROKEN)
    run = p.makeelement(W + "r", {})
    mark = p.find(f"{W}pPr/{W}rPr")
    if mark is not None:
        rpr = copy.deepcopy(mark)
        for child in list(rpr):
            if child.tag in _REVISIONS:
                rpr.remove(child)
        rpr.tag = W + "rPr"
        run.append(rpr)
    t = run.makeelement(W + "t", {})
    _set_text(t, new_text)
    run.append(t)
    p.append(run)
    return run


def highlight(run, color: str = "yellow") -> None:
    """Mark a run with a highlight colour (the review copy)."""
    rpr = run.find(W + "rPr")
    if rpr is None:
        rpr = run.makeelement(W + "rPr", {})
        run.insert(0, rpr)
    for old in rpr.findall(W + "highlight"):
        rpr.remove(old)
    mark = rpr.makeelement(W + "highlight", {W + "val": color})
    # schema order: highlight comes after the font, size and colour properties
    before = [c for c in rpr if c.tag in _AFTER_HIGHLIGHT]
    if before:
        before[0].addprevious(mark)
    else:
        rpr.append(mark)


_AFTER_HIGHLIGHT = {W + n for n in ("u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl",
                                    "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")}


def _set_text(t, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")


def _drop_if_empty(t) -> None:
    run = t.getparent()
    run.remove(t)
    if run.tag == W + "r" and all(c.tag == W + "rPr" for c in run):
        run.getparent().remove(run)
