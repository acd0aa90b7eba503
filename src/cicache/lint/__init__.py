"""`cicache check`: parsers that keep positions, the caching rules, an engine and renderers.

Rules are pure: they read a parsed `Project` and return `Finding`s. Only the CLI prints.
"""

from __future__ import annotations

from cicache.lint.engine import CheckResult, check
from cicache.lint.finding import Finding, Severity

__all__ = ["CheckResult", "Finding", "Severity", "check"]
