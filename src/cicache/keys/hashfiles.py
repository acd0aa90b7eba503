"""`hashFiles()` exactly as the GitHub runner computes it.

Reference: /work/shared/reference/actions-cache-and-hashfiles.md sections 2.3-2.5. The order
is not a global sort: search paths come in pattern order, each is walked depth-first with a
directory's children in byte order (libuv `scandir` uses `strcmp`), and the digest is the
sha256 over each matched file's raw sha256 digest in that order. No match gives "".
"""

# String paths on purpose: the walk mirrors node's string paths and stays fast on big trees.
# ruff: noqa: PTH116, PTH118, PTH120, PTH123
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from cicache.keys.globpattern import MatchKind, Pattern, States, kind_of, parse_patterns

__all__ = ["HashFilesError", "hash_files", "matched_files"]

_CHUNK = 1 << 20


class HashFilesError(ValueError):
    """The runner's script would fail (bad pattern, matched broken symlink, unreadable file)."""


def hash_files(
    patterns: list[str], cwd: str | os.PathLike[str], *, follow_symlinks: bool = False
) -> str:
    digest = hashlib.sha256()
    count = 0
    for path in matched_files(patterns, cwd, follow_symlinks=follow_symlinks):
        digest.update(_file_digest(path))
        count += 1
    return digest.hexdigest() if count else ""


def matched_files(
    patterns: list[str], cwd: str | os.PathLike[str], *, follow_symlinks: bool = False
) -> Iterator[str]:
    """Files hashFiles() would hash, in its order (inside cwd, not directories)."""
    root = os.path.realpath(cwd)  # node's process.cwd() is getcwd(): symlinks resolved
    try:
        parsed = parse_patterns(patterns, root, str(Path.home()))
    except ValueError as exc:
        raise HashFilesError(str(exc)) from exc
    for search_path in _search_paths(parsed):
        for path, hint in _walk(search_path, parsed, follow_symlinks):
            if not path.startswith(root.rstrip("/") + "/"):
                continue  # the runner ignores files outside the workspace
            if hint == "f" or not _is_directory(path):  # the runner stat()s: links followed
                yield path


def _is_directory(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as exc:  # a matched broken symlink fails the runner's script too
        raise HashFilesError(f"cannot hash `{path}`: {exc.strerror}") from exc


def _file_digest(path: str) -> bytes:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
    except OSError as exc:
        raise HashFilesError(f"cannot hash `{path}`: {exc.strerror}") from exc
    return h.digest()


def _search_paths(patterns: list[Pattern]) -> list[str]:
    """Positive patterns' literal prefixes in written order, minus those under another one."""
    positive = [p.search_path for p in patterns if not p.negate and not p.implicit]
    candidates = set(positive)
    result: list[str] = []
    for path in positive:
        if path in result:
            continue
        parent, child = os.path.dirname(path), path
        while parent != child and parent not in candidates:
            parent, child = os.path.dirname(parent), parent
        if parent == child:
            result.append(path)
    return result


def _walk(search_path: str, patterns: list[Pattern], follow: bool) -> Iterator[tuple[str, str]]:
    """Depth-first, children in byte order; symlinks traversed only when following.

    Yields (path, type hint). Each stack item carries every pattern's matcher state, advanced
    by one name per level, and the type scandir reported (no lstat per entry).
    """
    try:
        os.lstat(search_path)
    except FileNotFoundError:
        return
    except OSError as exc:  # e.g. ENOTDIR: the runner's script fails on these too
        raise HashFilesError(f"cannot read `{search_path}`: {exc.strerror}") from exc
    positive = [i for i, p in enumerate(patterns) if not p.negate]
    start = tuple(p.states_of(search_path) for p in patterns)
    stack: list[tuple[str, int, tuple[States, ...], str]] = [(search_path, 1, start, "")]
    chain: list[str] = []  # realpaths of the directories above, to cut symlink cycles
    while stack:
        path, level, states, hint = stack.pop()
        kind = kind_of(patterns, states)
        if not kind and not any(states[i] for i in positive):
            continue  # neither a match nor a possible ancestor of one
        is_dir = _is_dir(path, hint, level, follow, chain)
        if is_dir is None:
            continue
        if is_dir:
            for name, child_hint in _children(path):
                child = tuple(p.advance(st, name) for p, st in zip(patterns, states, strict=True))
                stack.append((os.path.join(path, name), level + 1, child, child_hint))
        elif kind & MatchKind.FILE:
            yield path, hint


def _is_dir(path: str, hint: str, level: int, follow: bool, chain: list[str]) -> bool | None:
    """Like the runner's lstat (or stat when following); None: skip (broken link, cycle)."""
    if hint == "f" or (hint and not follow):
        return hint == "d"
    try:
        mode = os.stat(path).st_mode if follow else os.lstat(path).st_mode
    except FileNotFoundError:
        return None  # broken symlinks are omitted when following
    except OSError as exc:
        raise HashFilesError(f"cannot read `{path}`: {exc.strerror}") from exc
    if stat.S_ISDIR(mode) and follow:
        real = os.path.realpath(path)
        del chain[level - 1 :]
        if real in chain:
            return None
        chain.append(real)
    return stat.S_ISDIR(mode)


def _children(path: str) -> list[tuple[str, str]]:
    """(name, hint) in reverse byte order (a stack pops them in order); hint d/f/l/o."""
    try:
        with os.scandir(path) as it:
            entries = [(e.name, _hint(e)) for e in it]
    except OSError as exc:
        raise HashFilesError(f"cannot list `{path}`: {exc.strerror}") from exc
    return sorted(entries, key=lambda e: os.fsencode(e[0]), reverse=True)


def _hint(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "l"
    if entry.is_dir(follow_symlinks=False):
        return "d"
    return "f" if entry.is_file(follow_symlinks=False) else "o"
