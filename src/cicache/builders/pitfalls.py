"""Builder versions, and the version pitfalls that silently defeat a remote cache.

Sources: reference buildkit-cache.md §7 (buildah/podman `--cache-to`/`--cache-from`).
- buildah < 1.27 (podman < 4.2) has no `--cache-to`/`--cache-from` at all.
- buildah < 1.29 (podman < 4.4, which vendors it) never pulls a remote cache entry after an
  `ARG` step (buildah#4315, fixed by PR #4326): on a fresh runner every step from the first
  `ARG` on is rebuilt and pushed again, so a refresh build-arg defeats the cache completely.
- `RUN --mount=...` steps get no cache key in buildah and are never cached remotely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Pitfall", "Version", "dockerfile_pitfalls", "parse_version"]

Version = tuple[int, int, int]

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
# builder -> (first version with remote cache flags, first version reusing cache after ARG)
_THRESHOLDS: dict[str, tuple[Version, Version]] = {
    "buildah": ((1, 27, 0), (1, 29, 0)),
    "podman": ((4, 2, 0), (4, 4, 0)),
}


@dataclass(frozen=True)
class Pitfall:
    code: str  # stable, kebab-case
    message: str
    fatal: bool = False


def parse_version(text: str) -> Version | None:
    """`buildah version 1.28.2 (image-spec ...)` -> (1, 28, 2)."""
    match = _VERSION.search(text)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def _show(version: Version) -> str:
    return ".".join(map(str, version))


def _instructions(text: str) -> list[tuple[int, str]]:
    """(line, instruction text) after the first FROM, continuations folded."""
    out: list[tuple[int, str]] = []
    seen_from, pending, start = False, "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        start = start if pending else number
        pending += line.removesuffix("\\") + " "
        if line.endswith("\\"):
            continue
        keyword = pending.split(None, 1)[0].upper()
        seen_from = seen_from or keyword == "FROM"
        if seen_from:
            out.append((start, pending.strip()))
        pending = ""
    return out


def dockerfile_pitfalls(
    builder: str, version: Version | None, dockerfile: Path, reads_cache: bool
) -> list[Pitfall]:
    thresholds = _THRESHOLDS.get(builder)
    if thresholds is None or version is None:
        return []
    flags_since, arg_fix = thresholds
    if version < flags_since:
        return [
            Pitfall(
                "no-remote-cache",
                f"{builder} {_show(version)} has no --cache-to/--cache-from "
                f"(they arrived in {_show(flags_since)})",
                fatal=True,
            )
        ]
    try:
        steps = _instructions(dockerfile.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []
    found: list[Pitfall] = []
    args = [n for n, s in steps if s.split(None, 1)[0].upper() == "ARG"]
    if args and reads_cache and version < arg_fix:
        found.append(
            Pitfall(
                "arg-defeats-remote-cache",
                f"{builder} {_show(version)} never reuses remote cache after an `ARG` step "
                f"(buildah#4315, fixed in {builder} {_show(arg_fix)}): on a fresh runner every "
                f"step from `{dockerfile.name}:{args[0]}` on rebuilds",
            )
        )
    mounts = [n for n, s in steps if re.match(r"(?i)RUN\s+(?:--\S+\s+)*--mount", s)]
    if mounts and reads_cache:
        found.append(
            Pitfall(
                "run-mount-not-cached",
                f"{builder} never caches `RUN --mount` steps remotely "
                f"(`{dockerfile.name}:{mounts[0]}`)",
            )
        )
    return found
