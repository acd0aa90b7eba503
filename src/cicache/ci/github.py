"""GitHub Actions: environment variables plus the event payload at `$GITHUB_EVENT_PATH`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cicache.ci.context import Context, normalise_arch

__all__ = ["detect", "matches"]


def matches(env: Mapping[str, str]) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def _payload(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a missing or broken payload only costs the fields it would have given
    return data if isinstance(data, dict) else {}


def _get(data: Mapping[str, Any], *keys: str) -> str:
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return "" if node is None else str(node)


def detect(env: Mapping[str, str]) -> Context:
    payload = _payload(env)
    event = env.get("GITHUB_EVENT_NAME", "")
    pr_number = _get(payload, "pull_request", "number") or _get(payload, "number")
    return Context(
        provider="github",
        event=event,
        ref=env.get("GITHUB_REF", ""),
        default_branch=_get(payload, "repository", "default_branch"),
        base_ref=env.get("GITHUB_BASE_REF") or _get(payload, "pull_request", "base", "ref"),
        pr_number=pr_number if event.startswith("pull_request") else "",
        run_id=env.get("GITHUB_RUN_ID", ""),
        sha=env.get("GITHUB_SHA", ""),
        repository=env.get("GITHUB_REPOSITORY", ""),
        os=env.get("RUNNER_OS", Context.os).lower(),
        arch=normalise_arch(env.get("RUNNER_ARCH", Context.arch)),
    )
