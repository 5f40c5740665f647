"""The county summary's table sheets: 合计 (the official layouts summed), 明细 (one row per report), 数据 (long)."""
from __future__ import annotations

import hashlib
import json
from copy import copy
from itertools import groupby
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from .. import schema
from ..checks.cross_year import agency_key
from .layout import DRAW
from .report import column_name, row_name
from .style import FORMULA_STARTS, WARNING_FILL, Stamp, print_setup, set_value, set_widths

DETAIL_FIXED = [("机关", 22), ("年度", 7), ("文件", 30)]
DETAIL_WIDTH = 9
DATA_HEADER = ["序号", "键", "数值"]   # 序号 of 报告一览, which names 机关, 年度 and file
DATA_WIDTHS = [7, 44, 10]
SUM_NOTE = ("本表为 {n} 份报告的合计（金额单位：万元；内容完全相同的重复报告只计一次；"
            "空白格按 0 计）。")


def sorted_reports(reports: list[dict]) -> list[dict]:
    """By 机关 (one body under its several spellings together), then 年度, then file."""
    return sorted(reports, key=lambda r: (agency_key(r["meta"].get("agency") or ""),
                                          r["meta"].get("year") or 0, r["path"]))


# ---------------------------------------------------------------- duplicates
def content_key(report: dict) -> str:
    cells = {k: v for k, v in report["cells"].items() if v is not None}
    return hashlib.sha1(json.dumps(cells, sort_keys=True, default=str).encode()).hexdigest()


def duplicates(reports: list[dict]) -> dict[str, str]:
    """path → why it is flagged: the same numbers as an earlier file, or a second report of the
    same 机关 and 年度. The first of each group is not flagged; sums count a copy once."""
    flags: dict[str, str] = {}
    first_with: dict[str, dict] = {}
    same_year: dict[tuple, list[dict]] = {}
    for r in reports:
        first = first_with.setdefault(content_key(r), r)
        if first is not r:
            flags[r["path"]] = f"与「{first['path']}」数据完全相同"
        agency = agency_key(r["meta"].get("agency") or "")
        if agency and r["meta"].get("year"):
            same_year.setdefault((agency, r["meta"]["year"]), []).append(r)
    for (agency, year), group in same_year.items():
        for r in group[1:]:
            flags.setdefault(r["path"], f"同一机关 {year} 年度共有 {len(group)} 份报告")
    return flags


def unique_reports(reports: list[dict]) -> list[dict]:
    """Each content once (the first file that has it)."""
    seen, out = set(), []
    for r in reports:
        key = content_key(r)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# ---------------------------------------------------------------- 合计
def sums(reports: Iterable[dict], layout: str) -> dict[str, object]:
    """Cell key → the sum over the reports of that layout (None where every report is blank)."""
    out: dict[str, object] = {}
    for r in reports:
        if r["meta"].get("layout") != layout:
            continue
        for key, v in r["cells"].items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[key] = out.get(key, 0) + v
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def total_sheets(wb: Workbook, reports: list[dict]) -> None:
    """合计表二/三/四 per layout present: the official shapes, drawn on a scratch sheet and
    streamed into the write-only workbook (merges, widths, print setup kept)."""
    counted = unique_reports(reports)
    layouts = sorted({r["meta"].get("layout") for r in counted} & set(schema.LAYOUTS)) or ["2021"]
    for layout in layouts:
        mine = [r for r in counted if r["meta"].get("layout") == layout]
        cells = sums(mine, layout)
        suffix = f"（{layout}版）" if len(layouts) > 1 else ""
        for table in schema.TABLES:
            scratch = Workbook().active
            DRAW[table](scratch, layout, cells, f"{len(mine)} 份报告合计 · {layout} 版格式")
            scratch["A3"].value = SUM_NOTE.format(n=len(mine))
            copy_sheet(scratch, wb.create_sheet(f"{schema.TABLE_SHORT[table]}合计{suffix}"))


def copy_sheet(src, dst) -> None:
    """A drawn sheet into a write-only one: values, styles, merges, sizes, frozen panes, printing."""
    for letter, dim in src.column_dimensions.items():
        dst.column_dimensions[letter].width = dim.width
    for row, dim in src.row_dimensions.items():
        if dim.height:
            dst.row_dimensions[row].height = dim.height
    for rng in src.merged_cells.ranges:
        dst.merged_cells.add(str(rng))
    dst.freeze_panes = src.freeze_panes
    for attr in ("orientation", "paperSize", "fitToWidth", "fitToHeight"):
        setattr(dst.page_setup, attr, getattr(src.page_setup, attr))
    dst.sheet_properties.pageSetUpPr = copy(src.sheet_properties.pageSetUpPr)
    dst.print_options = copy(src.print_options)
    dst.page_margins = copy(src.page_margins)
    dst.print_title_rows = src.print_title_rows
    styles: dict = {}
    for row in src.iter_rows():
        out = []
        for cell in row:
            copied = WriteOnlyCell(dst, cell.value)
            if cell.has_style:
                copied._style = copy(_style_in(dst, cell, styles))
            if isinstance(cell.value, str):
                copied.data_type = "s"
            out.append(copied)
        dst.append(out)


