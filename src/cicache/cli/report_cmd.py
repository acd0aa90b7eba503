"""`cicache report`: hit ratio per entry over the recent builds in the local history."""

from __future__ import annotations

import fnmatch
import json

import click

from cicache import console
from cicache.build import history
from cicache.build.render import STATS_HEADERS, aggregate, stats_rows

__all__ = ["report_cmd"]


@click.command("report")
@click.option("--entry", "patterns", multiple=True, help="Only entries matching this glob.")
@click.option(
    "--last",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Builds per entry to consider.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def report_cmd(patterns: tuple[str, ...], last: int, as_json: bool) -> None:
    """Show the cache hit ratio per entry over recent `cicache build` runs."""
    path = history.history_path()
    reports = [
        r
        for r in history.read(path)
        if not patterns or any(fnmatch.fnmatchcase(r.entry, p) for p in patterns)
    ]
    stats = aggregate(reports, last=last)
    if as_json:
        console.data(json.dumps([s.as_dict() for s in stats], indent=2))
        return
    if not stats:
        console.notice(f"no builds recorded in `{path}`")
        return
    console.step(f"{len(reports)} build{'' if len(reports) == 1 else 's'} recorded in `{path}`")
    console.table(STATS_HEADERS, stats_rows(stats))
