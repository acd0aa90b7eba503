"""Functions usable in key templates: `hashFiles(...)`, `file(path, regex)`, cadence buckets.

Call syntax is `name('arg', "arg", ...)`: arguments are quoted strings, taken literally (no
escapes, so regexes need no doubling); a string cannot contain its own quote character.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from cicache.keys.hashfiles import HashFilesError, hash_files
from cicache.keys.template import TemplateError

__all__ = ["CADENCES", "Call", "cadence_bucket", "extract", "hash_files_call", "parse_call"]

CADENCES = {"isoweek": "%G-W%V", "date": "%Y-%m-%d", "hour": "%Y-%m-%d-%H", "month": "%Y-%m"}

_CALL = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<args>.*)\)\s*$", re.DOTALL)
_ARG = re.compile(r"\s*(?:'(?P<s>[^']*)'|\"(?P<d>[^\"]*)\")\s*(?:,|$)")
FOLLOW = "--follow-symbolic-links"


class Call:
    __slots__ = ("args", "name")

    def __init__(self, name: str, args: tuple[str, ...]) -> None:
        self.name, self.args = name, args


def parse_call(expr: str) -> Call | None:
    """`hashFiles('a', 'b')` -> Call; None when `expr` is not a call."""
    m = _CALL.match(expr.strip())
    if m is None:
        return None
    text, args, pos = m["args"], [], 0
    while text[pos:].strip():
        arg = _ARG.match(text, pos)
        if arg is None:
            raise TemplateError(f"bad arguments in `{expr}`: use quoted strings, comma-separated")
        args.append(arg["s"] if arg["s"] is not None else arg["d"])
        pos = arg.end()
    return Call(m["name"], tuple(args))


def hash_files_call(args: tuple[str, ...], cwd: Path) -> str:
    """hashFiles() with the runner's argument rules (an optional leading flag)."""
    follow = False
    if args and args[0].startswith("--"):
        if args[0].lower() != FOLLOW:
            raise TemplateError(f"hashFiles: unknown option `{args[0]}` (only `{FOLLOW}`)")
        follow, args = True, args[1:]
    if not args:
        raise TemplateError("hashFiles() needs at least one pattern")
    try:
        return hash_files(list(args), cwd, follow_symlinks=follow)
    except HashFilesError as exc:
        raise TemplateError(f"hashFiles: {exc}") from exc


def extract(args: tuple[str, ...], cwd: Path) -> str:
    """file('path', 'regex'): the first capture group (or whole match) of the first match."""
    if len(args) != 2:
        raise TemplateError("file() takes a path and a regex: file('Makefile', 'V\\?=(\\S+)')")
    path = cwd / Path(args[0]).expanduser()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(args[1], text, re.MULTILINE)
    except OSError as exc:
        raise TemplateError(f"file(): cannot read `{args[0]}`: {exc.strerror}") from exc
    except re.error as exc:
        raise TemplateError(f"file(): bad regex `{args[1]}`: {exc}") from exc
    if m is None:
        raise TemplateError(f"file(): `{args[1]}` does not match anything in `{args[0]}`")
    return m.group(1) if m.re.groups else m.group(0)


def cadence_bucket(name: str, now: datetime) -> str:
    """The time bucket (UTC): isoweek uses the ISO week-year, so 2027-01-01 is `2026-W53`."""
    return now.astimezone(UTC).strftime(CADENCES[name])
