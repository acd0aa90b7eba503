"""One path segment of a glob pattern: its literal text, or a compiled regex (minimatch).

With the runner's options (`nobrace`, `noext`): `*` and `?` do not cross `/`, `[...]` is a
class (`[!a]`/`[^a]` negated; a `]` right after `[` is a member), `\\` escapes the next
character, and a segment without any of these is compared literally.
"""

from __future__ import annotations

import re

__all__ = ["GLOBSTAR", "GLOBSTAR_SEGMENT", "Segment", "compile_segment", "literal", "segment_hit"]

GLOBSTAR = "**"


class _Globstar:
    def __repr__(self) -> str:
        return "GLOBSTAR"


GLOBSTAR_SEGMENT = _Globstar()  # a whole `**` segment (a literal `\\*\\*` stays a string)
Segment = str | re.Pattern[str] | _Globstar


def segment_hit(seg: Segment, name: str) -> bool:
    if isinstance(seg, str):
        return seg == name
    assert isinstance(seg, re.Pattern)
    return bool(name) and seg.fullmatch(name) is not None


def literal(segment: str) -> str | None:
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


def compile_segment(segment: str) -> Segment:
    if segment == GLOBSTAR:
        return GLOBSTAR_SEGMENT
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
