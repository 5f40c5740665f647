"""Attack cases in classes, generated from a seed: files to write and the command to run on them.

Used by tests/core/test_attack.py (a few hundred cases, in `make test`) and scripts/attack.py
(`make attack`, thousands). Each case is (class, name, argv); its files sit in `folder`.
"""
from __future__ import annotations

import json
import os
import pathlib
import random
import zipfile
from dataclasses import dataclass

from hostile_inputs import REPORT_WORDS, html_span_bomb, pdf_form_fanout, zip_bomb_docx

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE_TXT = ROOT / "tests" / "fixtures" / "real" / "reports" / "城郊乡-2020.txt"
ADVERSARIAL = ROOT / "tests" / "fixtures" / "adversarial" / "cases"
SEEDS = {"txt": SAMPLE_TXT, "html": ADVERSARIAL / "h06_p_per_cell.html",
         "docx": ADVERSARIAL / "d19_altchunk.docx", "pdf": ADVERSARIAL / "p03_wrap3.pdf"}
COMMANDS = ("extract", "check", "export")


@dataclass
class Case:
    kind: str
    name: str
    argv: list


class Maker:
    """Writes one class's files into `folder` and returns the cases."""

    def __init__(self, folder: str, rng: random.Random, quick: bool = False):
        self.folder, self.rng, self.quick = folder, rng, quick
        self.count = 0

    def pick(self, full: list, quick: list):
        """A choice among `full`, or among the cheaper `quick` ones in a quick run."""
        return self.rng.choice(quick if self.quick else full)

    def file(self, suffix: str, data: bytes, name: str = "") -> str:
        self.count += 1
        path = os.path.join(self.folder, name or f"c{self.count:05d}{suffix}")
        with open(path, "wb") as fh:
            fh.write(data)
        return path

    def command(self, path: str, kind: str, name: str) -> Case:
        verb = self.pick(list(COMMANDS), ["extract", "check", "extract", "check", "export"])
        argv = [verb, path]
        if verb == "export":
            argv += ["-o", os.path.join(self.folder, f"out{self.count:05d}.xlsx")]
        return Case(kind, name, argv)


# ---------------------------------------------------------------- the classes
def html_spans(m: Maker) -> Case:
    rows, cols = m.rng.randint(1, 300), m.rng.randint(1, 40 if m.quick else 300)
    rowspan = m.rng.choice(["0", "1", "2", "65534", "99999999999", "-1", "x", "0" * 50])
    colspan = m.rng.choice([1, 2, 1000, 5000, 10 ** 12])
    data = html_span_bomb(rows, cols, rowspan, colspan)
    return m.command(m.file(".html", data), "html_spans", f"{rows}x{cols} r={rowspan[:8]} c={colspan}")


def html_nesting(m: Maker) -> Case:
    depth = m.pick([100, 1000, 5000, 20000, 100000], [100, 1000, 5000])
    tag = m.rng.choice(["div", "table", "td", "b", "font"])
    data = (f"<html><body><p>{REPORT_WORDS}</p>" + f"<{tag}>" * depth + "1" + f"</{tag}>" * depth
            + "</body></html>").encode()
    return m.command(m.file(".html", data), "html_nesting", f"{tag}×{depth}")


def zip_containers(m: Maker) -> Case:
    choice = m.rng.randrange(2, 4) if m.quick else m.rng.randrange(4)
    if choice == 0:   # one part past the cap (64 MB of zeros: ~64 KB on disk)
        data, name = zip_bomb_docx(65 * 1024 * 1024), "part bomb"
    elif choice == 1:   # many small parts past the sum cap
        data, name = zip_bomb_docx(40 * 1024 * 1024, parts=7), "sum bomb"
    elif choice == 2:   # thousands of members
        out = __import__("io").BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("word/document.xml", "<x/>")
            for k in range(m.pick([100, 11000], [100])):
                z.writestr(f"word/m{k}.xml", "")
        data, name = out.getvalue(), "members"
    else:   # a docx whose altChunk is a span bomb
        bomb = html_span_bomb(m.rng.randint(50, 200), m.pick([200], [20]))
        data, name = _alt_chunk_docx(bomb), "altChunk bomb"
    suffix = m.rng.choice([".docx", ".xlsx", ".docx"])
    return m.command(m.file(suffix, data), "zip", f"{name}{suffix}")


