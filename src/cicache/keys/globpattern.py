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

from dataclasses import dataclass
from enum import IntFlag

from cicache.keys.globsegment import (
    GLOBSTAR,
    GLOBSTAR_SEGMENT,
    Segment,
    compile_segment,
    literal,
    segment_hit,
)

__all__ = [
    "GLOBSTAR",
    "MatchKind",
    "Pattern",
    "PatternError",
    "States",
    "kind_of",
    "match_all",
    "parse_patterns",
]


class PatternError(ValueError):
    """A pattern the runner would reject (for example one with a `..` segment)."""


class MatchKind(IntFlag):
    NONE = 0
    DIRECTORY = 1
    FILE = 2
    ALL = 3


States = frozenset[int]

# Matching runs minimatch's matchOne as a small automaton over path segments, so a walk can
# advance each pattern's state by one name per directory level instead of re-matching whole
# paths. States: an index into the segments; ALL after a trailing ** swallowed a segment;
# TRAILING_EMPTY after the pattern ended and one empty segment (a trailing `/`) followed.
ALL, TRAILING_EMPTY = -1, -2


@dataclass(frozen=True)
class Pattern:
    negate: bool
    segments: tuple[Segment, ...]  # after the root "/"; absolute
    raw_segments: tuple[str, ...]
    search_path: str
    directory_only: bool
    implicit: bool

    @property
    def _append_slash(self) -> bool:
        # @actions/glob appends `/` to items for explicit patterns ending in `**`, because
        # minimatch matches `/a/**` against `/a/` but not `/a`.
        return self.raw_segments[-1] == GLOBSTAR and not self.implicit

    def start(self) -> States:
        return self._closure(0)

    def _closure(self, index: int) -> States:
        """`index` plus the positions reachable by letting middle `**`s match nothing."""
        out = {index}
        last = len(self.segments) - 1
        while index < last and self.segments[index] is GLOBSTAR_SEGMENT:
            index += 1
            out.add(index)
        return frozenset(out)

    def advance(self, states: States, name: str) -> States:
        out: set[int] = set()
        n = len(self.segments)
        for s in states:
            if s == ALL:
                out.add(ALL)
            elif s == n:
                if name == "":
                    out.add(TRAILING_EMPTY)
            elif s >= 0:
                seg = self.segments[s]
                if seg is GLOBSTAR_SEGMENT:
                    out.add(ALL) if s == n - 1 else out.update(self._closure(s))
                elif segment_hit(seg, name):
                    out.update(self._closure(s + 1))
        return frozenset(out)

    def accepts(self, states: States) -> bool:
        return bool(states & {len(self.segments), ALL, TRAILING_EMPTY})

    def kind(self, states: States) -> MatchKind:
        if self._append_slash:
            states = self.advance(states, "")
        if not self.accepts(states):
            return MatchKind.NONE
        return MatchKind.DIRECTORY if self.directory_only else MatchKind.ALL

    def states_of(self, path: str) -> States:
        states = self.start()
        for name in path.split("/")[1:] if path != "/" else ():
            states = self.advance(states, name)
        return states

    def match(self, path: str) -> MatchKind:
        return self.kind(self.states_of(path))

    def partial_match(self, path: str) -> bool:
        return bool(self.states_of(path))


def match_all(patterns: list[Pattern], path: str) -> MatchKind:
    """Apply patterns in order: a positive match ORs its kind in, a negated one clears it."""
    return kind_of(patterns, tuple(p.states_of(path) for p in patterns))


def kind_of(patterns: list[Pattern], states: tuple[States, ...]) -> MatchKind:
    result = MatchKind.NONE
    for pattern, st in zip(patterns, states, strict=True):
        kind = pattern.kind(st)
        result = result & ~kind if pattern.negate else result | kind
    return result


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
    return Pattern(p.negate, (*p.segments, GLOBSTAR_SEGMENT), raw, p.search_path, False, True)


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
        text = literal(segment)
        if text is None:
            break
        search.append(text)
    segments: list[Segment] = [*prefix, *(compile_segment(s) for s in raw)]
    raw_all = (*prefix, *raw) or ("",)
    directory_only = rest.endswith("/")
    search_path = "/" + "/".join(search)
    return Pattern(negate, tuple(segments), raw_all, search_path, directory_only, False)


def _check_relative_segments(line: str) -> None:
    offset = 1 if line.startswith("/") else 0  # the root is segment 0 of an absolute path
    literals = [literal(s) for s in line.split("/") if s]
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
