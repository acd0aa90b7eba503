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


def _unique(name: str, taken: dict[str, Any]) -> str:
    """Different entries can sanitise to one name (`a.b` and `a b`): number the later ones."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def render(plan: Plan) -> str:
    targets: dict[str, Any] = {}
    for entry in plan.entries:
        targets[_unique(bake_name(entry), targets)] = _target(entry)
    document = {"group": {"default": {"targets": list(targets)}}, "target": targets}
    return json.dumps(document, indent=2, ensure_ascii=False)
