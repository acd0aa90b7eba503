"""Glob patterns exactly as the GitHub runner's `hashFiles()` reads them.

The runner uses @actions/glob on top of minimatch (options `dot`, `nobrace`, `noext`,
`nonegate`, case-sensitive on Linux and macOS). The rules reproduced here are listed in
/work/shared/reference/actions-cache-and-hashfiles.md section 2.2:

- lines are trimmed; empty lines and lines starting with `#` are dropped;
- leading `!` characters toggle negation;
- relative patterns are rooted at the working directory, `~` at the home directory;
- a `..` segment, or `.` anywhere but first, is an error;
- `*` and `**` match dotfiles, `{a,b}` is literal, `\\` escapes, `[...]` and `?` work;
- a pattern not ending in `**` (or ending in `/`) gets an implicit `P/**` after it;
- a trailing `/` makes the pattern match directories only.

Matching splits both sides into path segments; `**` (a whole segment) is a globstar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntFlag

__all__ = ["GLOBSTAR", "MatchKind", "Pattern", "PatternError", "match_all", "parse_patterns"]

GLOBSTAR = "**"


class PatternError(ValueError):
    """A pattern the runner would reject (for example one with a `..` segment)."""


class MatchKind(IntFlag):
    NONE = 0
    DIRECTORY = 1
    FILE = 2
    ALL = 3


Segment = str | re.Pattern[str]  # GLOBSTAR, a literal, or a compiled segment regex


@dataclass(frozen=True)
class Pattern:
    negate: bool
    segments: tuple[Segment, ...]  # after the root "/"; absolute
    raw_segments: tuple[str, ...]
    search_path: str
    directory_only: bool
    implicit: bool

    def match(self, path: str) -> MatchKind:
        parts = path.split("/")[1:]
        if self.raw_segments[-1] == GLOBSTAR and not self.implicit:
            parts.append("")  # minimatch only matches `/a/**` against `/a/`, not `/a`
        if not match_segments(parts, self.segments, partial=False):
            return MatchKind.NONE
        return MatchKind.DIRECTORY if self.directory_only else MatchKind.ALL

    def partial_match(self, path: str) -> bool:
        if path == "/":
            return True
        return match_segments(path.split("/")[1:], self.segments, partial=True)


def match_all(patterns: list[Pattern], path: str) -> MatchKind:
    """Apply patterns in order: a positive match ORs its kind in, a negated one clears it."""
    result = MatchKind.NONE
    for pattern in patterns:
        kind = pattern.match(path)
        result = result & ~kind if pattern.negate else result | kind
    return result


def match_segments(file: list[str], pattern: tuple[Segment, ...], *, partial: bool) -> bool:
    """minimatch's matchOne: walk both lists; a globstar swallows zero or more segments."""
    fi = 0
    for pi, seg in enumerate(pattern):
        if fi == len(file):
            return partial
        if seg == GLOBSTAR:
            rest = pattern[pi + 1 :]
            if not rest:
                return True  # a trailing ** swallows the remaining (at least one) segments
            tails = range(fi, len(file))
            if any(match_segments(file[i:], rest, partial=partial) for i in tails):
                return True
            return partial
        if not _segment_hit(seg, file[fi]):
            return False
        fi += 1
    return fi == len(file) or (fi == len(file) - 1 and file[fi] == "")


def _segment_hit(seg: Segment, name: str) -> bool:
    if isinstance(seg, str):
        return seg == name
    return bool(name) and seg.fullmatch(name) is not None


def parse_patterns(text: str | list[str], cwd: str, home: str) -> list[Pattern]:
    """Parse pattern lines and insert the implicit `P/**` descendants, in order."""
    lines = text.split("\n") if isinstance(text, str) else text
    result: list[Pattern] = []
    for raw_line in lines:
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        pattern = _parse_line(line, cwd, home)
        result.append(pattern)
        if pattern.directory_only or pattern.raw_segments[-1] != GLOBSTAR:
            result.append(_implicit_descendants(pattern))
    return result


def _implicit_descendants(p: Pattern) -> Pattern:
    raw = (*p.raw_segments, GLOBSTAR)
    return Pattern(p.negate, (*p.segments, GLOBSTAR), raw, p.search_path, False, True)


