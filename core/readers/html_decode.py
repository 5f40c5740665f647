"""An HTML page's bytes as text: BOM, declared charset, detection; MHTML archives unpacked."""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from ..errors import UnreadableFile

_CHINESE = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "utf_8", "utf_16", "utf_32"}
# Pages that declare Latin-1 or ASCII are never really Latin-1 on a Chinese government site:
# the declaration is a CMS default, so such pages are treated as undeclared.
_UNTRUSTED = {"latin_1", "iso8859_1", "cp1252", "ascii"}
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
PIECE = 1 << 16   # bytes of a page decoded (and parsed) at a time


@dataclass(frozen=True)
class Decoding:
    """How a page's bytes are read as text: data[skip:].decode(codec, errors)."""

    codec: str      # also the encoding reported
    errors: str
    skip: int       # bytes of a byte-order mark
    blank: bool     # nothing but whitespace


def decoding(data: bytes, hint: Optional[str] = None) -> Decoding:
    """How the page is read as text: BOM, then declared charset, then detection (the text is
    made for a moment, to know it decodes and whether it is blank, and not kept)."""
    text, codec, errors, skip = _decode(data, hint)
    return Decoding(codec, errors, skip, not text or text.isspace())


def utf8_pieces(data: bytes, how: Decoding, progress=None, size: int = PIECE) -> Iterator[bytes]:
    """The page's text in UTF-8, decoded `size` bytes of the page at a time (never the whole
    text at once). `progress(done, total)` counts the page's bytes."""
    same = how.codec == "utf-8" and how.errors == "strict"   # its bytes are that text's UTF-8
    decoder = codecs.getincrementaldecoder(how.codec)(how.errors)
    for start in range(how.skip, len(data), size):
        end = min(start + size, len(data))
        piece = data[start:end]
        yield piece if same else decoder.decode(piece, final=end == len(data)).encode("utf-8")
        if progress is not None:
            progress(end, len(data))


def _decode(data: bytes, hint: Optional[str]) -> tuple[str, str, str, int]:
    """The page's text, and the codec, error handling and BOM length that made it."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name, "replace", len(bom)
    declared = _codec(hint) or _declared(data)
    if declared:
        try:
            return data.decode(declared), declared, "strict", 0
        except UnicodeDecodeError:
            pass    # gov sites often declare UTF-8 and serve GBK (or the reverse)
    try:
        return data.decode("utf-8"), "utf-8", "strict", 0
    except UnicodeDecodeError:
        pass
    guessed = _detect(data)
    if guessed:
        return data.decode(guessed, errors="replace"), guessed, "replace", 0
    fallback = declared or "gb18030"
    return data.decode(fallback, errors="replace"), fallback, "replace", 0


def _declared(data: bytes) -> Optional[str]:
    head = data[:65536]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return _codec(match.group(1).decode("ascii")) if match else None


def _codec(name: Optional[str]) -> Optional[str]:
    """Python's codec for a charset label; GB2312/GBK widened to GB18030, their superset."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    if codec in _UNTRUSTED:
        return None
    if codec in ("gb2312", "gbk", "cp936"):
        return "gb18030"   # pages labelled GB2312 routinely contain GBK-only characters
    return codec.replace("_", "-") if codec == "utf_8" else codec


def _detect(data: bytes) -> Optional[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = codecs.lookup(best.encoding).name if best is not None else None
    if guess in _CHINESE:
        return guess
    # Short Chinese pages in GBK are often guessed as Korean (cp949); a strict GB18030 decode
    # succeeding is the better bet for a Chinese government page.
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return guess


def html_of(data: bytes) -> tuple[bytes, Optional[str]]:
    """The page's HTML and the charset its container names: the page itself (no hint), or a
    single-file MHTML archive's first text/html part."""
    return _mhtml_html_part(data) if _is_mhtml(data) else (data, None)


def _is_mhtml(data: bytes) -> bool:
    """MIME headers before any markup: IE/Edge start with MIME-Version, Chrome with From:."""
    head = data[:4096].lstrip().lower()
    if head.startswith(b"<"):
        return False
    return b"mime-version:" in head and b"content-type:" in head


def _mhtml_html_part(data: bytes) -> tuple[bytes, Optional[str]]:
    """The first text/html part of a MIME archive, transfer-decoded, with its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise UnreadableFile("网页存档（MHTML）中没有找到网页内容，无法读取。", "no text/html part")
