"""Tables whose cells were run together into one line, with no separator at all.

Crawlers that keep only a page's text (平潭综合实验区 reports, 2019–2025) print a whole table
as "…规章000行政规范性文件693665…一、本年新收政府信息公开申请数量640020470…". The labels
still show where each row starts; the numbers of a row run into one string of digits. A row of
table 三 or a group of table 四 ends in its 总计, the sum of the others, and that sum almost
always admits one way to cut the digits. Where no rule pins the cut down (table 二), the
cells are left empty and a notice quotes the digits for the person to type.
"""
from __future__ import annotations

import re
from itertools import combinations
from typing import Iterator, Optional

# The patterns here are kept as text and compiled on first use (re's own cache): they serve
# only long lines, most of them only lines already found glued (rare), and a process reading
# other reports need not pay the ~5 ms their compiling costs (a CJK range, look-arounds).
# A line is a glued table when several labels are followed at once by 3+ digits.
_GLUED_AT = r"[\u4e00-\u9fff）)”\"](?=\d{3})"
_TABLE_WORDS = r"本年新收|上年结转|规章|行政许可|结果维持|予以公开"
MIN_GLUED = 4
MIN_LENGTH = 120
# The digits of a run: numbers, the spaces some cells kept, a minus, a decimal point, 元.
# A counting word between two numbers parts them ("政府集中采购1个246900元").
_RUN = r"\d(?:[\d \u3000.\-−]|(?<=\d)(?:笔|个|批|项|件|份|家)(?=\s*\d))*(?:万元|元)?"
# Words of the tables' headers and rows that narrative does not use ("1件结转下年度" does).
_TABLE_HEADERS = (r"第二十条第|信息内容(?:本年|上一年|采购)|本年新收政府信息公开申请数量|"
                  r"结果维持结果纠正|尚未审结总计")
_TABLES_END = r"[五六]、(?:政府信息公开工作)?存在的主要问题|存在的主要问题及改进情况"
# Where one glued label ends and the next piece of text starts: section and item ordinals,
# the 第二十条 headers of table 二, and the end of a heading ("…行政诉讼情况").
_PIECE_START = (r"(?=[一二三四五六七八九十]、)|(?=[（(][一二三四五六七八九十][)）])|"
                r"(?=第二十条第)|(?<=情况)(?=\s*[\u4e00-\u9fff])|(?=\d[.．、][\u4e00-\u9fff])")
MAX_CUTS = 300_000   # beyond this many ways to cut a run, give up rather than stall


def looks_glued(text: str) -> bool:
    """A long line with labels followed at once by digits, and the tables' header words
    (prose with many counts has the first, never the second)."""
    return len(text) >= MIN_LENGTH and len(re.findall(_GLUED_AT, text)) >= MIN_GLUED \
        and bool(re.search(_TABLE_WORDS, text)) and _table_region(text)[1] > 0


def segments(text: str) -> Iterator[tuple[str, int, int]]:
    """("text", start, end) and ("run", start, end) pieces of a glued line, in order.

    Runs are looked for only where the tables are (from table 二's heading to 五、): the
    narrative's dates and counts stay text.
    """
    lo, hi = _table_region(text)
    pos = 0
    for m in re.compile(_RUN).finditer(text, lo, hi):
        start = m.start()
        if start > 0 and not _glued_to_label(text, start):
            continue   # digits inside text ("第1项"): not a run of cells
        body = m.group().rstrip(" \u3000.")
        end = start + len(body)
        # "…0000000" + "2.其他法律…": the last digit opens the next label
        if len(body) > 1 and body[-1] in "123456789" and re.match(r"[.．、][\u4e00-\u9fff]",
                                                                 text[end:end + 2]):
            end -= 1
        if not re.search(r"\d", text[start:end]) or _is_item_number(text, start, end):
            continue
        yield from _text_pieces(text, pos, start)
        yield "run", start, end
        pos = end
    yield from _text_pieces(text, pos, len(text))


def _table_region(text: str) -> tuple[int, int]:
    """From the first table header word to the first 五、 after the last one (an
    introduction that lists the sections by name is no table)."""
    starts = [m.start() for m in re.finditer(_TABLE_HEADERS, text)]
    if not starts:
        return 0, 0
    stop = re.compile(_TABLES_END).search(text, starts[-1])
    return starts[0], stop.start() if stop else len(text)


def _glued_to_label(text: str, start: int) -> bool:
    before = text[start - 1]
    return bool(re.match(r"[\u4e00-\u9fff）)”\"\s]", before))


def _is_item_number(text: str, start: int, end: int) -> bool:
    """A lone digit followed by "." and a label: "1.属于国家秘密"."""
    return end - start == 1 and bool(re.match(r"[.．、][\u4e00-\u9fff]", text[end:end + 2]))


