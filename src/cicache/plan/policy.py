"""Who reads and who writes: the cache policy applied to a CI context.

Default (see `PolicyOptions`): pushes to the default branch, tag pushes, schedules and
manual runs read and write; pull requests and every other event only read, so untrusted code
never writes a cache that trusted builds will restore.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from cicache.ci.context import Context
from cicache.config.model import PolicyOptions

__all__ = ["Access", "decide", "is_trusted_writer", "slug"]


@dataclass(frozen=True)
class Access:
    write: bool
    reason: str
    scope: str = ""  # branch-scoped tags: the branch (slug) this run writes and reads first
    read_scopes: tuple[str, ...] = ()  # extra scopes to read before the shared tag


def slug(branch: str) -> str:
    """A branch name as a tag fragment: `release/1.2` -> `release-1.2`."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", branch).strip("-.") or "branch"


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    return bool(name) and any(fnmatch.fnmatchcase(name, g) for g in globs)


def _write_ref(policy: PolicyOptions, context: Context) -> str:
    """Why this ref may write (a non-empty reason), or ""."""
    if context.is_default_branch and "default-branch" in policy.write_refs:
        return f"default branch `{context.branch}`"
    if context.tag and "tags" in policy.write_refs:
        return f"tag `{context.tag}`"
    globs = tuple(r for r in policy.write_refs if r not in ("default-branch", "tags"))
    if _matches(context.branch, globs):
        return f"branch `{context.branch}` (policy.write-refs)"
    return ""


def decide(policy: PolicyOptions, context: Context) -> Access:
    own_scope = ""
    if _matches(context.branch, policy.branch_scoped) and not context.is_default_branch:
        own_scope = slug(context.branch)
    base_scope = ""
    if context.is_pull_request and _matches(context.base_ref, policy.branch_scoped):
        base_scope = slug(context.base_ref)
    reads = tuple(s for s in (own_scope, base_scope) if s)
    event = context.event or "unknown"
    if event not in policy.write_events:
        return Access(False, f"`{event}` events only read (policy.write-events)", "", reads)
    if own_scope:
        return Access(True, f"`{event}` on long-lived branch `{context.branch}`", own_scope, reads)
    why = _write_ref(policy, context)
    if why:
        return Access(True, f"`{event}` on {why}", "", reads)
    ref = f"`{context.ref}`" if context.ref else "an unknown ref (pass `--ref`)"
    return Access(False, f"`{event}` on {ref} is not a write ref (policy.write-refs)", "", reads)


def is_trusted_writer(trusted_events: tuple[str, ...], event: str) -> bool:
    """Whether a native cache entry written by `event` may be restored."""
    return event in trusted_events
