"""Planning deletions safely, then carrying them out through a provider.

Deleting a manifest by digest removes every tag that points at it (OCI API). So tags are
grouped by digest: when every tag on a digest is meant to go, one digest delete does it;
otherwise only the named tags are removed with a tag-only delete, and `evict` refuses to
do even that without `--force`, naming the other tags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from cicache.manage.inventory import Inventory
from cicache.oci.providers import Provider

__all__ = ["Deletion", "Shared", "apply_deletions", "plan_deletions"]

Method = Literal["digest", "tag"]


@dataclass(frozen=True)
class Deletion:
    tags: tuple[str, ...]  # removed together
    digest: str
    method: Method  # "digest": one manifest delete; "tag": each tag on its own
    size: int


@dataclass(frozen=True)
class Shared:
    tag: str
    others: tuple[str, ...]  # tags not selected that share its manifest


def plan_deletions(
    inventory: Inventory, selected: Iterable[str]
) -> tuple[list[Deletion], list[Shared]]:
    """Group `selected` by digest; report selected tags whose manifest other tags share."""
    chosen = set(selected)
    by_tag = inventory.by_tag()
    deletions: list[Deletion] = []
    shared: list[Shared] = []
    for digest in sorted({by_tag[t].digest for t in chosen if t in by_tag}):
        on_digest = inventory.tags_on(digest)
        mine = tuple(t for t in on_digest if t in chosen)
        others = tuple(t for t in on_digest if t not in chosen)
        method: Method = "tag" if others else "digest"
        deletions.append(Deletion(mine, digest, method, by_tag[mine[0]].size))
        shared += [Shared(t, others) for t in mine if others]
    return deletions, shared


def apply_deletions(
    provider: Provider,
    repo: str,
    deletions: Iterable[Deletion],
    concurrency: int = 4,
    progress: Callable[[Deletion], None] | None = None,
) -> None:
    def run(d: Deletion) -> Deletion:
        if d.method == "digest":
            provider.delete_manifest(repo, d.digest, d.tags)
        else:
            for tag in d.tags:
                provider.delete_tag(repo, tag, d.digest)
        return d

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for done in pool.map(run, list(deletions)):
            if progress:
                progress(done)
