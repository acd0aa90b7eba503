"""Options shared by several commands: where the project is, and the CI context overrides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cicache.ci import Context, detect_context
from cicache.config import Config, load_config
from cicache.errors import ConfigError, UsageError

if TYPE_CHECKING:  # the planner is imported when used: registry commands do not need it
    from cicache.plan import Plan

__all__ = [
    "context_options",
    "load_plan",
    "load_project",
    "parse_time",
    "plan_options",
    "project_options",
    "resolve_context",
]

F = TypeVar("F", bound=Callable[..., Any])

# flag -> Context field. Every detected field can be overridden.
CONTEXT_FLAGS = {
    "event": "CI event name (push, pull_request, schedule, workflow_dispatch, ...).",
    "ref": "Git ref (`refs/heads/x`, `refs/tags/v1`; a bare name is a branch).",
    "default-branch": "The repository's default branch.",
    "base-ref": "Pull requests: the branch they target.",
    "sha": "Commit SHA.",
    "run-id": "CI run id.",
    "pr-number": "Pull request number.",
}


def project_options(func: F) -> F:
    func = click.option(
        "--config",
        "config_file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Config file (cicache.toml or pyproject.toml).",
    )(func)
    return click.option(
        "-C",
        "directory",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Run as if started in this directory.",
    )(func)


def context_options(func: F) -> F:
    for flag, help_text in reversed(CONTEXT_FLAGS.items()):
        func = click.option(f"--{flag}", flag.replace("-", "_"), help=help_text)(func)
    return func


def parse_time(text: str) -> datetime:
    """ISO-8601; a time without an offset is UTC."""
    if not text.strip():
        raise UsageError("empty `--at`", hint="e.g. `2027-01-01` or `2027-01-01T12:00:00Z`")
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(
            f"`--at {text}` is not an ISO-8601 time",
            hint="e.g. `2027-01-01` or `2027-01-01T12:00:00Z`",
        ) from exc
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def plan_options(*, entry_required: bool = False) -> Callable[[F], F]:
    """`--target`, `--entry` and `--at`: which entries of the plan, planned as of when."""

    def decorate(func: F) -> F:
        func = click.option(
            "--at", "at_text", help="Plan as of this ISO-8601 time (the refresh value)."
        )(func)
        func = click.option(
            "--entry",
            "selectors",
            multiple=True,
            required=entry_required,
            help="Entries matching this selector (name, glob, field=glob; repeatable).",
        )(func)
        return click.option(
            "--target", "targets", multiple=True, help="Only this target (repeatable)."
        )(func)

    return decorate


def load_plan(
    directory: Path | None,
    config_file: Path | None,
    targets: tuple[str, ...],
    selectors: tuple[str, ...],
    at_text: str | None,
    overrides: dict[str, str | None],
) -> tuple[Config, Plan]:
    """Config, context and plan, as every command acting on planned entries needs them."""
    from cicache.plan import compute_plan

    config = load_project(directory, config_file)
    context = resolve_context(config, overrides)
    at = parse_time(at_text) if at_text is not None else None
    return config, compute_plan(config, context, targets=targets, selectors=selectors, at=at)


def load_project(directory: Path | None, config_file: Path | None) -> Config:
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file `{config_file}` does not exist")
    return load_config(directory, config_file)


def resolve_context(config: Config, overrides: dict[str, str | None]) -> Context:
    fields = {
        flag.replace("-", "_"): overrides.get(flag.replace("-", "_")) for flag in CONTEXT_FLAGS
    }
    return detect_context(
        cwd=config.root, fallback_default_branch=config.policy.default_branch, **fields
    )
