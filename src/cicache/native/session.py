"""What save, restore, key and budget share: which caches, which store, who may write/read.

Caches come from `[native.NAME]` config (by name or `--all`, filtered by `when` on the entry
fields) or ad hoc from flags. Outside CI (no provider detected) every save is allowed and every
entry trusted: the store is the developer's own. In CI the lead's policy decides writes, and
only entries written by `[store] trusted-events` are restored.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cicache.ci import Context
from cicache.config.model import Config, PolicyOptions, StoreOptions
from cicache.errors import UsageError
from cicache.keys.resolve import KeyInputs, ResolvedKey, resolve_key
from cicache.keys.template import TemplateError
from cicache.native.spec import CacheSpec, applies, from_options
from cicache.plan.policy import decide, is_trusted_writer
from cicache.store.entry import Entry, Writer

__all__ = [
    "Selection",
    "key_inputs",
    "read_only_reason",
    "resolve",
    "select_caches",
    "trust",
    "writer_of",
]


@dataclass(frozen=True)
class Selection:
    root: Path
    specs: list[CacheSpec]
    fields: Mapping[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # names whose `when` did not match


def select_caches(
    config: Config | None, names: tuple[str, ...], all_: bool, fields: Mapping[str, str]
) -> Selection:
    root = config.root if config else Path.cwd()
    if config is None:
        raise UsageError("no cache named and no `--path`/`--key` given")
    known = dict(config.native)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(
            f"no native cache named `{unknown[0]}`",
            hint=f"configured: {', '.join(sorted(known)) or 'none'}",
        )
    chosen = sorted(known) if all_ else list(dict.fromkeys(names))
    specs = [from_options(n, known[n]) for n in chosen]
    selected = [s for s in specs if applies(s, fields)]
    skipped = [s.name for s in specs if not applies(s, fields)]
    return Selection(root, selected, fields, skipped)


def resolve(spec: CacheSpec, inputs: KeyInputs) -> ResolvedKey:
    try:
        return resolve_key(spec.key, spec.restore_keys, inputs)
    except TemplateError as exc:
        where = f"native cache `{spec.name}`" if spec.name else "the key"
        raise UsageError(f"{where}: {exc}") from exc


def key_inputs(root: Path, fields: Mapping[str, str], context: Context) -> KeyInputs:
    return KeyInputs(root, dict(fields), context.as_dict(), dict(os.environ))


def read_only_reason(policy: PolicyOptions, context: Context) -> str:
    if context.provider == "local":
        return ""
    access = decide(policy, context)
    return "" if access.write else access.reason


def trust(store: StoreOptions, context: Context) -> Callable[[Entry], bool]:
    if context.provider == "local":
        return lambda entry: True
    return lambda entry: is_trusted_writer(store.trusted_events, entry.writer.event)


def writer_of(context: Context) -> Writer:
    return Writer(context.event, context.ref, context.sha, context.run_id, context.provider)
