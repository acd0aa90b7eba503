"""Entry selectors: which planned entries a command acts on.

A selector matches an entry when it is
- its name or `target:name`, exactly or as a glob (`backend:cache-cpu-*`);
- `field=glob` on one of its matrix fields (`platform-tag=arm64`);
- the exact value of one of its fields (`-cpu-vllm` selects both halves of an amd64/arm64
  pair that share that tag-suffix).
Several selectors select the union.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence

from cicache.errors import UsageError
from cicache.plan.model import EntryPlan

__all__ = ["matches", "select"]


def matches(entry: EntryPlan, selector: str) -> bool:
    if fnmatch.fnmatchcase(entry.selector, selector) or fnmatch.fnmatchcase(entry.name, selector):
        return True
    key, sep, pattern = selector.partition("=")
    if sep and key in entry.fields:
        return fnmatch.fnmatchcase(entry.fields[key], pattern)
    return selector in entry.fields.values()


def select(entries: Sequence[EntryPlan], selectors: Sequence[str]) -> tuple[EntryPlan, ...]:
    if not selectors:
        return tuple(entries)
    if not all(s.strip() for s in selectors):  # an empty field value would match it
        raise UsageError(
            "empty `--entry` selector",
            hint="pass a name, glob or field=glob; in a workflow, check the expression behind it",
        )
    chosen = tuple(e for e in entries if any(matches(e, s) for s in selectors))
    if not chosen:
        names = ", ".join(f"`{e.selector}`" for e in entries[:5])
        more = f" (and {len(entries) - 5} more)" if len(entries) > 5 else ""
        raise UsageError(
            f"no entry matches {' '.join(repr(s) for s in selectors)}",
            hint=f"entries are {names}{more}" if entries else "no target has entries",
        )
    return chosen
