"""How an HTML page's text becomes lines: which elements are skipped or end a line, and the
flow that collects inline text into lines (data tables pass through it as items)."""
from __future__ import annotations

import re
from typing import Optional

DROP = {"script", "style", "noscript", "template", "head", "title", "nav", "iframe", "object",
        "embed", "svg", "select", "textarea", "button", "map", "canvas"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
         "tr", "td", "th", "table", "tbody", "thead", "tfoot", "caption", "section",
         "article", "blockquote", "pre", "center", "address", "form", "fieldset", "hr",
         "header", "footer", "main", "aside", "figure", "figcaption", "body", "html"}
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0\u200b\ufeff]+")


class Flow:
    """Collects inline text into lines; block boundaries end a line; data tables pass through."""

    __slots__ = ("items", "_buf")

    def __init__(self) -> None:
        self.items: list = []
        self._buf: list[str] = []

    def add(self, text: Optional[str]) -> None:
        if text:
            self._buf.append(text)

    def flush(self) -> None:
        line = collapse("".join(self._buf))
        self._buf = []
        if line:
            self.items.append(line)

    def table(self, table) -> None:
        self.flush()
        self.items.append(table)


def hidden(attrib) -> bool:
    style = (attrib.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or attrib.get("hidden") is not None


def collapse(text: str) -> str:
    """Whitespace runs (and &nbsp;) become one space, as a browser renders them."""
    return _SPACE.sub(" ", text).strip()
