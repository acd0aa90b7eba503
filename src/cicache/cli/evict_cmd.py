"""`cicache evict TAG...`: delete cache tags (refusing to take other tags along)."""

from __future__ import annotations

import json

import click

from cicache import console
from cicache.cli.registry_opts import human_size, open_repo, progress_bar, registry_options
from cicache.manage.deletion import Deletion
from cicache.manage.evict import evict

__all__ = ["evict_cmd", "say_deleted"]


def say_deleted(d: Deletion) -> None:
    how = "manifest" if d.method == "digest" else "tag only"
    console.step(f"deleted {', '.join(d.tags)} ({how}, {d.digest[:19]})")


@click.command("evict")
@click.argument("selectors", nargs=-1, required=True, metavar="TAG|GLOB...")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@click.option(
    "--force", is_flag=True, help="Delete named tags even when other tags share their manifest."
)
@registry_options
def evict_cmd(
    selectors: tuple[str, ...],
    dry_run: bool,
    force: bool,
    registry: str | None,
    insecure: bool,
    provider: str | None,
    concurrency: int,
    as_json: bool,
) -> None:
    """Delete cache tags so the next build of those entries starts cold."""
    with (
        open_repo(registry, insecure, provider, concurrency) as session,
        progress_bar("inspecting") as bar,
    ):
        result = evict(
            session,
            selectors,
            force=force,
            dry_run=dry_run,
            progress=bar,
            on_delete=None if as_json else say_deleted,
        )
    if as_json:
        console.data(
            json.dumps(
                {"repository": result.repository, "dry_run": dry_run, "deleted": result.tags}
            )
        )
        return
    if dry_run:
        for d in result.deletions:
            console.data(f"would delete {', '.join(d.tags)} ({human_size(d.size)})")
    console.step(
        f"{'would delete' if dry_run else 'deleted'} {len(result.tags)} tags"
        f" from {result.repository}"
    )
