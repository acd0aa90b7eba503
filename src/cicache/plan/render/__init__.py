"""Plan renderers: pure functions Plan -> text, listed in `RENDERERS`."""

from __future__ import annotations

from collections.abc import Callable

from cicache.plan.model import Plan
from cicache.plan.render import bake, buildx, github, json_, table

__all__ = ["RENDERERS"]

RENDERERS: dict[str, Callable[[Plan], str]] = {
    "table": table.render,
    "json": json_.render,
    "github": github.render,
    "buildx": buildx.render,
    "bake": bake.render,
}
