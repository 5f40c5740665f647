"""Last year's report of the same 机关 beside a file, and its 跨年核对 with this year's as findings."""
from __future__ import annotations

import os
from typing import NamedTuple, Optional

from . import schema
from .checks.cross_year import _compare, agency_key
from .checks.messages import render
from .errors import NianbaoError
from .model import Finding, Report
from .readers import OPENABLE
from .reopen import replay_beside

MAX_CANDIDATES = 8   # files named with last year's number that are read to find the one
MSG_CORRECTED = "，已套用其修改记录中的 {n} 格修改"


class LastYear(NamedTuple):
    """Last year's report as compared: where it is, its cells with the corrections saved beside
    it (报告名.nianbao.json) applied, and how many cells those changed."""

    path: str
    report: Report
    corrected: int = 0


def read_last_year(path: str) -> LastYear:
    """Read last year's report (chosen by hand) and apply its saved corrections."""
    from .pipeline import open_report   # the readers: only when last year is read
    _doc, report = open_report(path, with_checks=False)
    return LastYear(path, report, replay_beside(path, report)[0])


def candidates(path: str, year: int) -> list[str]:
    """Files beside `path` whose name holds last year (大岚镇-2020.pdf beside 大岚镇-2021.pdf)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    mine = os.path.basename(path)
    found = [os.path.join(folder, n) for n in names
             if n != mine and str(year - 1) in n and n.lower().endswith(OPENABLE)]
    return found[:MAX_CANDIDATES]


def last_year_beside(path: str, report: Report) -> Optional[LastYear]:
    """The same body's previous year found beside `path` (its saved corrections applied), or None."""
    body = agency_key(report.agency or "")
    if not body or not report.year:
        return None
    from .pipeline import open_report   # the readers: only when there is a neighbour to read
    for candidate in candidates(path, report.year):
        try:
            _doc, prev = open_report(candidate, with_checks=False)
        except NianbaoError:
            continue
        if prev.year == report.year - 1 and agency_key(prev.agency or "") == body:
            return LastYear(candidate, prev, replay_beside(candidate, prev)[0])
    return None


def carry_over_findings(prev_path: str, prev: Report, report: Report, corrected: int = 0) -> list[Finding]:
    """Last year's 结转下年度继续办理 against this year's 上年结转, column by column (blank = 0);
    `corrected`: cells of last year's report changed by its saved corrections (said in the text)."""
    def as_item(path: str, r: Report) -> dict:
        return {"path": path, "meta": {"agency": r.agency, "year": r.year}, "cells": r.cells}
    before, now = as_item(prev_path, prev), as_item(report.source, report)
    out = []
    for col in schema.REQUEST_COLUMNS:
        c = _compare(before, now, col)
        if c["same"]:
            continue
        f = Finding(code="cross_year.carry", severity="warning",
                    cells=(f"requests.carried_over.{col.key}",),
                    params={"prev_year": prev.year, "prev_name": os.path.basename(prev_path),
                            "prev_note": MSG_CORRECTED.format(n=corrected) if corrected else "",
                            "column": col.label, "before": c["carry_forward"], "now": c["carried_over"]})
        f.message = render(f)
        out.append(f)
    return out
