"""`inspect REF`: the manifest, layers and records of one cache tag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cicache.errors import RegistryError
from cicache.oci.buildkit import CONFIG_WARN, TagSummary, summarize
from cicache.oci.cacheconfig import CacheConfig, parse_cache_config
from cicache.oci.client import RegistryClient
from cicache.oci.manifest import Descriptor
from cicache.oci.reference import ImageRef

__all__ = ["Inspection", "inspect_ref"]

MAX_CONFIG = 64 * 1024 * 1024  # read larger configs than BuildKit would, to report them


@dataclass(frozen=True)
class Inspection:
    ref: ImageRef
    summary: TagSummary
    document: dict[str, Any]
    layers: tuple[Descriptor, ...]
    cache: CacheConfig | None

    @property
    def warnings(self) -> list[str]:
        c = self.summary.config
        if self.summary.kind == "buildkit-cache" and c and c.size >= CONFIG_WARN:
            return [f"cache config is {c.size} bytes: BuildKit cannot import configs over 1 MiB"]
        return []


def _layers(summary: TagSummary, doc: dict[str, Any]) -> tuple[Descriptor, ...]:
    key = "layers" if "layers" in doc else "manifests"
    found = (Descriptor.from_json(d) for d in doc.get(key) or [])
    return tuple(d for d in found if summary.config is None or d.digest != summary.config.digest)


def inspect_ref(client: RegistryClient, ref: ImageRef) -> Inspection:
    repo = ref.repo_ref.repo
    manifest = client.get_manifest(repo, ref.reference)
    summary = summarize(ref.reference, manifest, lambda d: client.get_manifest(repo, d))
    if summary.error:
        raise RegistryError(f"{ref}: {summary.error}")
    doc = manifest.json(str(ref))
    cache = None
    if summary.kind == "buildkit-cache" and summary.config is not None:
        raw = client.get_blob(repo, summary.config.digest, max_size=MAX_CONFIG)
        cache = parse_cache_config(raw, str(ref))
    return Inspection(ref, summary, doc, _layers(summary, doc), cache)
