"""An inventory of a cache repository: every tag fetched concurrently and summarised.

One manifest GET per tag over a bounded thread pool (reference oci-registries.md §5.3: a
synchronous client with 16-32 threads is as fast as async at these sizes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cicache.errors import RegistryError
from cicache.oci.buildkit import TagSummary, summarize
from cicache.oci.client import RegistryClient
from cicache.oci.reference import RepoRef

__all__ = ["DEFAULT_CONCURRENCY", "Inventory", "Progress", "take_inventory"]

DEFAULT_CONCURRENCY = 16
Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Inventory:
    repo: RepoRef
    tags: tuple[TagSummary, ...]  # sorted by tag; tags that vanished meanwhile are left out

    @property
    def total_size(self) -> int:
        """Sum of per-tag sizes (what a tag-by-tag tool would report)."""
        return sum(t.size for t in self.tags)

    @property
    def dedup_size(self) -> int:
        """Blob bytes with each blob counted once across all tags (the storage they share)."""
        blobs: dict[str, int] = {}
        for t in self.tags:
            blobs.update(t.blobs)
        return sum(blobs.values())

    def by_tag(self) -> dict[str, TagSummary]:
        return {t.tag: t for t in self.tags}

    def tags_on(self, digest: str) -> list[str]:
        return sorted(t.tag for t in self.tags if t.digest == digest)


def _summarize_one(
    client: RegistryClient, repo: str, tag: str, tolerant: bool
) -> TagSummary | None:
    try:
        manifest = client.find_manifest(repo, tag)
    except RegistryError as exc:
        if not tolerant:
            raise
        return TagSummary(tag, "", "", "other", 0, 0, error=exc.message)
    if manifest is None:
        return None  # deleted between listing and fetching
    return summarize(tag, manifest, lambda d: client.get_manifest(repo, d))


def take_inventory(
    client: RegistryClient,
    repo: RepoRef,
    tags: Iterable[str] | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
    tolerant: bool = False,
) -> Inventory:
    """Summarise every tag. `tolerant`: a tag whose manifest cannot be fetched becomes an
    `other` row with an `error` instead of failing the whole inventory (for `status`; deletion
    must never act on a tag it could not read)."""
    names = sorted(set(tags) if tags is not None else client.list_tags(repo.repo))
    found: list[TagSummary] = []
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [pool.submit(_summarize_one, client, repo.repo, name, tolerant) for name in names]
        for done, future in enumerate(futures, 1):
            summary = future.result()
            if summary is not None:
                found.append(summary)
            if progress:
                progress(done, len(names))
    return Inventory(repo, tuple(found))
