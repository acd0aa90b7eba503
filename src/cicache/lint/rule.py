"""The rule seam: a rule is one module exposing `RULE`, listed once in `rules.REGISTRY`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cicache.lint.finding import Severity

if TYPE_CHECKING:
    from cicache.lint.project import Project

__all__ = ["Hit", "Rule"]


@dataclass(frozen=True)
class Hit:
    """Where a rule fired and why; the engine adds code, name and severity."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Rule:
    code: str  # stable: CC1xx registry caches, CC2xx refresh arg, CC3xx native, CC4xx Dockerfile
    name: str  # kebab-case, stable
    severity: Severity
    summary: str  # one line
    rationale: str  # why it matters (docs)
    bad: str  # an example that fires (docs)
    good: str  # the fixed example (docs)
    check: Callable[[Project], Iterable[Hit]]
