"""Builders: buildx, buildah and podman behind one `Builder` protocol.

Adding a builder: one module implementing `Builder`, one line in `BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from cicache.builders.base import Builder
from cicache.builders.buildah import Buildah
from cicache.builders.buildx import Buildx
from cicache.builders.podman import Podman
from cicache.builders.spec import BuildOutcome, BuildSpec, ExportOutcome, Step
from cicache.errors import BuildError

__all__ = [
    "BUILDERS",
    "BuildOutcome",
    "BuildSpec",
    "Builder",
    "ExportOutcome",
    "Step",
    "detect",
    "get",
]

# name -> factory, in auto-detection order: buildx where Docker has it, else buildah, podman.
BUILDERS: dict[str, Callable[[], Builder]] = {
    "buildx": Buildx,
    "buildah": Buildah,
    "podman": Podman,
}


def get(name: str) -> Builder:
    factory = BUILDERS.get(name)
    if factory is None:
        raise BuildError(
            f"unknown builder `{name}`", hint=f"builders are {', '.join(sorted(BUILDERS))}"
        )
    return factory()


def detect(candidates: dict[str, Callable[[], Builder]] | None = None) -> Builder:
    """The first builder that runs here (`docker buildx version`, `buildah --version`...)."""
    for factory in (candidates or BUILDERS).values():
        builder = factory()
        if builder.version() is not None:
            return builder
    raise BuildError(
        "no builder found: none of `docker buildx`, `buildah`, `podman` runs here",
        hint="install one (Debian: `apt-get install buildah`) or pass `--builder`",
    )