def _alt_chunk_docx(html: bytes) -> bytes:
    src = zipfile.ZipFile(SEEDS["docx"])
    out = __import__("io").BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith((".htm", ".html", ".mht")):
                blob = html
            dst.writestr(info.filename, blob)
    return out.getvalue()


def pdf_forms(m: Maker) -> Case:
    depth, fanout = m.rng.randint(2, 9), m.rng.randint(2, 20)
    return m.command(m.file(".pdf", pdf_form_fanout(depth, fanout)), "pdf_forms", f"{fanout}^{depth}")


def mutations(m: Maker) -> Case:
    fmt = m.rng.choice(sorted(SEEDS))
    data = bytearray(SEEDS[fmt].read_bytes())
    how = m.rng.randrange(4)
    if how == 0:   # flip bytes
        for _ in range(m.rng.randint(1, 50)):
            data[m.rng.randrange(len(data))] = m.rng.randrange(256)
    elif how == 1:   # truncate
        data = data[:m.rng.randrange(1, len(data))]
    elif how == 2:   # insert junk: controls, NULs, odd Unicode
        for _ in range(m.rng.randint(1, 20)):
            junk = m.rng.choice([b"\x00", b"\x01\x1f", "\ufffe".encode("utf-8", "surrogatepass"),
                                 "𠀀".encode(), b"&#1;&#8;", b"\xed\xa0\x80"])
            at = m.rng.randrange(len(data))
            data[at:at] = junk
    else:   # duplicate a slice many times
        a = m.rng.randrange(len(data))
        piece = data[a:a + m.rng.randint(1, 200)]
        data[a:a] = piece * m.rng.randint(2, 300)
    return m.command(m.file("." + fmt, bytes(data)), "mutation", f"{fmt} mode {how}")


def text_shapes(m: Maker) -> Case:
    body = SAMPLE_TXT.read_text(encoding="utf-8")
    how = m.rng.randrange(6)
    if how == 0:
        lines = m.pick([5_000, 7_900, 8_100, 1_000_000], [8_100, 1_000_000])
        text, name = REPORT_WORDS + "\n" + "a\n" * lines, "short lines"
    elif how == 1:
        text, name = REPORT_WORDS + " " + "1 " * m.pick([1000, 20_000, 90_000], [1000, 90_000]), "long line"
    elif how == 2:
        line = "".join(f"{k:<{m.rng.randint(20, 300)}}" for k in range(m.rng.randint(5, 60)))
        text, name = REPORT_WORDS + "\n" + "\n".join([line] * m.rng.randint(10, 400)), "wide columns"
    elif how == 3:
        digits = "9" * m.rng.choice([19, 400, 4301, 50_000])
        text, name = body.replace("241", digits, 1).replace("0", digits[:30], 3), "huge numbers"
    elif how == 4:
        controls = "".join(chr(m.rng.choice([1, 8, 11, 12, 27, 31, 0xFFFE, 0x7F])) for _ in range(20))
        text, name = body.replace("政府", "政府" + controls, 5), "control characters"
    else:
        text, name = bytes(m.rng.randrange(256) for _ in range(m.rng.randint(1, 5000))).decode("latin-1"), "random"
    enc = m.rng.choice(["utf-8", "gb18030", "utf-16"])
    data = text.encode(enc, errors="replace")
    return m.command(m.file(".txt", data), "text", f"{name} ({enc})")


