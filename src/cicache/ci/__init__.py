"""CI context detection: which provider, which event, which refs.

Providers are tried in the order of `PROVIDERS`; the generic one always matches. Every field
can then be overridden by command-line flags (`Context.with_overrides`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from cicache.ci import generic, github, gitlab
from cicache.ci.context import PULL_REQUEST_EVENTS, Context, normalise_ref

__all__ = ["PROVIDERS", "PULL_REQUEST_EVENTS", "Context", "detect_context", "normalise_ref"]

PROVIDERS: dict[
    str, tuple[Callable[[Mapping[str, str]], bool], Callable[[Mapping[str, str]], Context]]
] = {
    "github": (github.matches, github.detect),
    "gitlab": (gitlab.matches, gitlab.detect),
}


def detect_context(
    env: Mapping[str, str] | None = None,
    /,
    *,
    cwd: Path | None = None,
    fallback_default_branch: str = "",
    **overrides: str | None,
) -> Context:
    """Detect the context from `env` (default: os.environ), then apply flag overrides.

    `fallback_default_branch` is the configured fallback used when neither the provider nor a flag
    tells the default branch; without it, `main`.
    """
    env = os.environ if env is None else env
    for matches, detect in PROVIDERS.values():
        if matches(env):
            context = detect(env)
            break
    else:
        context = generic.detect(env, cwd)
    context = context.with_overrides(**overrides)
    if not context.default_branch:
        context = context.with_overrides(default_branch=fallback_default_branch or "main")
    return context
