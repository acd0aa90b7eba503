"""The `Builder` protocol every driver implements, and what drivers share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from cicache.builders.pitfalls import Pitfall, Version
from cicache.builders.process import Runner
from cicache.builders.spec import BuildOutcome, BuildSpec
from cicache.errors import BuildError

__all__ = ["Builder", "Log", "build_failed"]

Log = Callable[[str], None]


class Builder(Protocol):
    name: str

    def version(self) -> Version | None:
        """The installed version, or None when the builder cannot run here."""
        ...

    def cache_location(self, ref: str) -> str:
        """Where this builder really keeps the cache the plan names `ref`."""
        ...

    def commands(self, spec: BuildSpec) -> list[list[str]]:
        """The exact command lines `build` runs (what `--dry-run` prints)."""
        ...

    def pitfalls(self, spec: BuildSpec) -> list[Pitfall]:
        """Known ways this builder version defeats the cache for this build."""
        ...

    def build(self, spec: BuildSpec, runner: Runner, log: Log) -> BuildOutcome:
        """Run the build; raise `BuildError` carrying the builder's own error line if it fails."""
        ...


def build_failed(tool: str, status: int, errors: Sequence[str]) -> BuildError:
    last = errors[-1] if errors else "(it printed no error line; see the log above)"
    return BuildError(
        f"{tool} exited with status {status}: {last}",
        hint="the builder's full output is above" if errors else None,
    )