def _style_in(dst, cell, styles: dict):
    """The style of a scratch cell registered in the output workbook, once per distinct style."""
    key = tuple(cell._style)
    found = styles.get(key)
    if found is None:
        model = WriteOnlyCell(dst)
        model.font, model.border = copy(cell.font), copy(cell.border)
        model.fill, model.alignment = copy(cell.fill), copy(cell.alignment)
        model.number_format = cell.number_format
        found = styles[key] = model._style
    return found


# ---------------------------------------------------------------- 明细
def _row_groups(keys: list[str], labels: dict) -> list[tuple[str, int]]:
    """(level-1 header, how many columns) for runs of cells of one official row."""
    return [(labels[row][0], len(list(run))) for row, run in groupby(keys, key=lambda k: k.rsplit(".", 1)[0])]


def header_labels(reports: list[dict]) -> dict[str, tuple[str, str]]:
    """cell key → (row name, column name), the newest layout naming a cell both layouts have."""
    out: dict[str, tuple[str, str]] = {}
    for layout in schema.LAYOUTS:
        for key, info in schema.cell_info(layout).items():
            out[key] = (row_name(info.row), column_name(info))
            out[info.row.key] = out[key]
    return out


def detail_sheets(wb: Workbook, reports: list[dict], columns: list[str], flags: dict) -> None:
    """表二明细/表三明细/表四明细: 机关, 年度, 文件, then every cell under two Chinese header rows
    (the official row over its columns); sorted, frozen, filterable; duplicates shaded."""
    labels = header_labels(reports)
    for table in schema.TABLES:
        keys = [k for k in columns if schema.table_of(k) == table]
        ws = wb.create_sheet(f"{schema.TABLE_SHORT[table]}明细")
        fixed = len(DETAIL_FIXED)
        set_widths(ws, {i: w for i, (_, w) in enumerate(DETAIL_FIXED, start=1)}
                   | {i: DETAIL_WIDTH for i in range(fixed + 1, fixed + len(keys) + 1)})
        top, sub = [label for label, _ in DETAIL_FIXED], [None] * fixed
        col = fixed + 1
        for i, (label, n) in enumerate(_row_groups(keys, labels)):
            top += [label] + [None] * (n - 1)
            if n > 1:
                ws.merged_cells.add(f"{get_column_letter(col)}1:{get_column_letter(col + n - 1)}1")
            col += n
        sub += [labels[k][1] for k in keys]
        for i in range(1, fixed + 1):
            letter = get_column_letter(i)
            ws.merged_cells.add(f"{letter}1:{letter}2")
        ws.row_dimensions[1].height = 66
        ws.row_dimensions[2].height = 44
        ws.freeze_panes = f"{get_column_letter(fixed + 1)}3"   # before the rows: streamed
        stamp = Stamp(ws)
        heads = ["head"] * len(top)
        stamp.row(top, heads)
        stamp.row(sub, heads)
        kinds = ["plain", "num", "plain"]
        for r in reports:
            values = [r["meta"].get("agency"), r["meta"].get("year"), r["path"]]
            stamp.row(values, kinds, {2: WARNING_FILL} if r["path"] in flags else None,
                      plain=[r["cells"].get(k) for k in keys])
        last = get_column_letter(fixed + len(keys))
        ws.auto_filter.ref = f"A2:{last}{len(reports) + 2}"
        print_setup(ws, "1:2", fit_width=False)
        ws.print_options.gridLines = True   # the numbers are plain cells, without borders
        ws.print_title_cols = f"A:{get_column_letter(fixed)}"


# ---------------------------------------------------------------- 数据
def data_sheet(wb: Workbook, reports: list[dict], columns: list[str]) -> None:
    """The long form for programs: one row per filled cell, named by its canonical key and the
    report's 序号 in 报告一览. Three plain cells a row: at 100 000 rows each cell costs openpyxl
    about 8 µs, so 机关 and 年度 repeated on every row were a quarter of the summary's time."""
    ws = wb.create_sheet("数据")
    set_widths(ws, dict(enumerate(DATA_WIDTHS, start=1)))
    ws.freeze_panes = "A2"
    Stamp(ws).row(DATA_HEADER, ["head"] * len(DATA_HEADER))
    append, n = ws.append, 1
    for number, r in enumerate(reports, start=1):
        cells = r["cells"]
        for key in columns:
            v = cells.get(key)
            if v is not None:
                n += 1
                append([number, key, int(v) if isinstance(v, float) and v.is_integer() else v])
    ws.auto_filter.ref = f"A1:C{n}"


def text_cell(ws, value):
    """Text from a document as a plain string cell (never a formula, even when it starts with =)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws)
        set_value(cell, value)
        return cell
    return value
