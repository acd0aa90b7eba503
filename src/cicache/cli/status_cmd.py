"""`cicache status`: per configured entry warm/cold, size, layers, last written; then orphans."""

from __future__ import annotations

import json
from datetime import datetime
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
from cicache.manage.status import StatusReport, report_json, status

__all__ = ["status_cmd"]


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def _render(report: StatusReport) -> None:
    inv = report.inventory
    if report.entries:
        rows = [
            [
                r.name,
                r.tag,
                r.state,
                human_size(r.summary.size) if r.summary else "-",
                str(r.summary.layers) if r.summary else "-",
                _when(report.last_written(r.summary)) if r.summary else "-",
            ]
            for r in report.entries
        ]
        console.table(
            ["entry", "cache tag", "state", "size", "layers", "last written"],
            rows,
            title=str(inv.repo),
        )
    title = "orphans (no configured entry writes them)" if report.entries else str(inv.repo)
    rows = [
        [
            t.tag,
            t.kind,
            human_size(t.size),
            str(t.layers),
            _when(report.last_written(t)),
        ]
        for t in report.orphans
    ]
    if rows:
        console.table(["tag", "kind", "size", "layers", "last written"], rows, title=title)
    for message in report.warnings:
        console.warning(message)
    n = len(inv.tags)
    if n == 0:  # distribution answers NAME_UNKNOWN for a repository nobody pushed to yet
        console.notice(
            f"`{inv.repo}` holds no tags: it does not exist yet, or is empty "
            "(the first write of a cache creates it)"
        )
    console.step(
        f"{n} tag{'' if n == 1 else 's'}, {human_size(inv.total_size)} in total,"
        f" {human_size(inv.dedup_size)} deduplicated"
    )


@click.command("status")
@registry_options
def status_cmd(as_json: bool, **options: Any) -> None:
    """Show the cache tags of a repository: kind, size, layers, last written.

    With a configuration (and no --registry): one row per configured entry (warm or cold),
    then the tags no entry produces.
    """
    where = Where(**options)
    docs = []
    for repo in repositories(where):
        with open_for(where, repo) as session, progress_bar("inspecting") as bar:
            report = status(session, repo.expected if repo else (), progress=bar)
        if as_json:
            docs.append(report_json(report))
        else:
            _render(report)
    if as_json:
        console.data(json.dumps(docs[0] if len(docs) == 1 else {"repositories": docs}, indent=2))
