"""Which stored entry a restore gets: exact key first, then each restore key by prefix.

Among prefix matches the newest entry wins (like actions/cache). Entries of another version
(another set of paths) never match, and entries whose writer is not trusted are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cicache.store.entry import Entry

__all__ = ["Match", "select"]


@dataclass(frozen=True)
class Match:
    entry: Entry
    exact: bool


def select(
    entries: Iterable[Entry],
    key: str,
    restore_keys: tuple[str, ...],
    version: str,
    trusted: Callable[[Entry], bool],
) -> Match | None:
    usable = [e for e in entries if e.version == version and trusted(e)]
    usable.sort(key=lambda e: e.created, reverse=True)
    for entry in usable:
        if entry.key == key:
            return Match(entry, True)
    for prefix in restore_keys:
        for entry in usable:
            if entry.key.startswith(prefix):
                return Match(entry, False)
    return None
