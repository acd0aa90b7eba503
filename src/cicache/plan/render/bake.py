"""`--format bake`: a `docker-bake.json` with one target per entry and a `default` group."""

from __future__ import annotations

import json
import re
from typing import Any

from cicache.plan.model import EntryPlan, Plan

__all__ = ["bake_name", "render"]


def bake_name(entry: EntryPlan) -> str:
    """Bake target names allow only [A-Za-z0-9_-]."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"{entry.target}_{entry.name}")


def _target(entry: EntryPlan) -> dict[str, Any]:
    target: dict[str, Any] = {"context": entry.context, "dockerfile": entry.dockerfile}
    if entry.platforms:
        target["platforms"] = list(entry.platforms)
    if entry.build_args:
        target["args"] = dict(entry.build_args)
    target["cache-from"] = list(entry.cache_from)
    target["cache-to"] = [entry.cache_to] if entry.cache_to else []
    if entry.image:
        target["tags"] = [entry.image]
    return target


def render(plan: Plan) -> str:
    targets = {bake_name(e): _target(e) for e in plan.entries}
    document = {"group": {"default": {"targets": list(targets)}}, "target": targets}
    return json.dumps(document, indent=2, ensure_ascii=False)
