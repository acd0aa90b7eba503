"""One error hierarchy. Each user-facing failure class owns its exit code.

Library errors (httpx, subprocess, YAML, TOML) are translated into these once, at the edge
where they happen, keeping the cause. Only `cicache.cli.main` catches and prints them.
"""

from __future__ import annotations

__all__ = [
    "BuildError",
    "CicacheError",
    "ConfigError",
    "RegistryError",
    "StoreError",
    "UsageError",
]


class CicacheError(Exception):
    """Base of every error cicache reports to a user: one line, an optional hint."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(CicacheError):
    """The configuration (or a file it points at, like a matrix) is invalid."""

    exit_code = 2


class UsageError(CicacheError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = 2


class RegistryError(CicacheError):
    """A registry could not be reached or answered with an error."""

    exit_code = 3


class StoreError(CicacheError):
    """A native cache store (local directory or registry) failed."""

    exit_code = 4


class BuildError(CicacheError):
    """A builder (buildx, buildah, podman) failed or is missing."""

    exit_code = 5
