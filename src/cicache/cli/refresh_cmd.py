"""`cicache refresh-key`: the current value of the dependency cache-buster."""

from __future__ import annotations

import os

import click

from cicache import console
from cicache.cli.options import parse_time
from cicache.config.checks import cadence_problem
from cicache.errors import UsageError
from cicache.plan.refresh import refresh_value

__all__ = ["refresh_key_cmd"]


@click.command("refresh-key")
@click.option(
    "--cadence",
    default=None,
    help="weekly, daily, hourly or a strftime format (default: config, else weekly).",
)
@click.option("--at", "at_text", default=None, help="Compute for this ISO-8601 time (UTC).")
@click.option("-C", "directory", default=None, hidden=True)
def refresh_key_cmd(cadence: str | None, at_text: str | None, directory: str | None) -> None:
    """Print the refresh build-arg value for now (or --at)."""
    if cadence is None:
        cadence = _configured_cadence(directory)
    if reason := cadence_problem(cadence):
        raise UsageError(
            reason, hint="use weekly, daily, hourly or a strftime format such as `%Y-%m`"
        )
    console.data(refresh_value(cadence, parse_time(at_text) if at_text is not None else None))


def _configured_cadence(directory: str | None) -> str:
    from pathlib import Path

    from cicache.config import find_config, load_config

    start = Path(directory) if directory else Path.cwd()
    if find_config(start) is None and not os.environ.get("CICACHE_CONFIG"):
        return "weekly"
    return load_config(start).refresh.cadence
