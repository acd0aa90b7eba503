"""`--format github`: workflow commands that GitHub turns into annotations on the diff."""

from __future__ import annotations

from cicache.lint.engine import CheckResult

__all__ = ["render"]

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult) -> str:
    return "\n".join(
        f"::{_LEVEL[f.severity]} file={_prop(f.path)},line={f.line},col={f.column},"
        f"title={_prop(f'{f.code} {f.name}')}::{_data(f.message)}"
        for f in result.findings
    )
