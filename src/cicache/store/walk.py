"""The files under a cache root, in a stable order, as archive members.

Symlinks are never followed below the root. A link whose target leaves the root (absolute
or through `..`) is skipped and reported, because restoring it could point anywhere; an
absolute link into the root is stored relative. Sockets, FIFOs and devices are skipped.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Item", "items", "link_stays_inside"]


@dataclass(frozen=True)
class Item:
    name: str  # archive member name
    path: Path
    st: os.stat_result
    link: str | None = None  # symlink target as stored


def items(root: Path, prefix: str, skipped: list[str]) -> Iterator[Item]:
    st = root.stat()  # the root itself may be a symlink (e.g. ~/.cache -> /data/cache)
    yield Item(prefix, root, st)
    if stat.S_ISDIR(st.st_mode):
        yield from _children(root, root.resolve(), prefix, 0, skipped)


def _children(
    d: Path, real_root: Path, prefix: str, depth: int, skipped: list[str]
) -> Iterator[Item]:
    with os.scandir(d) as it:
        entries = sorted(it, key=lambda e: os.fsencode(e.name))
    for e in entries:
        path, name = Path(e.path), f"{prefix}/{e.name}"
        st = e.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            link = _stored_link(path, real_root, depth)
            if link is None:
                skipped.append(str(path))
            else:
                yield Item(name, path, st, link)
        elif stat.S_ISDIR(st.st_mode):
            yield Item(name, path, st)
            yield from _children(path, real_root, name, depth + 1, skipped)
        elif stat.S_ISREG(st.st_mode):
            yield Item(name, path, st)
        else:
            skipped.append(str(path))


def _stored_link(path: Path, real_root: Path, depth: int) -> str | None:
    target = str(path.readlink())
    if target.startswith("/"):
        real = Path(os.path.normpath(target))
        if real != real_root and real_root not in real.parents:
            return None
        target = os.path.relpath(real, path.parent.resolve())
    return target if link_stays_inside(target, depth) else None


def link_stays_inside(target: str, depth: int) -> bool:
    """Whether a relative link `depth` directories below its root stays inside it (lexically)."""
    if not target or target.startswith("/"):
        return False
    for part in target.split("/"):
        depth += -1 if part == ".." else 0 if part in ("", ".") else 1
        if depth < 0:
            return False
    return True
