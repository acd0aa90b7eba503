"""The plan: pure data computed from config x context x entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicache.ci.context import Context
from cicache.plan.policy import Access

if TYPE_CHECKING:  # imported when used, so `cicache plan` does not load the builders
    from cicache.builders.spec import BuildSpec

__all__ = ["EntryPlan", "Plan"]


@dataclass(frozen=True)
class EntryPlan:
    target: str
    name: str
    fields: Mapping[str, str]
    origin: str
    cache_ref: str  # where this entry's cache lives (written when `cache_to` is set)
    cache_from: tuple[str, ...]  # buildx values: `type=registry,ref=...`
    cache_to: str | None
    cache_to_reason: str
    build_args: Mapping[str, str]
    platforms: tuple[str, ...]
    dockerfile: str
    context: str
    image: str = ""
    refresh: bool = False
    native_restore: tuple[str, ...] = ()  # configured native caches whose `when` fits the entry
    native_save: tuple[str, ...] = ()  # the same, where this context may write

    @property
    def selector(self) -> str:
        return f"{self.target}:{self.name}"

    def build_spec(self, root: Path | None = None, *, push: bool = False) -> BuildSpec:
        """What a builder is asked to build for this entry (paths relative to `root`)."""
        from cicache.builders.spec import BuildSpec

        return BuildSpec(
            dockerfile=self.dockerfile,
            context=self.context,
            build_args=dict(self.build_args),
            platforms=self.platforms,
            cache_from=self.cache_from,
            cache_to=self.cache_to,
            image=self.image,
            push=push,
            cwd=root or Path.cwd(),
            label=self.selector,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "entry": self.selector,
            "target": self.target,
            "name": self.name,
            "cache_ref": self.cache_ref,
            "cache_from": list(self.cache_from),
            "cache_to": self.cache_to,
            "cache_to_reason": self.cache_to_reason,
            "build_args": dict(self.build_args),
            "platforms": list(self.platforms),
            "dockerfile": self.dockerfile,
            "context": self.context,
            "image": self.image or None,
            "native_restore": list(self.native_restore),
            "native_save": list(self.native_save),
            "fields": dict(self.fields),
        }


@dataclass(frozen=True)
class Plan:
    context: Context
    access: Access
    refresh_arg: str
    refresh_value: str
    entries: tuple[EntryPlan, ...] = field(default=())
