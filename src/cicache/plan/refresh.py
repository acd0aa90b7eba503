"""The dependency cache-buster: a value that changes once per time bucket.

Weekly uses the ISO week-year (`%G-W%V`): 2027-01-01 is `2026-W53`. The calendar year
(`%Y-W%V`) would give `2027-W53` for that day, a bucket that also names late December 2027.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from datetime import UTC, datetime

from cicache.config.fields import fields_match
from cicache.config.model import RefreshOptions

__all__ = ["FORMATS", "applies", "refresh_value"]

FORMATS = {"weekly": "%G-W%V", "daily": "%Y-%m-%d", "hourly": "%Y-%m-%d-%H"}


def refresh_value(cadence: str, at: datetime | None = None) -> str:
    at = (at or datetime.now(UTC)).astimezone(UTC)
    return at.strftime(FORMATS.get(cadence, cadence))


def applies(
    options: RefreshOptions, forced: bool | None, dockerfile: str, fields: Mapping[str, str]
) -> bool:
    """Whether an entry gets the refresh arg: forced by its target, or selected by config."""
    if forced is not None:
        return forced
    if any(fnmatch.fnmatchcase(dockerfile, glob) for glob in options.dockerfiles):
        return True
    return bool(options.when) and fields_match(fields, options.when)
