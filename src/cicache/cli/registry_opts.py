"""What the registry commands (status, inspect, evict, prune) share: options, opening the
cache repository, a progress bar on terminals, and size formatting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from cicache.cli.options import load_project, project_options
from cicache.console import human_size, progress_bar
from cicache.errors import ConfigError, UsageError
from cicache.manage.configured import ConfiguredRepo, configured_repos
from cicache.manage.session import RepoSession, open_session

__all__ = [
    "Where",
    "human_size",
    "open_for",
    "open_repo",
    "progress_bar",
    "registry_options",
    "repositories",
]

F = TypeVar("F", bound=Callable[..., Any])


def registry_options(func: F) -> F:
    options = [
        click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout."),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 64),
            default=16,
            show_default=True,
            help="Registry requests in flight.",
        ),
        click.option(
            "--provider",
            type=click.Choice(["distribution", "quay", "ghcr", "dockerhub"]),
            help="Registry API flavour (default: by host).",
        ),
        click.option("--insecure", is_flag=True, help="Use plain HTTP for this registry."),
        click.option(
            "--target",
            "targets",
            multiple=True,
            help="With a configuration: only this target's cache repository (repeatable).",
        ),
        click.option(
            "--registry",
            metavar="HOST[:PORT]/REPO",
            help="Cache repository to manage (no configuration needed).",
        ),
    ]
    for option in options:
        func = option(func)
    decorated: F = project_options(func)
    return decorated


@dataclass(frozen=True)
class Where:
    """The repositories a registry command acts on: `--registry`, else the configuration's."""

    registry: str | None
    insecure: bool
    provider: str | None
    concurrency: int
    targets: tuple[str, ...]
    directory: Path | None
    config_file: Path | None


def repositories(where: Where) -> list[ConfiguredRepo | None]:
    """`[None]` in ad-hoc mode (`--registry`); else one record per configured repository."""
    if where.registry:
        if where.targets:
            raise UsageError("--target needs a configuration, not --registry")
        return [None]
    try:
        config = load_project(where.directory, where.config_file)
    except ConfigError as exc:
        if where.config_file or "no cicache config" not in exc.message:
            raise
        raise UsageError(
            "no cache repository given",
            hint="pass `--registry HOST[:PORT]/REPO` or run where a cicache config is",
        ) from None
    return list(configured_repos(config, where.targets))


def open_for(where: Where, repo: ConfiguredRepo | None) -> RepoSession:
    if repo is None:
        return open_repo(where.registry, where.insecure, where.provider, where.concurrency)
    return open_session(
        repo.repository,
        insecure=where.insecure or repo.insecure,
        provider=where.provider or repo.provider,
        concurrency=where.concurrency,
    )


def open_repo(
    registry: str | None, insecure: bool, provider: str | None, concurrency: int
) -> RepoSession:
    if not registry:
        raise UsageError(
            "no cache repository given",
            hint="pass `--registry HOST[:PORT]/REPO`, e.g. `quay.io/org/ci-cache`",
        )
    return open_session(registry, insecure=insecure, provider=provider, concurrency=concurrency)