def _parse_line(line: str, cwd: str, home: str) -> Pattern:
    negate = False
    while line.startswith("!"):
        negate = not negate
        line = line[1:].strip()
    if not line:
        raise PatternError("pattern cannot be empty")
    _check_relative_segments(line)
    base, rest = _split_base(line, cwd, home)
    raw = [s for s in rest.split("/") if s]
    prefix = [s for s in base.split("/") if s]
    search = list(prefix)
    for segment in raw:
        literal = _literal(segment)
        if literal is None:
            break
        search.append(literal)
    segments: list[Segment] = [*prefix, *(_compile(s) for s in raw)]
    raw_all = (*prefix, *raw) or ("",)
    directory_only = rest.endswith("/")
    search_path = "/" + "/".join(search)
    return Pattern(negate, tuple(segments), raw_all, search_path, directory_only, False)


def _check_relative_segments(line: str) -> None:
    offset = 1 if line.startswith("/") else 0  # the root is segment 0 of an absolute path
    literals = [_literal(s) for s in line.split("/") if s]
    for i, lit in enumerate(literals, start=offset):
        if lit == ".." or (lit == "." and i > 0):
            msg = f"invalid pattern `{line}`: relative pathing `.` and `..` is not allowed"
            raise PatternError(msg)


def _split_base(line: str, cwd: str, home: str) -> tuple[str, str]:
    """(literal directory the pattern is rooted at, the rest of the pattern)."""
    if line == "." or line.startswith("./"):
        return cwd, line[1:]
    if line == "~" or line.startswith("~/"):
        return home, line[1:]
    if line.startswith("/"):
        return "", line
    return cwd, "/" + line


def _literal(segment: str) -> str | None:
    """The segment's literal text, or None when it holds a glob (@actions/glob getLiteral)."""
    out: list[str] = []
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            out.append(segment[i + 1])
            i += 2
            continue
        if ch in "*?":
            return None
        if ch == "[" and i + 1 < len(segment):
            members, end = _class_members(segment, i)
            if end >= 0 and len(members) > 1:
                return None
            if end >= 0 and members:
                out.append(members)
                i = end + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _class_members(segment: str, start: int) -> tuple[str, int]:
    """getLiteral's view of `[...]` at `start`: (members, index of `]` or -1)."""
    members: list[str] = []
    i = start + 1
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            members.append(segment[i + 1])
            i += 2
            continue
        if ch == "]":
            return "".join(members), i
        members.append(ch)
        i += 1
    return "".join(members), -1


def _compile(segment: str) -> Segment:
    if segment == GLOBSTAR:
        return GLOBSTAR
    regex, magic = _translate(segment)
    if not magic:
        return re.sub(r"\\(.)", r"\1", segment)
    return re.compile(regex, re.DOTALL)


def _translate(segment: str) -> tuple[str, bool]:
    """minimatch's segment-to-regex translation (no braces, no extglobs)."""
    out: list[str] = []
    magic = False
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            out.append(re.escape(segment[i + 1]))
            i += 2
        elif ch in "*?":
            out.append("[^/]*?" if ch == "*" else "[^/]")
            magic, i = True, i + 1
        elif ch == "[" and (cls := _class_regex(segment, i)) is not None:
            out.append(cls[0])
            magic, i = True, cls[1] + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out), magic


def _class_regex(segment: str, start: int) -> tuple[str, int] | None:
    """A `[...]` class as a Python regex class; a `]` right after `[` or `[!` is a member."""
    i = start + 1
    negate = i < len(segment) and segment[i] in "!^"
    i += negate
    body: list[str] = []
    first = True
    while i < len(segment):
        ch = segment[i]
        if ch == "]" and not first:
            inner = "".join(body)
            return ("[^" if negate else "[") + inner + "]", i
        if ch == "\\" and i + 1 < len(segment):
            body.append(re.escape(segment[i + 1]))
            i += 2
        else:
            body.append("-" if ch == "-" and body and i + 1 < len(segment) else re.escape(ch))
            i += 1
        first = False
    return None
