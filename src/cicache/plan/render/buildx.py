"""`--format buildx`: one line per entry, its selector then the exact `docker buildx build` args.

    backend:cache-cpu-amd64 --file backend/Dockerfile.python --platform linux/amd64 \
        --build-arg DEPS_REFRESH=2026-W49 --cache-from type=registry,ref=... \
        --cache-to type=registry,ref=...,mode=max,ignore-error=true .

Arguments are shell-quoted, so `eval "docker buildx build ${line#* }"` runs it as planned.
"""

from __future__ import annotations

import shlex

from cicache.builders.buildx import plan_args
from cicache.plan.model import EntryPlan, Plan

__all__ = ["args", "render"]


def args(entry: EntryPlan) -> list[str]:
    """The buildx arguments of one entry, context last (what `cicache build` runs)."""
    return plan_args(entry.build_spec())


def render(plan: Plan) -> str:
    return "\n".join(f"{e.selector} {shlex.join(args(e))}" for e in plan.entries)
