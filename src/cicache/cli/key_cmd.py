"""`cicache key`: the resolved key and restore keys of native caches."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.native_opts import cache_options, prepare
from cicache.native.session import key_inputs, resolve

__all__ = ["key_cmd"]


@click.command("key")
@cache_options(restore_keys=True)
def key_cmd(as_json: bool, **params: Any) -> None:
    """Print the key (first line) and restore keys (one per line) of native caches."""
    prepared = prepare(params, need_paths=False)
    sel = prepared.selection
    inputs = key_inputs(sel.root, sel.fields, prepared.context)
    results = [(spec, resolve(spec, inputs)) for spec in sel.specs]
    for name in sel.skipped:
        console.notice(f"`{name}` does not apply to this entry (`when`)")
    if as_json:
        rows = [
            {"name": s.name, "key": r.key, "restore-keys": list(r.restore_keys)} for s, r in results
        ]
        console.data(json.dumps(rows if len(rows) != 1 else rows[0], indent=2))
        return
    for index, (spec, resolved) in enumerate(results):
        if len(results) > 1:
            console.data(("\n" if index else "") + f"# {spec.name}")
        console.data("\n".join([resolved.key, *resolved.restore_keys]))
