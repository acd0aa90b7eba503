"""`status`: what the cache repository holds, entry by entry, then the orphans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from cicache.errors import RegistryError
from cicache.manage.inventory import Inventory, Progress, take_inventory
from cicache.manage.session import RepoSession
from cicache.oci.buildkit import CONFIG_LIMIT, TagSummary

__all__ = ["EntryRow", "StatusReport", "report_json", "status"]

State = Literal["warm", "cold"]


@dataclass(frozen=True)
class EntryRow:
    name: str  # the configured entry, e.g. `backend -cpu-vllm`
    tag: str
    summary: TagSummary | None  # None: the tag does not exist (cold)

    @property
    def state(self) -> State:
        return "warm" if self.summary is not None else "cold"


@dataclass(frozen=True)
class StatusReport:
    inventory: Inventory
    entries: tuple[EntryRow, ...]
    orphans: tuple[TagSummary, ...]  # tags no configured entry produces (every tag when ad hoc)
    times: dict[str, datetime]  # last-written times from the provider's API, where available
    notes: tuple[str, ...] = ()

    def last_written(self, summary: TagSummary) -> datetime | None:
        return self.times.get(summary.tag) or summary.created

    @property
    def warnings(self) -> list[str]:
        out = list(self.notes)
        for t in self.inventory.tags:
            if t.error:
                out.append(f"`{t.tag}`: {t.error}")
            elif t.config_near_limit and t.config:
                state = "over" if t.config.size > CONFIG_LIMIT else "near"
                out.append(
                    f"`{t.tag}`: cache config is {t.config.size} bytes, {state} BuildKit's"
                    f" 1 MiB import limit (imports of this cache will fail)"
                )
        return out


def status(
    session: RepoSession,
    expected: Sequence[tuple[str, str]] = (),
    *,
    with_times: bool = True,
    progress: Progress | None = None,
) -> StatusReport:
    """Inspect every tag; `expected` lists (entry name, cache tag) from the configuration."""
    inventory = take_inventory(
        session.client,
        session.repo,
        concurrency=session.concurrency,
        progress=progress,
        tolerant=True,
    )
    by_tag = inventory.by_tag()
    rows = tuple(EntryRow(name, tag, by_tag.get(tag)) for name, tag in expected)
    produced = {tag for _, tag in expected}
    orphans = tuple(t for t in inventory.tags if t.tag not in produced)
    times: dict[str, datetime] = {}
    notes: tuple[str, ...] = ()
    if with_times:
        try:
            times = session.provider.tag_times(session.repo.repo)
        except RegistryError as exc:  # tag times are a bonus: the inventory stands without them
            notes = (f"no tag times from the {session.provider.name} API: {exc.message}",)
    return StatusReport(inventory, rows, orphans, times, notes)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def tag_json(report: StatusReport, t: TagSummary) -> dict[str, Any]:
    return {
        "tag": t.tag,
        "digest": t.digest,
        "size": t.size,
        "layers": t.layers,
        "kind": t.kind,
        "media_type": t.media_type,
        "form": t.form or None,
        "config_size": t.config.size if t.config else None,
        "last_written": _iso(report.last_written(t)),
        "error": t.error,
    }


def report_json(report: StatusReport) -> dict[str, Any]:
    inv = report.inventory
    return {
        "repository": str(inv.repo),
        "tags": [tag_json(report, t) for t in inv.tags],
        "total_size": inv.total_size,
        "dedup_size": inv.dedup_size,
        "entries": [
            {
                "entry": r.name,
                "tag": r.tag,
                "state": r.state,
                **({"size": r.summary.size} if r.summary else {}),
            }
            for r in report.entries
        ],
        "orphans": [t.tag for t in report.orphans] if report.entries else [],
        "warnings": report.warnings,
    }
