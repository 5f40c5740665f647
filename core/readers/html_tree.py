"""The tree of one HTML table, built from the parser's events: only what the reader reads of
an element (tag, the attributes of _ATTRIBUTES, text, tail, children), with none of lxml's
checks, so any text the parser passes (control characters, "--" in comments) is kept as is."""
from __future__ import annotations

from typing import Optional

_ATTRIBUTES = ("style", "hidden", "rowspan", "colspan")   # all that is read of an element


class Node:
    """An element as lxml shows it: `text` before its first child, each child's `tail`
    after it; a comment or processing instruction is a node whose tag is None."""

    __slots__ = ("tag", "attrib", "text", "tail", "children")

    def __init__(self, tag: Optional[str], attrib: Optional[dict]) -> None:
        # no attributes and no children are None, not an empty dict and list: a page held
        # whole in a layout table is mostly such nodes
        self.tag = tag
        self.attrib = attrib
        self.text: Optional[str] = None
        self.tail: Optional[str] = None
        self.children: Optional[list[Node]] = None

    def get(self, name: str) -> Optional[str]:
        return self.attrib.get(name) if self.attrib else None

    def __iter__(self):
        return iter(self.children or ())


class TableBuilder:
    """Takes a table's events, from its start to its end, and builds its Node tree."""

    def __init__(self) -> None:
        self.root: Optional[Node] = None
        self._open: list[Node] = []
        self._last: Optional[Node] = None   # the node text goes to: its text, or its tail
        self._tail = False
        self._pieces: list[str] = []

    def start(self, tag: str, attrib) -> None:
        node = Node(tag, {k: attrib[k] for k in _ATTRIBUTES if k in attrib} or None)
        self._add(node)
        self._open.append(node)
        self._tail = False

    def end(self) -> None:
        self._settle()
        self._last, self._tail = self._open.pop(), True

    def data(self, text: str) -> None:
        self._pieces.append(text)

    def other(self) -> None:
        """A comment or processing instruction: a node skipped, the text after it kept."""
        self._add(Node(None, None))
        self._tail = True

    def _add(self, node: Node) -> None:
        self._settle()
        if self._open:
            parent = self._open[-1]
            if parent.children is None:
                parent.children = [node]
            else:
                parent.children.append(node)
        else:
            self.root = node
        self._last = node

    def _settle(self) -> None:
        if self._pieces and self._last is not None:
            text = "".join(self._pieces)
            if self._tail:
                self._last.tail = text
            else:
                self._last.text = text
        self._pieces = []


def find_child(node: Node, tag: str) -> Optional[Node]:
    return next((child for child in node if child.tag == tag), None)


def has_descendant(node: Node, tag: str) -> bool:
    return any(child.tag == tag or has_descendant(child, tag) for child in node)


def children(node: Node, tags: tuple[str, ...]) -> list[Node]:
    return [child for child in node if child.tag in tags]


def text_content(node: Node) -> str:
    """All the text inside the node, as lxml's text_content(): comments' own text left out."""
    parts: list[str] = []
    _collect(node, parts)
    return "".join(parts)


def _collect(node: Node, parts: list[str]) -> None:
    if node.tag is not None and node.text:
        parts.append(node.text)
    for child in node:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)
