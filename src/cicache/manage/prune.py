"""`prune`: delete cache tags by rule. Only tags matching a cache template or `--match` glob
are ever candidates; everything else in the repository is left alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cicache.errors import UsageError
from cicache.manage.deletion import Deletion, apply_deletions, plan_deletions
from cicache.manage.inventory import Progress, take_inventory
from cicache.manage.selection import matches_any, older_than
from cicache.manage.session import RepoSession
from cicache.oci.buildkit import TagSummary

__all__ = ["Kept", "PruneResult", "PruneRules", "prune"]


@dataclass(frozen=True)
class PruneRules:
    globs: tuple[str, ...]  # --match globs plus configured cache-template globs
    older_than: timedelta | None = None
    produced: frozenset[str] | None = None  # tags configured entries produce (for --orphans)


@dataclass(frozen=True)
class Kept:
    tag: str
    reason: str


@dataclass(frozen=True)
class PruneResult:
    repository: str
    deletions: tuple[Deletion, ...]
    kept: tuple[Kept, ...]  # candidates by glob that a rule kept
    dry_run: bool

    @property
    def tags(self) -> list[str]:
        return sorted(t for d in self.deletions for t in d.tags)

    @property
    def freed(self) -> int:
        return sum(d.size for d in self.deletions if d.method == "digest")


def _verdict(
    t: TagSummary, rules: PruneRules, times: dict[str, datetime], now: datetime
) -> str | None:
    """None to delete, else the reason to keep."""
    if rules.produced is not None and t.tag in rules.produced:
        return "a configured entry produces it"
    if rules.older_than is not None:
        old = older_than(times.get(t.tag) or t.created, rules.older_than, now)
        if old is None:
            return "age unknown"
        if not old:
            return "younger than the limit"
    return None


def prune(
    session: RepoSession,
    rules: PruneRules,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    on_delete: Callable[[Deletion], None] | None = None,
) -> PruneResult:
    if not rules.globs:
        raise UsageError(
            "nothing to prune", hint="pass --match GLOB or configure a cache tag template"
        )
    inventory = take_inventory(
        session.client, session.repo, concurrency=session.concurrency, progress=progress
    )
    times = session.provider.tag_times(session.repo.repo) if rules.older_than else {}
    now = now or datetime.now(UTC)
    doomed, kept = [], []
    for t in inventory.tags:
        if not matches_any(t.tag, rules.globs):
            continue
        reason = _verdict(t, rules, times, now)
        if reason is None:
            doomed.append(t.tag)
        else:
            kept.append(Kept(t.tag, reason))
    plan, _ = plan_deletions(inventory, doomed)
    if not dry_run:
        apply_deletions(session.provider, session.repo.repo, plan, progress=on_delete)
    return PruneResult(str(session.repo), tuple(plan), tuple(kept), dry_run)
