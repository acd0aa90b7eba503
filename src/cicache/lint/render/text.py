"""Compiler-style text: `path:line:col: error[CC101 cache-write-on-pr]: ...`, source, caret."""

from __future__ import annotations

from cicache.lint.engine import CheckResult
from cicache.lint.finding import Finding

__all__ = ["render"]


def _snippet(finding: Finding, lines: tuple[str, ...]) -> list[str]:
    if not 1 <= finding.line <= len(lines):
        return []
    number = str(finding.line)
    pad = " " * len(number)
    source = lines[finding.line - 1].expandtabs(1)
    caret = " " * (finding.column - 1) + "^"
    return [f" {number} | {source}", f" {pad} | {caret}"]


def render(result: CheckResult) -> str:
    out: list[str] = []
    for f in result.findings:
        out.append(f"{f.path}:{f.line}:{f.column}: {f.severity}[{f.code} {f.name}]: {f.message}")
        out.extend(_snippet(f, result.sources.get(f.path, ())))
    return "\n".join(out)
