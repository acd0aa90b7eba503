"""`cicache prune`: delete old or orphaned cache tags, never anything outside the cache globs."""

from __future__ import annotations

import json

import click

from cicache import console
from cicache.cli.evict_cmd import say_deleted
from cicache.cli.registry_opts import human_size, open_repo, progress_bar, registry_options
from cicache.errors import UsageError
from cicache.manage.prune import PruneResult, PruneRules, prune
from cicache.manage.selection import parse_age

__all__ = ["prune_cmd"]


def _render(result: PruneResult) -> None:
    verb = "would delete" if result.dry_run else "deleted"
    if result.dry_run:
        for d in result.deletions:
            console.data(f"would delete {', '.join(d.tags)} ({human_size(d.size)})")
    for kept in result.kept:
        console.step(f"kept {kept.tag}: {kept.reason}")
    console.step(
        f"{verb} {len(result.tags)} tags from {result.repository}"
        f" (up to {human_size(result.freed)} reclaimable after registry garbage collection)"
    )


@click.command("prune")
@click.option(
    "--match", "globs", multiple=True, metavar="GLOB", help="Tags that may be pruned (repeatable)."
)
@click.option(
    "--older-than", metavar="AGE", help="Only tags last written longer ago, e.g. `30d`, `12h`."
)
@click.option("--orphans", is_flag=True, help="Only tags no configured entry produces.")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@registry_options
def prune_cmd(
    globs: tuple[str, ...],
    older_than: str | None,
    orphans: bool,
    dry_run: bool,
    registry: str | None,
    insecure: bool,
    provider: str | None,
    concurrency: int,
    as_json: bool,
) -> None:
    """Delete cache tags matching --match (or a configured cache template) by age or orphanhood."""
    if orphans:
        raise UsageError("--orphans needs a configuration listing the cache entries")
    rules = PruneRules(globs=globs, older_than=parse_age(older_than) if older_than else None)
    with (
        open_repo(registry, insecure, provider, concurrency) as session,
        progress_bar("inspecting") as bar,
    ):
        result = prune(
            session,
            rules,
            dry_run=dry_run,
            progress=bar,
            on_delete=None if as_json else say_deleted,
        )
    if as_json:
        doc = {
            "repository": result.repository,
            "dry_run": dry_run,
            "deleted": result.tags,
            "kept": [{"tag": k.tag, "reason": k.reason} for k in result.kept],
        }
        console.data(json.dumps(doc))
    else:
        _render(result)
