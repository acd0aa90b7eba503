"""Which tags a command may touch: globs, cache templates, ages. Pure functions.

Only tags matching a configured cache template or an explicit `--match` glob are ever prune
candidates, so other images in the same repository (prebuilt base images) are never touched.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from cicache.errors import UsageError
from cicache.keys.template import Placeholder, Template

__all__ = ["matches_any", "older_than", "parse_age", "select", "template_glob"]

_AGE = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_MAX_AGE = timedelta(days=100 * 366)  # older ages cannot be subtracted from "now" anyway


def parse_age(text: str) -> timedelta:
    """`30d`, `12h`, `2w`, `90m`, `45s`."""
    match = _AGE.match(text.strip().lower())
    if not match:
        raise UsageError(
            f"invalid age `{text}`", hint="write a number and a unit: `30d`, `12h`, `2w`"
        )
    try:
        age = timedelta(**{_UNITS[match[2]]: int(match[1])})
    except OverflowError:
        age = _MAX_AGE + _MAX_AGE
    if age > _MAX_AGE:
        raise UsageError(f"age `{text}` is too large", hint="ages are limited to 100 years")
    return age


def template_glob(template: Template) -> str:
    """A cache-tag template as a glob: each placeholder may be anything."""
    parts = ["*" if isinstance(p, Placeholder) else _escape(p) for p in template.parts]
    return re.sub(r"\*+", "*", "".join(parts))


def _escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def matches_any(tag: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(tag, g) for g in globs)


def older_than(created: datetime | None, age: timedelta, now: datetime) -> bool | None:
    """True/False, or None when the tag's age is unknown (never pruned by age)."""
    return None if created is None else created < now - age


def select(tags: Iterable[str], globs: Sequence[str]) -> list[str]:
    return [t for t in tags if matches_any(t, globs)]
