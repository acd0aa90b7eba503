"""`cicache prune`: delete old or orphaned cache tags, never anything outside the cache globs."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.evict_cmd import say_deleted
from cicache.cli.registry_opts import (
    Where,
    human_size,
    open_for,
    progress_bar,
    registry_options,
    repositories,
)
from cicache.errors import UsageError
from cicache.manage.configured import ConfiguredRepo
from cicache.manage.prune import PruneResult, PruneRules, prune
from cicache.manage.selection import parse_age

__all__ = ["prune_cmd"]


def _render(result: PruneResult) -> None:
    if result.dry_run:
        for d in result.deletions:
            console.data(f"would delete {', '.join(d.tags)} ({human_size(d.size)})")
    for kept in result.kept:
        console.step(f"kept {kept.tag}: {kept.reason}")
    n = len(result.tags)
    console.step(
        f"{'would delete' if result.dry_run else 'deleted'} {n} tag{'' if n == 1 else 's'}"
        f" from {result.repository} (up to {human_size(result.freed)} reclaimable after the"
        " registry's garbage collection)"
    )


def _rules(
    repo: ConfiguredRepo | None, globs: tuple[str, ...], age: str | None, orphans: bool
) -> PruneRules:
    if repo is not None and not (globs or age or orphans):
        # every cache tag matches the templates: pruning them all must be asked for explicitly
        raise UsageError(
            "say what to prune", hint="pass --older-than AGE, --orphans, or --match GLOB"
        )
    if orphans and repo is None:
        raise UsageError(
            "--orphans needs a configuration listing the cache entries, not --registry"
        )
    return PruneRules(
        globs=tuple(dict.fromkeys((*globs, *(repo.globs if repo else ())))),
        older_than=parse_age(age) if age else None,
        produced=frozenset(e.tag for e in repo.entries) if repo and orphans else None,
    )


def _doc(result: PruneResult) -> dict[str, Any]:
    return {
        "repository": result.repository,
        "dry_run": result.dry_run,
        "deleted": result.tags,
        "kept": [{"tag": k.tag, "reason": k.reason} for k in result.kept],
    }


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
    as_json: bool,
    **options: Any,
) -> None:
    """Delete cache tags by age or orphanhood.

    Only tags matching --match globs or a configured cache tag template are ever candidates;
    other images in the repository are never touched.
    """
    where = Where(**options)
    results = []
    for repo in repositories(where):
        rules = _rules(repo, globs, older_than, orphans)
        with open_for(where, repo) as session, progress_bar("inspecting") as bar:
            results.append(
                prune(
                    session,
                    rules,
                    dry_run=dry_run,
                    progress=bar,
                    on_delete=None if as_json else say_deleted,
                )
            )
    if as_json:
        docs = [_doc(r) for r in results]
        console.data(json.dumps(docs[0] if len(docs) == 1 else {"repositories": docs}))
        return
    for result in results:
        _render(result)
