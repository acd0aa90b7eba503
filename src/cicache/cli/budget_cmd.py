"""`cicache budget`: stored size of native caches per cache and key, against a limit."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.native_opts import _config, open_configured_store, store_options
from cicache.console import human_size
from cicache.native.budget import Report, parse_size, report

__all__ = ["budget_cmd"]


@click.command("budget")
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Run as if started in this directory.",
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None)
@click.option("--limit", help="Size budget, e.g. 10GB (default: `[store] budget`).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
@store_options
def budget_cmd(
    directory: Any,
    config_file: Any,
    limit: str | None,
    as_json: bool,
    store_dir: Any,
    registry: str | None,
    insecure: bool,
) -> None:
    """Show what native caches occupy in the store and their steady-state footprint."""
    from pathlib import Path

    config = _config(
        Path(directory) if directory else None,
        Path(config_file) if config_file else None,
        required=False,
    )
    store = open_configured_store(config, store_dir, registry, insecure)
    templates = {name: native.key for name, native in config.native.items()}
    result = report(store.list(), templates, parse_size(limit or config.store.budget))
    if as_json:
        console.data(json.dumps(_as_json(result), indent=2))
        return
    _print(result)


def _print(r: Report) -> None:
    rows = []
    for c in r.caches:
        rows.append(
            [
                c.name or "(ad hoc)",
                "",
                human_size(c.stored),
                str(len(c.entries)),
                str(len(c.variants)),
                human_size(c.steady_state),
            ]
        )
        rows.extend(["", e.key, human_size(e.size), "", "", ""] for e in c.entries)
    headers = ["cache", "key", "stored", "entries", "variants", "steady state"]
    console.table(headers, rows)
    status = "over" if r.steady_state > r.limit else "within"
    console.step(
        f"stored {human_size(r.stored)}; steady state ~{human_size(r.steady_state)} "
        f"({status} the {human_size(r.limit)} budget)"
    )
    for line in r.recommendations():
        console.hint(line)


def _as_json(r: Report) -> dict[str, Any]:
    return {
        "limit": r.limit,
        "stored": r.stored,
        "steady-state": r.steady_state,
        "over": r.steady_state > r.limit,
        "caches": [
            {
                "name": c.name,
                "stored": c.stored,
                "steady-state": c.steady_state,
                "variants": len(c.variants),
                "variant-fields": list(c.variant_fields),
                "entries": [
                    {
                        "key": e.key,
                        "size": e.size,
                        "created": e.created,
                        "writer": {
                            "event": e.writer.event,
                            "ref": e.writer.ref,
                            "sha": e.writer.sha,
                        },
                    }
                    for e in c.entries
                ],
            }
            for c in r.caches
        ],
        "recommendations": r.recommendations(),
    }
