"""Matching entry fields against globs: target filters, refresh selection, native `when`."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping

__all__ = ["fields_match"]


def fields_match(fields: Mapping[str, str], globs: Mapping[str, str]) -> bool:
    """Every glob matches its field; a missing field is the empty string."""
    return all(fnmatch.fnmatchcase(fields.get(k, ""), g) for k, g in globs.items())
