"""Last year's report of the same 机关 beside a file, and its 跨年核对 with this year's as findings."""
from __future__ import annotations

import os
from typing import Optional

from . import schema
from .checks.cross_year import _compare, agency_key
from .checks.messages import render
from .errors import NianbaoError
from .model import Finding, Report
from .readers import OPENABLE

MAX_CANDIDATES = 8   # files named with last year's number that are read to find the one


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


def last_year_beside(path: str, report: Report) -> Optional[tuple[str, Report]]:
    """(path, report) of the same body's previous year found beside `path`, or None."""
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
            return candidate, prev
    return None


def carry_over_findings(prev_path: str, prev: Report, report: Report) -> list[Finding]:
    """Last year's 结转下年度继续办理 against this year's 上年结转, column by column (blank = 0)."""
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
                            "column": col.label, "before": c["carry_forward"], "now": c["carried_over"]})
        f.message = render(f)
        out.append(f)
    return out
