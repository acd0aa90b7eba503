"""CC107 cache-read-never-written: a `cache-from` ref no build ever writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project

_UNKNOWN = re.compile(r"\$\{\{.*?\}\}")


def _pattern(ref: str) -> re.Pattern[str]:
    """A written ref with run-time parts (`${{ github.ref_name }}`) matches any text there."""
    parts = _UNKNOWN.split(ref)
    return re.compile(".+".join(re.escape(p) for p in parts) + r"\Z")


def check(project: Project) -> Iterator[Hit]:
    live = [b for b in project.builds if b.runs is not False]
    if any(b.cache_to_opaque for b in live) and not project.planned:
        return  # a write computed at run time could be any ref
    written = {s.ref for b in live for s in b.cache_to if s.ref}
    written |= {entry.ref for entry in project.planned}
    patterns = [_pattern(ref) for ref in written]
    for build in project.builds:
        if build.runs is False:
            continue
        for spec in build.cache_from:
            ref = spec.ref
            if spec.type != "registry" or not ref or "${{" in ref or ref in written:
                continue
            if not any(p.match(ref) for p in patterns):
                yield Hit(
                    build.where(spec),
                    spec.line,
                    spec.column,
                    f"`cache-from` reads `{ref}`, which no build writes: this read can never hit",
                )


RULE = Rule(
    code="CC107",
    name="cache-read-never-written",
    severity="warning",
    summary="A build reads a registry cache ref that no build in the repository writes.",
    rationale=(
        "A `cache-from` whose ref is never exported costs a registry round trip and never "
        "hits, usually after a tag template changed on one side only."
    ),
    bad="""\
          cache-from: type=registry,ref=ghcr.io/org/cache:cache-localai-cpu
          cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,mode=max,ignore-error=true
""",
    good="""\
          cache-from: type=registry,ref=ghcr.io/org/cache:cache-cpu
          cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,mode=max,ignore-error=true
""",
    check=check,
)
