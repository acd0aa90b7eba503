"""`--format json`: a list, one object per entry (keys in a fixed order)."""

from __future__ import annotations

import json

from cicache.plan.model import Plan

__all__ = ["render"]


def render(plan: Plan) -> str:
    return json.dumps([e.as_dict() for e in plan.entries], indent=2, ensure_ascii=False)
