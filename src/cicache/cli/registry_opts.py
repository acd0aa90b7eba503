"""What the registry commands (status, inspect, evict, prune) share: options, opening the
cache repository, a progress bar on terminals, and size formatting."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from cicache import console
from cicache.errors import UsageError
from cicache.manage.inventory import Progress
from cicache.manage.session import RepoSession, open_session

__all__ = ["human_size", "open_repo", "progress_bar", "registry_options"]

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
            "--registry",
            metavar="HOST[:PORT]/REPO",
            help="Cache repository to manage (no configuration needed).",
        ),
    ]
    for option in options:
        func = option(func)
    return func


def open_repo(
    registry: str | None, insecure: bool, provider: str | None, concurrency: int
) -> RepoSession:
    if not registry:
        raise UsageError(
            "no cache repository given",
            hint="pass `--registry HOST[:PORT]/REPO`, e.g. `quay.io/org/ci-cache`",
        )
    return open_session(registry, insecure=insecure, provider=provider, concurrency=concurrency)


@contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A rich progress bar on an interactive stderr; nothing in CI logs or pipes."""
    if not console.is_terminal(sys.stderr) or console.in_ci():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"  # pragma: no cover
