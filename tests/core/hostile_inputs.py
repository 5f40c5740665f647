"""Hostile inputs, made in memory: small files that ask for huge work (used by the attack tests)."""
from __future__ import annotations

import io
import zipfile

REPORT_WORDS = "政府信息公开工作年度报告"


def html_span_bomb(rows: int = 100, cols: int = 1000, rowspan: str = "0", colspan: int = 1000) -> bytes:
    cell = f'<td rowspan="{rowspan}" colspan="{colspan}">1</td>' * cols
    body = "".join(f"<tr>{cell}</tr>" for _ in range(rows))
    return f"<html><body><p>{REPORT_WORDS}</p><table>{body}</table></body></html>".encode()


def pdf_form_fanout(depth: int = 7, fanout: int = 10) -> bytes:
    """A PDF of ~2 KB whose page draws a form that draws a form … `fanout` times each level."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}
    first_form = 5
    for level in range(depth + 1):
        number = first_form + level
        if level == 0:
            stream = b"0 0 m 10 10 l S"
            resources = b""
        else:
            stream = b" ".join(b"q 1 0 0 1 1 1 cm /X Do Q" for _ in range(fanout))
            resources = f"/Resources << /XObject << /X {number - 1} 0 R >> >>".encode()
        objects[number] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] " + resources
                           + f" /Length {len(stream)} >>\nstream\n".encode() + stream
                           + b"\nendstream")
    top = first_form + depth
    content = b"/X Do"
    objects[3] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                  f"/Resources << /XObject << /X {top} 0 R >> >> >>").encode()
    objects[4] = f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref = out.tell()
    count = max(objects) + 1
    out.write(f"xref\n0 {count}\n0000000000 65535 f \n".encode())
    for number in range(1, count):
        out.write(f"{offsets.get(number, 0):010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def zip_bomb_docx(part_bytes: int, parts: int = 1) -> bytes:
    """A .docx-shaped zip whose parts inflate to `part_bytes` each (zeros deflate ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"\0" * (1024 * 1024)
        for index in range(parts):
            with z.open(f"word/media/blob{index}.bin", "w", force_zip64=True) as member:
                left = part_bytes
                while left > 0:
                    member.write(chunk[:min(left, len(chunk))])
                    left -= len(chunk)
    return out.getvalue()
