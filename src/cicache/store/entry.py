"""What a store keeps about one native cache entry, and how it is serialised."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from cicache.errors import StoreError

__all__ = ["FORMAT", "Entry", "Part", "Writer", "entry_id", "version_of"]

FORMAT = "cicache-tar-zstd/1"


@dataclass(frozen=True)
class Writer:
    """Who wrote an entry: restore filters on `event` (untrusted triggers are ignored)."""

    event: str = ""
    ref: str = ""
    sha: str = ""
    run_id: str = ""
    provider: str = ""


@dataclass(frozen=True)
class Part:
    digest: str  # "sha256:<hex>" of the part's bytes (a slice of the tar.zst stream)
    size: int


@dataclass(frozen=True)
class Entry:
    key: str
    version: str  # hash of the path lines: entries of other path sets never match
    cache: str  # the native cache name ("" for ad-hoc saves)
    roots: tuple[str, ...]  # archive member `N/...` is restored under roots[N]
    parts: tuple[Part, ...]
    writer: Writer = field(default_factory=Writer)
    created: str = ""  # ISO 8601 UTC; newest wins among prefix matches
    files: int = 0
    raw_size: int = 0  # bytes before compression

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> Entry:
        try:
            raw: dict[str, Any] = json.loads(text)
            parts = tuple(Part(str(p["digest"]), int(p["size"])) for p in raw.pop("parts"))
            writer = Writer(**raw.pop("writer", {}))
            roots = tuple(str(r) for r in raw.pop("roots"))
            return cls(parts=parts, writer=writer, roots=roots, **raw)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"unreadable cache entry metadata: {exc}") from exc


def version_of(paths: tuple[str, ...] | list[str]) -> str:
    """Like actions/cache's version: the path lines as written plus the format."""
    return hashlib.sha256("|".join([*paths, FORMAT]).encode()).hexdigest()


def entry_id(key: str, version: str) -> str:
    return hashlib.sha256(f"{version}\n{key}".encode()).hexdigest()[:40]
