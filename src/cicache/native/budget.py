"""`cicache budget`: what the native caches occupy, and what they will occupy.

Stored size is summed per cache and per key. The steady-state estimate counts the variants a
cache keeps alive at once: a key is matched back against its template, where entry fields
(`{backend}`, `{lang}`...) and the runner (`{os}`, `{arch}`) make variants while hashes,
time buckets, env values and run ids only replace an entry. Variants x newest size per variant
is the footprint; when entry fields multiply it, collapsing them into a shared key is the
suggested fix (the seed's "pyenv-darwin-shared-<week>" advice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cicache.errors import UsageError
from cicache.keys import functions
from cicache.keys.template import Placeholder, TemplateError, parse
from cicache.store.entry import Entry

__all__ = ["CacheUsage", "Report", "parse_size", "report"]

GB = 1000**3
_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": GB,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_VOLATILE = {"sha", "run_id", "ref", "event", "pr_number", "branch", "tag"}
_RUNNER = {"os", "arch", "provider", "repository", "default_branch", "base_ref"}


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", text)
    if m is None or m[2].lower() not in _UNITS:
        raise UsageError(f"`{text}` is not a size", hint="e.g. `10GB`, `500MB`, `1.5GiB`")
    return int(float(m[1]) * _UNITS[m[2].lower()])


@dataclass
class CacheUsage:
    name: str
    entries: list[Entry] = field(default_factory=list)
    variant_fields: tuple[str, ...] = ()
    variants: dict[tuple[str, ...], Entry] = field(default_factory=dict)

    @property
    def stored(self) -> int:
        return sum(e.size for e in self.entries)

    @property
    def steady_state(self) -> int:
        return sum(e.size for e in self.variants.values())

    @property
    def entry_fields(self) -> tuple[str, ...]:
        """Variant-making fields that come from matrix entries (collapsible), not the runner."""
        return tuple(f for f in self.variant_fields if f not in _RUNNER)

    @property
    def per_entry(self) -> bool:
        return len(self.variants) > 1 and bool(self.entry_fields)


@dataclass
class Report:
    limit: int
    caches: list[CacheUsage]

    @property
    def stored(self) -> int:
        return sum(c.stored for c in self.caches)

    @property
    def steady_state(self) -> int:
        return sum(c.steady_state for c in self.caches)

    def recommendations(self) -> list[str]:
        over = self.steady_state > self.limit
        out = []
        for c in sorted(self.caches, key=lambda c: -c.steady_state):
            if c.per_entry and (over or len(c.variants) > 2):
                fields = ", ".join(f"{{{f}}}" for f in c.entry_fields)
                newest = max(e.size for e in c.variants.values())
                out.append(
                    f"`{c.name}` keeps {len(c.variants)} variants (by {fields}); a shared key "
                    f"without them would keep ~{newest} bytes instead of {c.steady_state}"
                )
        return out


def report(entries: Iterable[Entry], templates: Mapping[str, str], limit: int) -> Report:
    by_name: dict[str, CacheUsage] = {}
    for entry in sorted(entries, key=lambda e: e.created):
        usage = by_name.setdefault(entry.cache, CacheUsage(entry.cache))
        usage.entries.append(entry)
    for name, usage in by_name.items():
        matcher = _matcher(templates.get(name, ""))
        usage.variant_fields = matcher[1] if matcher else ()
        for entry in usage.entries:  # oldest first: the newest per variant wins
            usage.variants[_variant(entry.key, matcher)] = entry
    return Report(limit, sorted(by_name.values(), key=lambda c: c.name))


def _variant(key: str, matcher: tuple[re.Pattern[str], tuple[str, ...]] | None) -> tuple[str, ...]:
    if matcher is None:
        return (key,)
    m = matcher[0].fullmatch(key)
    return tuple(m.groups()) if m else (key,)


def _matcher(template: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """A regex that captures the variant-making placeholders of a key template."""
    try:
        parts = parse(template).parts if template else ()
    except TemplateError:
        return None
    if not parts:
        return None
    regex, names = [], []
    for part in parts:
        if isinstance(part, str):
            regex.append(re.escape(part))
        elif _makes_variants(part):
            regex.append("(.*?)")
            names.append(part.expr)
        else:
            regex.append(".*?")
    return re.compile("".join(regex), re.DOTALL), tuple(names)


def _makes_variants(p: Placeholder) -> bool:
    expr = p.expr
    volatile = functions.parse_call(expr) is not None or expr.startswith("env.")
    return not (volatile or expr in functions.CADENCES or expr in _VOLATILE)
