"""Anywhere else (a laptop, an unknown CI): the checkout's own HEAD, event `local`.

`local` is not a write event, so a developer running cicache by hand only reads, unless they
say otherwise with `--event`. HEAD is read from `.git` directly: no subprocess for a ref.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cicache.ci.context import Context

__all__ = ["detect", "matches"]


def matches(env: Mapping[str, str]) -> bool:
    return True


def _git_dir(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        candidate = directory / ".git"
        if candidate.is_dir():
            return candidate
        if candidate.is_file():  # worktrees and submodules: "gitdir: <path>"
            text = candidate.read_text(encoding="utf-8").strip()
            if text.startswith("gitdir:"):
                return (directory / text.removeprefix("gitdir:").strip()).resolve()
    return None


def _resolve(git_dir: Path, ref: str) -> str:
    loose = git_dir / ref
    if loose.is_file():
        return loose.read_text(encoding="utf-8").strip()
    packed = git_dir / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            sha, _, name = line.partition(" ")
            if name == ref:
                return sha
    return ""


def detect(env: Mapping[str, str], cwd: Path | None = None) -> Context:
    git_dir = _git_dir(cwd or Path.cwd())
    if git_dir is None:
        return Context()
    try:
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return Context()
    if head.startswith("ref:"):
        ref = head.removeprefix("ref:").strip()
        return Context(ref=ref, sha=_resolve(git_dir, ref))
    return Context(sha=head)  # detached HEAD