def names(m: Maker) -> Case:
    data = SAMPLE_TXT.read_bytes()
    how = m.rng.randrange(6)
    if how == 0:
        name = os.fsdecode("中文报告".encode("gb18030") + f"{m.count}.txt".encode())
    elif how == 1:
        name = f"-dash{m.count}.txt"
    elif how == 2:
        name = "长" * 80 + f"{m.count}.txt"   # 240+ bytes: near the limit
    elif how == 3:
        name = f"换\n行\t{m.count} .txt"
    elif how == 4:
        return Case("names", "missing", ["extract", os.path.join(m.folder, os.fsdecode(b"\xd6\xd0-missing.txt"))])
    else:
        return Case("names", "folder as input", ["check", m.folder])
    path = m.file("", data, name)   # the runner works in `folder`: "-dash.txt" as typed
    return m.command(os.path.basename(path) if how == 1 else path, "names", repr(name)[:30])


def projects(m: Maker) -> Case:
    source = m.file(".txt", SAMPLE_TXT.read_bytes())
    good = {"kind": "nianbao-project", "version": 1, "saved": "", "layout": "2019",
            "source": {"path": source, "name": "x.txt", "sha256": "0" * 64},
            "corrections": [{"key": "active.licensing.decisions", "old": 241, "new": 1,
                             "time": "", "note": ""}], "notes": {}}
    bad = m.rng.choice([
        ("version", "2"), ("version", None), ("version", [1]), ("layout", 2021), ("layout", None),
        ("corrections", {"a": 1}), ("notes", ["x"]), ("notes", {"": "字" * 200_000}),
        ("corrections", [good["corrections"][0]] * m.pick([10, 30_000], [10])), ("source", 5)])
    text = json.dumps(dict(good, **{bad[0]: bad[1]}), ensure_ascii=False)
    if m.rng.random() < 0.3:
        text = text.replace('"new": 1', m.rng.choice(['"new": 1e400', '"new": NaN', '"new": ' + "9" * 5000]))
    if m.rng.random() < 0.1:
        text = "[" * 100_000 + "]" * 100_000
    project = m.file(".nianbao.json", text.encode())
    verb = m.rng.choice(["extract", "export"])
    argv = [verb, source, "--project", project]
    if verb == "export":
        argv += ["-o", os.path.join(m.folder, f"out{m.count}.xlsx")]
    return Case("projects", f"{bad[0]}={str(bad[1])[:12]}", argv)


def outputs(m: Maker) -> Case:
    source = m.file(".txt", SAMPLE_TXT.read_bytes())
    how = m.rng.randrange(5)
    target = os.path.join(m.folder, f"ro{m.count}.xlsx")
    if how == 0:
        m.file("", b"keep", os.path.basename(target))
        os.chmod(target, 0o444)
    elif how == 1:
        target = os.path.join(m.folder, "长" * 90 + ".xlsx")
    elif how == 2:
        target = m.folder
    elif how == 3:
        target = os.path.join(m.folder, "没有这个文件夹", "x.xlsx")
    else:
        target = source
    return Case("outputs", f"target {how}", ["export", source, "-o", target])


def arguments(m: Maker) -> Case:
    junk = m.rng.choice([[], ["frob"], ["extract"], ["--bogus"], ["export", str(SAMPLE_TXT)],
                         ["batch", "x", "-o", "y.xlsx", "--workers", "9" * 5000],
                         ["batch", "x", "-o", "y.xlsx", "--workers", "-1"],
                         ["extract", "-x.txt"], ["check", "--", "-nope.txt"], ["extract", ""]])
    return Case("arguments", " ".join(junk)[:30], list(junk))


CLASSES = (html_spans, html_nesting, zip_containers, pdf_forms, mutations, text_shapes, names,
           projects, outputs, arguments)


def generate(folder: str, count: int, seed: int = 12, quick: bool = False) -> list[Case]:
    """`count` cases spread over the classes (mutations and texts twice as often); `quick`:
    the cheaper sizes of each class, for `make test`."""
    rng = random.Random(seed)
    maker = Maker(folder, rng, quick)
    weighted = CLASSES + (mutations, text_shapes)
    return [weighted[k % len(weighted)](maker) for k in range(count)]
