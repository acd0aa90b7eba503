"""Registry references: `HOST[:PORT]/REPO[:TAG|@DIGEST]`, parsed once.

Docker Hub names (`library/alpine`, `docker.io/org/repo`) are normalised to the API host
`registry-1.docker.io`, the way the docker CLI does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cicache.errors import UsageError

__all__ = ["DOCKER_HUB_API", "ImageRef", "RepoRef", "parse_image_ref", "parse_repo_ref"]

DOCKER_HUB_API = "registry-1.docker.io"
_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
_REPO = re.compile(
    r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = re.compile(rf"^(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9A-Fa-f:.]+\])(?::(\d{{1,5}}))?$")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class RepoRef:
    host: str  # API host[:port], e.g. `quay.io`, `127.0.0.1:5000`, `registry-1.docker.io`
    repo: str  # repository path, e.g. `org/ci-cache`

    def __str__(self) -> str:
        return f"{self.host}/{self.repo}"


@dataclass(frozen=True)
class ImageRef:
    repo_ref: RepoRef
    reference: str  # a tag or a `sha256:` digest

    @property
    def is_digest(self) -> bool:
        return self.reference.startswith("sha256:")

    def __str__(self) -> str:
        sep = "@" if self.is_digest else ":"
        return f"{self.repo_ref}{sep}{self.reference}"


def _looks_like_host(part: str) -> bool:
    return "." in part or ":" in part or part == "localhost"


def parse_repo_ref(text: str) -> RepoRef:
    """`HOST[:PORT]/REPO` (no tag). A bare `org/repo` means Docker Hub."""
    first, _, rest = text.strip().partition("/")
    if rest and _looks_like_host(first):
        host, repo = first.lower(), rest
    else:
        host, repo = "docker.io", text.strip()
    _check_host(host, text)
    if host in _HUB_ALIASES:
        host = DOCKER_HUB_API
        repo = repo if "/" in repo else f"library/{repo}"
    if not _REPO.match(repo):
        raise UsageError(
            f"invalid repository `{text}`",
            hint="expected `HOST[:PORT]/REPO`, e.g. `quay.io/org/ci-cache`",
        )
    return RepoRef(host, repo)


def _check_host(host: str, text: str) -> None:
    match = _HOST.match(host)
    if not match or not 0 < int(match[1] or 443) < 65536:
        raise UsageError(
            f"invalid registry host `{host}` in `{text}`",
            hint="expected `HOST[:PORT]/REPO`, e.g. `127.0.0.1:5000/ci-cache`",
        )


def split_reference(text: str) -> tuple[str, str | None]:
    """Split `NAME[:TAG|@DIGEST]` into the name and the tag or digest (a port is not a tag)."""
    if "@" in text:
        name, _, digest = text.partition("@")
        return name, digest
    slash = text.rfind("/")
    colon = text.rfind(":")
    if colon > slash:
        return text[:colon], text[colon + 1 :]
    return text, None


def parse_image_ref(text: str, default_tag: str | None = "latest") -> ImageRef:
    name, reference = split_reference(text.strip())
    reference = reference or default_tag
    if reference is None:
        raise UsageError(f"`{text}` names no tag", hint="write `HOST/REPO:TAG`")
    valid = _DIGEST if reference.startswith("sha256:") else _TAG
    if not valid.match(reference):
        raise UsageError(f"invalid tag or digest `{reference}` in `{text}`")
    return ImageRef(parse_repo_ref(name), reference)
