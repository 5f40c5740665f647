"""跨年核对: the same body's consecutive years, last year's 结转下年度 against this year's 上年结转."""
from __future__ import annotations

import re
from itertools import product

from .. import schema


def agency_key(name: str) -> str:
    """肖寨门镇人民政府, 肖寨门镇政府 and 肖寨门镇 are one body."""
    name = re.sub(r"\s+", "", name or "")
    name = name.replace("人民政府", "").replace("政府", "")
    return re.sub(r"办事处$", "", name)


def cross_year(reports: list[dict]) -> list[dict]:
    """For each body with consecutive years: last year's 结转下年度 vs this year's 上年结转."""
    by_key: dict[tuple, list[dict]] = {}
    for r in reports:
        key = agency_key(r["meta"].get("agency", ""))
        if key and r["meta"].get("year"):
            by_key.setdefault((key, r["meta"]["year"]), []).append(r)
    out = []
    for (key, year), this_year in sorted(by_key.items()):
        for prev, cur in product(by_key.get((key, year - 1), []), this_year):
            out += [_compare(prev, cur, col) for col in schema.REQUEST_COLUMNS]
    return out


def _compare(prev: dict, cur: dict, col: schema.Column) -> dict:
    before = prev["cells"].get(f"requests.carry_forward.{col.key}")
    now = cur["cells"].get(f"requests.carried_over.{col.key}")
    same = (before or 0) == (now or 0)   # a blank counts as 0, as in the checks
    return {"agency": cur["meta"]["agency"], "prev_year": prev["meta"]["year"],
            "year": cur["meta"]["year"], "column": col.label, "carry_forward": before,
            "carried_over": now, "same": same, "prev_path": prev["path"], "path": cur["path"]}
