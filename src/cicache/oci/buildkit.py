"""What a tag holds: a BuildKit cache (either envelope), an image, or something else.

BuildKit writes its registry cache in two envelopes (reference buildkit-cache.md §2.1):
- image-manifest form: an image manifest whose `config.mediaType` is the cache config type
  and whose `layers[]` are the cache blobs;
- index form: an OCI index (or Docker manifest list) whose `manifests[]` are the layer blobs
  themselves plus one cache-config descriptor. Those children are blobs, never GET them as
  manifests (distribution answers 500).
Sizes are compressed descriptor sizes: per tag `len(manifest) + config + layers`; across tags
each blob counts once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from cicache.errors import RegistryError
from cicache.oci import mediatypes as mt
from cicache.oci.manifest import Descriptor, Manifest

__all__ = [
    "CONFIG_LIMIT",
    "CONFIG_WARN",
    "Kind",
    "TagSummary",
    "parse_time",
    "summarize",
]

Kind = Literal["buildkit-cache", "image", "other"]
CONFIG_LIMIT = 1 << 20  # BuildKit's importer refuses larger cache configs (import.go readBlob)
CONFIG_WARN = 900 * 1024
CREATED_KEYS = ("buildkit/createdat", "org.opencontainers.image.created")
ChildFetcher = Callable[[str], Manifest]


@dataclass(frozen=True)
class TagSummary:
    tag: str
    digest: str
    media_type: str
    kind: Kind
    size: int
    layers: int
    blobs: dict[str, int] = field(default_factory=dict)  # every blob referenced: digest -> size
    created: datetime | None = None  # newest creation time found in descriptors
    config: Descriptor | None = None
    form: str = ""  # "image-manifest" or "index" for BuildKit caches
    error: str | None = None

    @property
    def config_near_limit(self) -> bool:
        return (
            self.kind == "buildkit-cache"
            and self.config is not None
            and self.config.size >= CONFIG_WARN
        )


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _newest(descriptors: list[Descriptor], doc: dict[str, Any]) -> datetime | None:
    notes = doc.get("annotations") if isinstance(doc.get("annotations"), dict) else {}
    stamps = [parse_time(d.annotations.get(k)) for d in descriptors for k in CREATED_KEYS]
    stamps += [parse_time(str(notes.get(k, ""))) for k in CREATED_KEYS] if notes else []
    found = [s for s in stamps if s is not None]
    return max(found) if found else None


def _descriptors(doc: dict[str, Any], key: str) -> list[Descriptor]:
    items = doc.get(key)
    if not isinstance(items, list):
        raise ValueError(f"`{key}` is not a list")
    return [Descriptor.from_json(d) for d in items]


def _image_manifest(tag: str, m: Manifest, doc: dict[str, Any]) -> TagSummary:
    config = Descriptor.from_json(doc.get("config"))
    layers = _descriptors(doc, "layers")
    blobs = {d.digest: d.size for d in [config, *layers]}
    cache = config.media_type == mt.BUILDKIT_CACHE_CONFIG
    kind: Kind = (
        "buildkit-cache" if cache else "image" if config.media_type in mt.IMAGE_CONFIGS else "other"
    )
    size = m.size + config.size + sum(d.size for d in layers)
    return TagSummary(
        tag,
        m.digest,
        m.media_type,
        kind,
        size,
        len(layers),
        blobs,
        _newest(layers, doc),
        config,
        "image-manifest" if cache else "",
    )


def _cache_index(
    tag: str, m: Manifest, doc: dict[str, Any], entries: list[Descriptor]
) -> TagSummary:
    config = next(d for d in entries if d.media_type == mt.BUILDKIT_CACHE_CONFIG)
    layers = [d for d in entries if d is not config]
    size = m.size + sum(d.size for d in entries)
    blobs = {d.digest: d.size for d in entries}
    return TagSummary(
        tag,
        m.digest,
        m.media_type,
        "buildkit-cache",
        size,
        len(layers),
        blobs,
        _newest(layers, doc),
        config,
        "index",
    )


def _image_index(
    tag: str, m: Manifest, entries: list[Descriptor], fetch: ChildFetcher
) -> TagSummary:
    size, layers, blobs, kinds = m.size, 0, {}, set()
    for entry in entries:
        child = summarize(tag, fetch(entry.digest), fetch)
        if child.error:
            return TagSummary(tag, m.digest, m.media_type, "other", m.size, 0, error=child.error)
        size, layers = size + child.size, layers + child.layers
        blobs.update(child.blobs)
        kinds.add(child.kind)
    kind: Kind = "image" if kinds <= {"image"} and entries else "other"
    return TagSummary(tag, m.digest, m.media_type, kind, size, layers, blobs)


def summarize(tag: str, m: Manifest, fetch_child: ChildFetcher) -> TagSummary:
    """Classify and size one tag; a malformed manifest gives kind `other` with an `error`."""
    try:
        doc = m.json(tag)
        if m.media_type in mt.INDEX_TYPES or ("manifests" in doc and "config" not in doc):
            entries = _descriptors(doc, "manifests")
            if any(d.media_type == mt.BUILDKIT_CACHE_CONFIG for d in entries):
                return _cache_index(tag, m, doc, entries)
            return _image_index(tag, m, entries, fetch_child)
        return _image_manifest(tag, m, doc)
    except (ValueError, RegistryError) as exc:
        reason = exc.message if isinstance(exc, RegistryError) else f"malformed manifest: {exc}"
        return TagSummary(tag, m.digest, m.media_type, "other", m.size, 0, error=reason)
