"""A native cache as the use cases see it: from `[native.NAME]` config or from flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from cicache.config.fields import fields_match
from cicache.config.model import NativeOptions

__all__ = ["CacheSpec", "applies", "from_options", "rolling_key"]


@dataclass(frozen=True)
class CacheSpec:
    name: str
    paths: tuple[str, ...]
    key: str
    restore_keys: tuple[str, ...] = ()
    update: Literal["immutable", "rolling"] = "immutable"
    when: Mapping[str, str] = field(default_factory=dict)


def from_options(name: str, options: NativeOptions) -> CacheSpec:
    return CacheSpec(
        name, options.paths, options.key, options.restore_keys, options.update, options.when
    )


def applies(spec: CacheSpec, fields: Mapping[str, str]) -> bool:
    """`when = { lang = "python" }`: every listed entry field must match its glob."""
    return fields_match(fields, spec.when)


def rolling_key(key: str, run_id: str, now: datetime) -> str:
    """`rolling` caches save a fresh entry each run, `KEY-<run>`; restores take the newest."""
    return f"{key}-{run_id or now.strftime('%Y%m%dT%H%M%S%f')}"
