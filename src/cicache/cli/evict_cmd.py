"""`cicache evict ENTRY|TAG...`: delete cache tags (refusing to take other tags along)."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.registry_opts import (
    Where,
    human_size,
    open_for,
    progress_bar,
    registry_options,
    repositories,
)
from cicache.errors import UsageError
from cicache.manage.configured import entry_tags
from cicache.manage.deletion import Deletion
from cicache.manage.evict import EvictResult, evict

__all__ = ["evict_cmd", "say_deleted"]


def say_deleted(d: Deletion) -> None:
    how = "manifest" if d.method == "digest" else "tag only"
    console.step(f"deleted {', '.join(d.tags)} ({how}, {d.digest[:19]})")


def _render(result: EvictResult) -> None:
    if result.dry_run:
        for d in result.deletions:
            console.data(f"would delete {', '.join(d.tags)} ({human_size(d.size)})")
    n = len(result.tags)
    verb = "would delete" if result.dry_run else "deleted"
    console.step(f"{verb} {n} tag{'' if n == 1 else 's'} from {result.repository}")


@click.command("evict")
@click.argument("selectors", nargs=-1, required=True, metavar="ENTRY|TAG|GLOB...")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@click.option(
    "--force", is_flag=True, help="Delete named tags even when other tags share their manifest."
)
@registry_options
def evict_cmd(
    selectors: tuple[str, ...], dry_run: bool, force: bool, as_json: bool, **options: Any
) -> None:
    """Delete cache tags so the next build of those entries starts cold.

    With --registry, name tags or tag globs. With a configuration, name entries (`target:name`,
    a name, a cache tag, or globs of them); entries whose tag does not exist are skipped.
    """
    where = Where(**options)
    results = []
    for repo in repositories(where):
        tags = list(selectors) if repo is None else entry_tags(repo, selectors)
        if not tags:
            continue
        with open_for(where, repo) as session, progress_bar("inspecting") as bar:
            results.append(
                evict(
                    session,
                    tags,
                    force=force,
                    dry_run=dry_run,
                    missing_ok=repo is not None,
                    progress=bar,
                    on_delete=None if as_json else say_deleted,
                )
            )
    if not results:
        raise UsageError(f"no configured entry matches {' '.join(selectors)}")
    if as_json:
        docs = [
            {"repository": r.repository, "dry_run": dry_run, "deleted": r.tags} for r in results
        ]
        console.data(json.dumps(docs[0] if len(docs) == 1 else {"repositories": docs}))
        return
    for result in results:
        _render(result)
