"""`evict`: delete named cache tags, never silently taking other tags with them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cicache.errors import RegistryError, UsageError
from cicache.manage.deletion import Deletion, apply_deletions, plan_deletions
from cicache.manage.inventory import Inventory, Progress, take_inventory
from cicache.manage.selection import matches_any
from cicache.manage.session import RepoSession

__all__ = ["EvictResult", "evict", "resolve_selectors"]

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class EvictResult:
    repository: str
    deletions: tuple[Deletion, ...]
    dry_run: bool

    @property
    def tags(self) -> list[str]:
        return sorted(t for d in self.deletions for t in d.tags)


def resolve_selectors(
    inventory: Inventory, selectors: Sequence[str], missing_ok: bool = False
) -> list[str]:
    """Exact tags must exist (unless `missing_ok`); globs must match at least one tag."""
    present = inventory.by_tag()
    chosen: list[str] = []
    for sel in selectors:
        if _GLOB_CHARS & set(sel):
            hits = [t for t in present if matches_any(t, [sel])]
            if not hits:
                raise UsageError(f"no tag in {inventory.repo} matches `{sel}`")
            chosen += hits
        elif sel in present:
            chosen.append(sel)
        elif not missing_ok:
            raise RegistryError(f"tag `{sel}` not found in {inventory.repo}")
    return sorted(set(chosen))


def _refuse_shared(plan: list[Deletion], inventory: Inventory) -> None:
    shared = [d for d in plan if d.method == "tag"]
    if not shared:
        return
    d = shared[0]
    others = [t for t in inventory.tags_on(d.digest) if t not in d.tags]
    names = ", ".join(f"`{t}`" for t in others)
    raise UsageError(
        f"`{d.tags[0]}` shares its manifest with {names}:"
        " deleting the manifest would delete them too",
        hint="name those tags as well (with `--registry REPO` for tags no configured entry"
        " writes), or pass --force to remove only the named tags",
    )


def evict(
    session: RepoSession,
    selectors: Sequence[str],
    *,
    force: bool = False,
    dry_run: bool = False,
    missing_ok: bool = False,
    progress: Progress | None = None,
    on_delete: Callable[[Deletion], None] | None = None,
) -> EvictResult:
    inventory = take_inventory(
        session.client, session.repo, concurrency=session.concurrency, progress=progress
    )
    plan, _ = plan_deletions(inventory, resolve_selectors(inventory, selectors, missing_ok))
    if not force:
        _refuse_shared(plan, inventory)
    if not dry_run:
        apply_deletions(session.provider, session.repo.repo, plan, progress=on_delete)
    return EvictResult(str(session.repo), tuple(plan), dry_run)
