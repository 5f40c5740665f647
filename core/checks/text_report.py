"""Findings as readable Chinese lines and an exit status, for `python -m core check FILE`."""
from __future__ import annotations

from typing import Iterable

from .. import schema
from ..model import Severity
from ..names import shown_name
from .messages import render, render_hint


def format_findings(findings: Iterable) -> list[str]:
    """Readable lines, errors first; a hint shared by several findings is printed once, last."""
    findings = sorted(findings, key=lambda f: f.severity is not Severity.ERROR)
    lines, hints = [], []
    for f in findings:
        label = f.severity.label
        lines.append(f"{label} [{f.code}] {f.message or render(f)}")
        if f.hint and f.hint not in hints:
            hints.append(f.hint)
    lines += [f"建议：{render_hint(h)}" for h in hints]
    lines.append(summary(findings))
    return lines


LAYOUT_SHORT = {"2019": "2019 版格式", "2021": "2021 版格式"}
MISSING = "未找到{tables}"


def heading(report) -> str:
    """The line above the findings: which file, body, year and layout they are about."""
    name = shown_name(report.source) if report.source else ""
    year = f"{report.year} 年度" if report.year else "年度不详"
    parts = [f"{name}：{report.agency or '机关不详'}", year, LAYOUT_SHORT.get(report.layout, report.layout)]
    if report.missing_tables:
        parts.append(MISSING.format(tables="、".join(schema.TABLE_SHORT.get(t, t)
                                                    for t in report.missing_tables)))
    return "，".join(parts)


def summary(findings: Iterable) -> str:
    findings = list(findings)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    if not findings:
        return "未发现问题。"
    return f"共 {errors} 个错误、{warnings} 个警告。"


def exit_code(findings: Iterable) -> int:
    """1 when an error remains (warnings alone do not fail the check), else 0."""
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0
