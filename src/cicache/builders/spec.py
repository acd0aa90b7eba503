"""What a builder is asked to build, and what it reports back. Plain data, no I/O.

`BuildSpec` is builder-neutral: the build use case fills it from a planned entry, so this
layer never imports the planner. Cache flags keep the planner's buildx spelling
(`type=registry,ref=...,mode=max`); drivers that speak another dialect translate them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["BuildOutcome", "BuildSpec", "ExportOutcome", "Step", "cache_attrs"]

ExportStatus = Literal["written", "failed", "not-requested", "nothing-to-export"]


@dataclass(frozen=True)
class BuildSpec:
    dockerfile: str
    context: str
    build_args: Mapping[str, str] = field(default_factory=dict)
    platforms: tuple[str, ...] = ()
    cache_from: tuple[str, ...] = ()  # buildx values: `type=registry,ref=...`
    cache_to: str | None = None
    image: str = ""
    push: bool = False
    cwd: Path = field(default_factory=Path.cwd)  # dockerfile and context are relative to it
    label: str = "build"  # the entry (`target:name`): names per-entry files such as metadata

    @property
    def ignore_error(self) -> bool:
        attrs = cache_attrs(self.cache_to) if self.cache_to else {}
        return attrs.get("ignore-error") == "true"


@dataclass(frozen=True)
class Step:
    """One build step (a Dockerfile instruction, or a BuildKit vertex)."""

    name: str
    cached: bool
    seconds: float = 0.0
    instruction: bool = True  # a Dockerfile instruction (counts towards the hit ratio)
    error: str = ""


@dataclass(frozen=True)
class ExportOutcome:
    status: ExportStatus
    detail: str = ""  # the cause of a failure, or where the cache went

    @property
    def wrote(self) -> bool:
        return self.status == "written"


@dataclass(frozen=True)
class BuildOutcome:
    steps: tuple[Step, ...]
    export: ExportOutcome
    seconds: float
    digest: str = ""
    warnings: tuple[str, ...] = ()
    imports_failed: tuple[str, ...] = ()  # `ref: cause` per cache import that failed

    @property
    def instructions(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.instruction)


def cache_attrs(value: str) -> dict[str, str]:
    """`type=registry,ref=r:t,mode=max` -> {"type": "registry", "ref": "r:t", "mode": "max"}.

    A value without `=` is buildx's ref-only form (`user/app:cache`), i.e. a registry ref.
    """
    if "=" not in value:
        return {"type": "registry", "ref": value}
    out: dict[str, str] = {}
    for part in value.split(","):
        key, _, val = part.partition("=")
        out[key.strip().lower()] = val.strip()
    return out
