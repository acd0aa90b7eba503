"""Renderers: findings -> text for a terminal, JSON, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from cicache.lint.engine import CheckResult
from cicache.lint.render import github, json_, sarif, text

__all__ = ["FORMATS", "Format", "render"]

Format = Literal["text", "json", "sarif", "github"]

FORMATS: dict[str, Callable[[CheckResult], str]] = {
    "text": text.render,
    "json": json_.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(result: CheckResult, fmt: str) -> str:
    return FORMATS[fmt](result)