def _text_pieces(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    cuts = sorted({start, end} | {start + m.start() for m in re.finditer(_PIECE_START, text[start:end])})
    for a, b in zip(cuts, cuts[1:]):
        if text[a:b].strip():
            yield "text", a, b


def all_splits(run: str, n: int, sums: tuple[tuple[tuple[int, ...], int], ...] = (),
               limit: int = 16) -> Optional[list[list[tuple[int, int]]]]:
    """Every way (up to `limit`) to cut `run` into n numbers that keep `sums`; None when there
    are more than that, or too many cuts to try.

    Whitespace and a minus sign always separate numbers; a number has no leading zero
    (but may be 0) and at most one decimal point, inside it. `sums` are rules the numbers
    must keep: (indices of the parts, index of their total).
    """
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[\-−]?[\d.]+", run)]
    free = sum(e - s for s, e in tokens)
    if not tokens or len(tokens) > n or free < n:
        return []
    found: list[list[tuple[int, int]]] = []
    for tried, spans in enumerate(_cuts(run, tokens, n)):
        if tried >= MAX_CUTS:
            return None
        values = [_value(run[s:e]) for s, e in spans]
        if all(abs(sum(values[i] for i in parts) - values[t]) < 1e-9 for parts, t in sums):
            found.append(spans)
            if len(found) >= limit:
                return None
    return found


def _cuts(run: str, tokens: list[tuple[int, int]], n: int) -> Iterator[list[tuple[int, int]]]:
    """Every way to cut the tokens into n valid numbers (each token into one or more)."""
    if not tokens:
        if n == 0:
            yield []
        return
    (s, e), rest = tokens[0], tokens[1:]
    digits_left = sum(b - a for a, b in rest)
    for k in range(1, min(e - s, n - len(rest)) + 1):
        if n - k > digits_left:
            continue
        for inner in combinations(range(s + 1, e), k - 1):
            bounds = (s,) + inner + (e,)
            pieces = list(zip(bounds, bounds[1:]))
            if all(_valid(run[a:b]) for a, b in pieces):
                for tail in _cuts(run, rest, n - k):
                    yield pieces + tail


def _valid(piece: str) -> bool:
    digits = piece.lstrip("-−")
    if not digits or digits.startswith(".") or digits.endswith(".") or digits.count(".") > 1:
        return False
    whole = digits.split(".")[0]
    return whole == "0" or not whole.startswith("0")


def _value(piece: str) -> float:
    return float(piece.replace("−", "-"))


# Orderings the columns of table 二 almost always keep (larger, smaller): what is in force
# includes what was made this year, what is published in total includes this year's.
PLAUSIBLE_ORDER = (("in_force", "issued"), ("total_published", "new_published"),
                   ("prev_items", "change"))
MAX_CHOICES = 6


def ranked_cuts(run: str, columns: tuple[str, ...], limit: int = MAX_CHOICES,
                candidates: Optional[list] = None) -> list[list[tuple[int, int]]]:
    """Ways to cut a run no sum pins down into one number per column, most plausible first:
    fewest broken orderings of PLAUSIBLE_ORDER, then numbers of like length."""
    if candidates is None:
        tokens = [(m.start(), m.end()) for m in re.finditer(r"[\-−]?[\d.]+", run)]
        if not tokens or len(tokens) > len(columns):
            return []
        candidates = []
        for tried, spans in enumerate(_cuts(run, tokens, len(columns))):
            if tried >= 5000:
                break
            candidates.append(spans)
    where = {c: i for i, c in enumerate(columns)}
    pairs = [(where[a], where[b]) for a, b in PLAUSIBLE_ORDER if a in where and b in where]

    def score(spans):
        values = [_value(run[s:e]) for s, e in spans]
        broken = sum(values[big] < abs(values[small]) for big, small in pairs)
        lengths = [e - s for s, e in spans]
        return broken, max(lengths) - min(lengths)
    return sorted(candidates, key=score)[:limit]


def gap_split(run: str, n: int) -> Optional[list[tuple[int, int]]]:
    """One digit a number, each gap between tokens one blank cell, when that makes exactly n
    cells: "0 00000" is 0, (blank), 0, 0, 0, 0, 0 (a cell of the page held only a space)."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    if not tokens or sum(e - s for s, e in tokens) + len(tokens) - 1 != n:
        return None
    spans: list[tuple[int, int]] = []
    for k, (s, e) in enumerate(tokens):
        if k:
            spans.append((s - 1, s - 1))   # the blank: an empty span where the space was
        spans.extend((i, i + 1) for i in range(s, e))
    return spans


def request_sums(n_columns: int) -> tuple:
    """Table 三: the six applicant columns add up to 总计, the last."""
    return ((tuple(range(n_columns - 1)), n_columns - 1),)


def appeal_sums(groups: int, per_group: int) -> tuple:
    """Table 四: in each group 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    return tuple((tuple(range(g * per_group, g * per_group + per_group - 1)), g * per_group + per_group - 1)
                 for g in range(groups))


def pieces(cell_text: str, spans: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The numbers of a cut run as (text, start, end) within the cell; a closing 元 or 万元
    goes with the last number (it is the amount's unit)."""
    unit = re.search(r"(万元|元)$", cell_text)
    out = [(cell_text[s:e], s, e) for s, e in spans]
    if unit and out:
        text, s, _e = out[-1]
        out[-1] = (text + unit.group(1), s, len(cell_text))
    return out
