"""`cicache save`: archive native caches into the store. Never fails the job on store trouble."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import click

from cicache import console
from cicache.cli.native_opts import cache_options, open_configured_store, prepare, store_options
from cicache.native import session
from cicache.native.save import SaveResult, save
from cicache.native.spec import CacheSpec, rolling_key
from cicache.store.archive import DEFAULT_LEVEL
from cicache.store.parts import DEFAULT_PART_SIZE

__all__ = ["save_cmd"]


def _report(result: SaveResult, as_json: bool) -> None:
    label = f"save `{result.name}`: " if result.name else ""
    match result.status:
        case "saved":
            console.step(f"{label}{result.message}")
            if not as_json:
                console.data(result.key)
        case "read-only":
            console.notice(f"{label}{result.message}")
        case "failed":
            console.warning(f"{label}{result.message} (the job continues)")
        case _:
            console.step(f"{label}{result.message}")


@click.command("save")
@cache_options(restore_keys=False)
@store_options
@click.option(
    "--part-size",
    type=click.IntRange(1 << 16),
    default=DEFAULT_PART_SIZE,
    hidden=True,
    help="Bytes per archive part (registry layer).",
)
@click.option(
    "--compression-level",
    "level",
    type=click.IntRange(1, 19),
    default=DEFAULT_LEVEL,
    show_default=True,
    help="zstd level (higher: smaller and slower).",
)
def save_cmd(
    as_json: bool,
    store_dir: Any,
    registry: str | None,
    insecure: bool,
    part_size: int,
    level: int,
    **params: Any,
) -> None:
    """Save native caches (NAME..., --all, or ad hoc --path/--key) into the store."""
    prepared = prepare(params)
    config, sel, context = prepared.config, prepared.selection, prepared.context
    reason = session.read_only_reason(config.policy, context)
    inputs = session.key_inputs(sel.root, sel.fields, context)
    store = open_configured_store(config, store_dir, registry, insecure)
    keys = [_key(s, session.resolve(s, inputs).key, context.run_id) for s in sel.specs]
    results = []
    for spec, key in zip(sel.specs, keys, strict=True):  # a bad key fails before any save
        result = save(
            spec,
            key,
            store,
            root=sel.root,
            writer=session.writer_of(context),
            read_only_reason=reason,
            part_size=part_size,
            level=level,
            quiet=as_json,
        )
        _report(result, as_json)
        results.append(result)
    if as_json:
        rows = [
            {"name": r.name, "key": r.key, "status": r.status, "message": r.message, "size": r.size}
            for r in results
        ]
        console.data(json.dumps(rows, indent=2))


def _key(spec: CacheSpec, key: str, run_id: str) -> str:
    return rolling_key(key, run_id, datetime.now(UTC)) if spec.update == "rolling" else key
