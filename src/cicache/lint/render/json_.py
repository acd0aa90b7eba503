"""`--format json`: a list of findings (the interface other tools rely on)."""

from __future__ import annotations

import json

from cicache.lint.engine import CheckResult

__all__ = ["render"]


def render(result: CheckResult) -> str:
    return json.dumps([f.as_dict() for f in result.findings], indent=2)
