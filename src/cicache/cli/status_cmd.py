"""`cicache status`: per configured entry warm/cold, size, layers, last written; then orphans."""

from __future__ import annotations

import json
from datetime import datetime

import click

from cicache import console
from cicache.cli.registry_opts import human_size, open_repo, progress_bar, registry_options
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
        console.table(["entry", "cache tag", "state", "size", "layers", "last written"], rows)
    title = "orphans (no configured entry writes them)" if report.entries else str(inv.repo)
    rows = [
        [t.tag, t.kind, human_size(t.size), str(t.layers), _when(report.last_written(t))]
        for t in report.orphans
    ]
    if rows:
        console.table(["tag", "kind", "size", "layers", "last written"], rows, title=title)
    for message in report.warnings:
        console.warning(message)
    console.step(
        f"{len(inv.tags)} tags, {human_size(inv.total_size)} in total,"
        f" {human_size(inv.dedup_size)} deduplicated"
    )


@click.command("status")
@registry_options
def status_cmd(
    registry: str | None, insecure: bool, provider: str | None, concurrency: int, as_json: bool
) -> None:
    """Show the cache tags of a repository: kind, size, layers, last written."""
    with (
        open_repo(registry, insecure, provider, concurrency) as session,
        progress_bar("inspecting") as bar,
    ):
        report = status(session, progress=bar)
    if as_json:
        console.data(json.dumps(report_json(report), indent=2))
    else:
        _render(report)
