"""The BuildKit cache config blob (`application/vnd.buildkit.cacheconfig.v0`).

Shape from moby/buildkit `cache/remotecache/v1/types/spec.go` (reference buildkit-cache.md
§2.2). `parent` is `omitempty` in Go, so an ABSENT parent means layer 0, not "no parent";
-1 means none. `createdAt` may also be spelled `createdat` (Go decodes case-insensitively).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cicache.errors import RegistryError
from cicache.oci.buildkit import parse_time

__all__ = ["CacheConfig", "CacheLayer", "CacheRecord", "parse_cache_config"]


@dataclass(frozen=True)
class CacheLayer:
    blob: str
    parent: int  # index into layers, -1 = none


@dataclass(frozen=True)
class CacheRecord:
    digest: str
    layers: tuple[int, ...]  # result layer indexes
    created: datetime | None
    inputs: int  # number of inputs (edges to other records)


@dataclass(frozen=True)
class CacheConfig:
    layers: tuple[CacheLayer, ...]
    records: tuple[CacheRecord, ...]

    @property
    def newest(self) -> datetime | None:
        stamps = [r.created for r in self.records if r.created]
        return max(stamps) if stamps else None


def _created(item: dict[str, Any]) -> datetime | None:
    return parse_time(item.get("createdAt") or item.get("createdat"))


def _record(doc: Any) -> CacheRecord:
    if not isinstance(doc, dict):
        raise ValueError("record is not an object")
    results = [r for r in doc.get("layers") or [] if isinstance(r, dict)]
    chains = [c for c in doc.get("chains") or [] if isinstance(c, dict)]
    indexes = [int(r.get("layer", 0)) for r in results]
    indexes += [int(i) for c in chains for i in c.get("layers") or []]
    stamps = [s for s in (_created(r) for r in [*results, *chains]) if s]
    return CacheRecord(
        str(doc.get("digest", "")),
        tuple(indexes),
        max(stamps) if stamps else None,
        len(doc.get("inputs") or []),
    )


def parse_cache_config(raw: bytes, where: str) -> CacheConfig:
    try:
        doc = json.loads(raw)
        if not isinstance(doc, dict):
            raise ValueError("not an object")
        layers = tuple(
            CacheLayer(str(item["blob"]), int(item.get("parent", 0)))
            for item in doc.get("layers") or []
        )
        records = tuple(_record(r) for r in doc.get("records") or [])
    except (ValueError, KeyError, TypeError) as exc:
        raise RegistryError(f"malformed BuildKit cache config at {where}: {exc}") from None
    return CacheConfig(layers, records)
