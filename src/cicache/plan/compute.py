"""The plan use case: read the entries of the chosen targets, plan, select."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cicache.ci.context import Context
from cicache.config.matrix import Entry, load_entries
from cicache.config.model import Config
from cicache.errors import ConfigError, UsageError
from cicache.plan.model import Plan
from cicache.plan.planner import plan
from cicache.plan.select import select

__all__ = ["compute_plan"]


def _targets(config: Config, names: Sequence[str]) -> list[str]:
    if not config.target:
        raise ConfigError(
            "the config defines no targets",
            hint="add a `[target.NAME]` table (see docs/configuration.md)",
        )
    for name in names:
        if name not in config.target:
            raise UsageError(
                f"no target `{name}`",
                hint=f"targets are {', '.join(f'`{t}`' for t in config.target)}",
            )
    return list(names) or list(config.target)


def compute_plan(
    config: Config,
    context: Context,
    *,
    targets: Sequence[str] = (),
    selectors: Sequence[str] = (),
    at: datetime | None = None,
) -> Plan:
    """Plan all entries (collisions are checked across every target), then keep the chosen."""
    chosen = _targets(config, targets)
    entries: dict[str, list[Entry]] = {name: load_entries(config, name) for name in config.target}
    full = plan(config, context, entries, at=at)
    in_targets = [e for e in full.entries if e.target in chosen]
    return Plan(
        full.context,
        full.access,
        full.refresh_arg,
        full.refresh_value,
        select(in_targets, selectors),
    )
