"""`cicache plan`: per entry, the cache-from list, cache-to (or why not) and build-args."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cicache import console
from cicache.cli.options import (
    context_options,
    load_plan,
    plan_options,
    project_options,
)
from cicache.errors import UsageError
from cicache.plan import Plan
from cicache.plan.render import RENDERERS
from cicache.plan.render.table import HEADERS, rows

__all__ = ["plan_cmd", "summary"]


def _count(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def summary(plan: Plan) -> str:
    ctx, access = plan.context, plan.access
    mode = "read+write" if access.write else "read-only"
    where = f"`{ctx.event}` on " + (f"`{ctx.ref}`" if ctx.ref else "no ref")
    return (
        f"{_count(len(plan.entries))}; {ctx.provider} {where}: {mode} ({access.reason}); "
        f"{plan.refresh_arg}={plan.refresh_value}"
    )


def _emit_github(text: str) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        console.data(text)
        return
    try:
        with Path(target).open("a", encoding="utf-8") as stream:
            stream.write(text + "\n")
    except OSError as exc:
        raise UsageError(
            f"cannot write step outputs to $GITHUB_OUTPUT `{target}`: {exc.strerror}",
            hint="GitHub Actions sets it to a writable file; unset it to print the outputs",
        ) from exc
    console.step(f"wrote {text.count(chr(10)) + 1} lines of step outputs to $GITHUB_OUTPUT")


@click.command("plan")
@project_options
@context_options
@plan_options()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default=None,
    help="Output format (default: table on a terminal, json otherwise).",
)
def plan_cmd(
    directory: Path | None,
    config_file: Path | None,
    targets: tuple[str, ...],
    selectors: tuple[str, ...],
    fmt: str | None,
    at_text: str | None,
    **overrides: str | None,
) -> None:
    """Plan registry caches for the matrix in the current CI context."""
    config, plan = load_plan(directory, config_file, targets, selectors, at_text, overrides)
    fmt = fmt or ("table" if console.is_terminal() else "json")
    console.step(summary(plan))
    for name in () if selectors else targets or tuple(config.target):
        if not any(e.target == name for e in plan.entries):
            console.warning(f"target `{name}` plans no entries: an empty matrix, or a filter")
    if fmt == "github":
        _emit_github(RENDERERS["github"](plan))
    elif fmt == "table" and console.is_terminal():
        console.table(HEADERS, rows(plan))
    elif fmt in RENDERERS:
        console.data(RENDERERS[fmt](plan))
    else:
        raise UsageError(f"unknown format `{fmt}`")
