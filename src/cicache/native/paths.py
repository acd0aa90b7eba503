"""Cache paths: expanding the configured lines into roots, and mapping roots back on restore.

A root is recorded by a portable label: under the home directory as `~/...`, under the
project root as a relative path, else absolute. A restore only writes a recorded root that
the configured paths allow (the same line, or a glob line matching it), so an entry can never
direct files outside the declared cache paths.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path

from cicache.errors import UsageError

__all__ = ["allowed", "expand", "label_of", "path_of"]

_MAGIC = set("*?[")


def _absolute(line: str, root: Path) -> Path:
    return Path(os.path.normpath(root / Path(line).expanduser()))


def expand(lines: tuple[str, ...], root: Path) -> list[Path]:
    """Existing roots for the configured lines, in order, without duplicates."""
    result: list[Path] = []
    for line in lines:
        if line.startswith("!"):
            raise UsageError(f"cache path `{line}`: exclusions are not supported")
        path = _absolute(line, root)
        if _MAGIC & set(line):
            found = [Path(p) for p in sorted(glob.glob(str(path)))]  # noqa: PTH207 - absolute
        else:
            found = [path] if os.path.lexists(path) else []
        if any(_replaceable_never(p, root) for p in found):
            raise UsageError(
                f"cache path `{line}` is the project, the home directory, `/` or above the"
                " project: a restore never replaces it, so it is not saved either",
                hint="cache the directories below it",
            )
        result.extend(p for p in found if p not in result)
    return result


def _replaceable_never(target: Path, root: Path) -> bool:
    return target in (Path.home(), Path("/")) or target == root or target in root.parents


def label_of(path: Path, root: Path) -> str:
    home = Path.home()
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix() or "."
    if path.is_relative_to(home):
        return "~/" + path.relative_to(home).as_posix()
    return path.as_posix()


def path_of(label: str, root: Path) -> Path:
    return _absolute(label, root)


def allowed(label: str, lines: tuple[str, ...], root: Path) -> bool:
    """May a recorded root be restored? It must be a configured path (or match a glob line),
    and never the project root, the home directory, `/`, or an ancestor of the project,
    because a restore replaces its target."""
    target = path_of(label, root)
    if _replaceable_never(target, root):
        return False
    return any(_same_or_matches(target, _absolute(line, root)) for line in lines)


def _same_or_matches(target: Path, pattern: Path) -> bool:
    """Equal, or matching a glob segment by segment (a `*` never spans a `/`)."""
    if len(target.parts) != len(pattern.parts):
        return False
    return all(fnmatch.fnmatchcase(t, p) for t, p in zip(target.parts, pattern.parts, strict=True))
