"""An HTML page's bytes as text: BOM, declared charset, detection; MHTML archives unpacked."""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from typing import Optional

from ..errors import UnreadableFile

_CHINESE = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "utf_8", "utf_16", "utf_32"}
# Pages that declare Latin-1 or ASCII are never really Latin-1 on a Chinese government site:
# the declaration is a CMS default, so such pages are treated as undeclared.
_UNTRUSTED = {"latin_1", "iso8859_1", "cp1252", "ascii"}
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)


def decode(data: bytes, hint: Optional[str] = None) -> tuple[str, str]:
    """The page as text and the encoding used: BOM, then declared charset, then detection."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    declared = _codec(hint) or _declared(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass    # gov sites often declare UTF-8 and serve GBK (or the reverse)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = _detect(data)
    if guessed:
        return data.decode(guessed, errors="replace"), guessed
    fallback = declared or "gb18030"
    return data.decode(fallback, errors="replace"), fallback


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


def is_mhtml(data: bytes) -> bool:
    """MIME headers before any markup: IE/Edge start with MIME-Version, Chrome with From:."""
    head = data[:4096].lstrip().lower()
    if head.startswith(b"<"):
        return False
    return b"mime-version:" in head and b"content-type:" in head


def mhtml_html_part(data: bytes) -> tuple[bytes, Optional[str]]:
    """The first text/html part of a MIME archive, transfer-decoded, with its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise UnreadableFile("网页存档（MHTML）中没有找到网页内容，无法读取。", "no text/html part")
