"""Find the line of a key path in TOML text, for error messages.

`tomllib` keeps no positions, and a full position-keeping parser is more than errors need:
this scans table headers and `key =` lines (including inline tables and multi-line arrays of
inline tables) and returns the line where the deepest part of the path is written.
"""

from __future__ import annotations

import re

__all__ = ["locate"]

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
_ASSIGN = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\- ]+?))\s*=""")

PathPart = str | int


def _dotted(text: str) -> list[str]:
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([^.\s]+)""", text)
    return [a or b or c for a, b, c in parts]


def _key_in_line(line: str, key: str) -> bool:
    pattern = rf"""(?:^|[{{,\s])(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*="""
    return re.search(pattern, line) is not None


def _score(candidate: list[str], keys: list[str], line: str) -> int:
    if len(candidate) > len(keys):  # a header deeper than the key: `[targets.x]` for `targets`
        return len(keys) if candidate[: len(keys)] == keys else 0
    if candidate != keys[: len(candidate)]:
        return 0
    depth = len(candidate)
    for key in keys[len(candidate) :]:  # the rest may sit in an inline table on this line
        if not _key_in_line(line, key):
            break
        depth += 1
    return depth


def locate(text: str, path: tuple[PathPart, ...], prefix: tuple[str, ...] = ()) -> int | None:
    """1-based line of the deepest written part of `prefix + path`, or None."""
    keys = [*prefix, *(p for p in path if isinstance(p, str))]
    # An array index (entries[2]) selects the n-th inline table row of a multi-line array.
    index_at = next((i for i, p in enumerate(path) if isinstance(p, int)), None)
    row_owner = [*prefix, *(p for p in path[:index_at] if isinstance(p, str))] if index_at else []
    row_wanted = path[index_at] if index_at is not None else None
    header: list[str] = []
    last_assign: list[str] = []
    best, best_depth, row = None, 0, -1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0] if "#" in line and '"' not in line else line
        if m := _HEADER.match(stripped):
            candidate = last_assign = header = _dotted(m.group(1))
            row = -1
        elif m := _ASSIGN.match(stripped):
            candidate = last_assign = header + _dotted(m.group(1))
            row = -1
        else:  # continuation of a multi-line array: belongs to the last assignment
            candidate = last_assign
            row += stripped.lstrip().startswith("{")
            if candidate == row_owner and row != row_wanted:
                continue
        depth = _score(candidate, keys, stripped)
        if depth > best_depth:
            best, best_depth = number, depth
    return best
