"""`cicache restore`: restore native caches; prints the matched key (nothing on a miss)."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.native_opts import cache_options, open_configured_store, prepare, store_options
from cicache.errors import CicacheError, StoreError
from cicache.keys.resolve import ResolvedKey
from cicache.native import session
from cicache.native.outputs import write_github_outputs
from cicache.native.restore import RestoreResult, restore
from cicache.native.spec import CacheSpec

__all__ = ["restore_cmd"]


def _effective(spec: CacheSpec, resolved: ResolvedKey) -> ResolvedKey:
    if spec.update == "rolling":  # saved as KEY-<run>: the newest of those first
        return ResolvedKey(resolved.key, (f"{resolved.key}-", *resolved.restore_keys))
    return resolved


def _report(result: RestoreResult) -> None:
    label = f"restore `{result.name}`: " if result.name else "restore: "
    if result.warning:
        console.warning(f"{label}{result.warning}")
    elif result.hit:
        entry = result.entry
        assert entry is not None
        how = "exact key" if result.exact else "restore key"
        who = f"{entry.writer.event or '?'} {entry.writer.ref or ''} {entry.writer.sha[:12]}"
        console.step(f"{label}hit `{result.matched_key}` ({how}; written by {who.strip()})")
    else:
        console.step(f"{label}miss for `{result.key}`")


def _outputs(results: list[RestoreResult]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in results:
        prefix = f"{r.name}-" if len(results) > 1 else ""
        out[f"{prefix}cache-hit"] = "true" if r.exact and r.hit else "false"
        out[f"{prefix}matched-key"] = r.matched_key
        out[f"{prefix}primary-key"] = r.key
    return out


@click.command("restore")
@cache_options(restore_keys=True)
@store_options
@click.option("--fail-on-miss", is_flag=True, help="Exit 4 when a cache was not restored.")
@click.option("--lookup-only", is_flag=True, help="Find the entry, download nothing.")
def restore_cmd(
    as_json: bool,
    store_dir: Any,
    registry: str | None,
    insecure: bool,
    fail_on_miss: bool,
    lookup_only: bool,
    **params: Any,
) -> None:
    """Restore native caches: exact key, then restore keys by prefix (newest first)."""
    prepared = prepare(params)
    config, sel, context = prepared.config, prepared.selection, prepared.context
    inputs = session.key_inputs(sel.root, sel.fields, context)
    store = open_configured_store(config, store_dir, registry, insecure)
    trusted = session.trust(config.store, context)
    keys = [_effective(spec, session.resolve(spec, inputs)) for spec in sel.specs]  # all first
    results = []
    for spec, resolved in zip(sel.specs, keys, strict=True):
        try:
            result = restore(
                spec,
                resolved,
                store,
                root=sel.root,
                trusted=trusted,
                lookup_only=lookup_only,
                quiet=as_json,
            )
        except CicacheError as exc:  # registry down: a miss with a warning, like actions/cache
            result = RestoreResult(spec.name, resolved.key, warning=str(exc))
        _report(result)
        results.append(result)
    write_github_outputs(_outputs(results))
    _print(results, as_json)
    if fail_on_miss and not all(r.hit for r in results):
        missed = ", ".join(f"`{r.key}`" for r in results if not r.hit)
        raise StoreError(f"cache miss for {missed}", hint="`--fail-on-miss` was given")


def _print(results: list[RestoreResult], as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "name": r.name,
                "key": r.key,
                "matched-key": r.matched_key,
                "cache-hit": r.exact and r.hit,
                "warning": r.warning,
            }
            for r in results
        ]
        console.data(json.dumps(rows, indent=2))
        return
    for r in results:
        if r.hit:
            console.data(r.matched_key if len(results) == 1 else f"{r.name} {r.matched_key}")
