"""Findings as readable Chinese lines and an exit status, for `python -m core check FILE`."""
from __future__ import annotations

from typing import Iterable

from .messages import SEVERITY_LABEL, render, render_hint


def format_findings(findings: Iterable) -> list[str]:
    """Readable lines, errors first; a hint shared by several findings is printed once, last."""
    findings = sorted(findings, key=lambda f: f.severity != "error")
    lines, hints = [], []
    for f in findings:
        label = SEVERITY_LABEL.get(f.severity, f.severity)
        lines.append(f"{label} [{f.code}] {f.message or render(f)}")
        if f.hint and f.hint not in hints:
            hints.append(f.hint)
    lines += [f"建议：{render_hint(h)}" for h in hints]
    lines.append(summary(findings))
    return lines


def summary(findings: Iterable) -> str:
    findings = list(findings)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    if not findings:
        return "未发现问题。"
    return f"共 {errors} 个错误、{warnings} 个警告。"


def exit_code(findings: Iterable) -> int:
    """1 when an error remains (warnings alone do not fail the check), else 0."""
    return 1 if any(f.severity == "error" for f in findings) else 0
