"""The CI context cicache runs in: provider, event, refs, identity of the run and the machine."""

from __future__ import annotations

import platform
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["PULL_REQUEST_EVENTS", "Context", "normalise_arch", "normalise_ref"]

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target", "merge_group_pr"})

_ARCH = {
    "x64": "amd64",
    "x86_64": "amd64",
    "amd64": "amd64",
    "arm64": "arm64",
    "aarch64": "arm64",
    "arm": "arm",
    "x86": "386",
    "i386": "386",
    "i686": "386",
}


def normalise_arch(value: str) -> str:
    return _ARCH.get(value.lower(), value.lower())


def normalise_ref(value: str) -> str:
    """`main` -> `refs/heads/main`; full refs are kept."""
    if not value or value.startswith("refs/"):
        return value
    return f"refs/heads/{value}"


@dataclass(frozen=True)
class Context:
    provider: str = "local"
    event: str = "local"
    ref: str = ""
    default_branch: str = ""
    base_ref: str = ""  # pull requests: the branch they target
    pr_number: str = ""
    run_id: str = ""
    sha: str = ""
    repository: str = ""
    os: str = platform.system().lower()
    arch: str = normalise_arch(platform.machine())

    @property
    def branch(self) -> str:
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else ""

    @property
    def tag(self) -> str:
        return self.ref.removeprefix("refs/tags/") if self.ref.startswith("refs/tags/") else ""

    @property
    def is_pull_request(self) -> bool:
        return self.event in PULL_REQUEST_EVENTS or self.ref.startswith("refs/pull/")

    @property
    def is_default_branch(self) -> bool:
        return bool(self.branch) and self.branch == self.default_branch

    def with_overrides(self, **overrides: str | None) -> Context:
        """Flags win over detection; `None` means "not given"."""
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        if "ref" in given:
            given["ref"] = normalise_ref(given["ref"])
        if "arch" in given:
            given["arch"] = normalise_arch(given["arch"])
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"unknown context fields: {sorted(unknown)}")
        return replace(self, **given)

    def as_dict(self) -> dict[str, str]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(branch=self.branch, tag=self.tag)
        return data
