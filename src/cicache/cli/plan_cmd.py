"""`cicache plan`: per entry, the cache-from list, cache-to (or why not) and build-args."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cicache import console
from cicache.cli.options import (
    context_options,
    load_project,
    parse_time,
    project_options,
    resolve_context,
)
from cicache.errors import UsageError
from cicache.plan import Plan, compute_plan
from cicache.plan.render import RENDERERS
from cicache.plan.render.table import HEADERS, rows

__all__ = ["plan_cmd", "summary"]


def summary(plan: Plan) -> str:
    ctx, access = plan.context, plan.access
    mode = "read+write" if access.write else "read-only"
    where = f"`{ctx.event}` on `{ctx.ref or '?'}`"
    return (
        f"{len(plan.entries)} entries; {ctx.provider} {where}: {mode} ({access.reason}); "
        f"{plan.refresh_arg}={plan.refresh_value}"
    )


def _emit_github(text: str) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        console.data(text)
        return
    with Path(target).open("a", encoding="utf-8") as stream:
        stream.write(text + "\n")
    console.step(f"wrote {text.count(chr(10)) + 1} lines of step outputs to $GITHUB_OUTPUT")


@click.command("plan")
@project_options
@context_options
@click.option("--target", "targets", multiple=True, help="Only this target (repeatable).")
@click.option(
    "--entry",
    "selectors",
    multiple=True,
    help="Only entries matching this selector (name, glob, field=glob; repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default=None,
    help="Output format (default: table on a terminal, json otherwise).",
)
@click.option("--at", "at_text", help="Plan as of this ISO-8601 time (the refresh value).")
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
    config = load_project(directory, config_file)
    context = resolve_context(config, overrides)
    at = parse_time(at_text) if at_text else None
    plan = compute_plan(config, context, targets=targets, selectors=selectors, at=at)
    fmt = fmt or ("table" if console.is_terminal() else "json")
    console.step(summary(plan))
    if fmt == "github":
        _emit_github(RENDERERS["github"](plan))
    elif fmt == "table" and console.is_terminal():
        console.table(HEADERS, rows(plan))
    elif fmt in RENDERERS:
        console.data(RENDERERS[fmt](plan))
    else:
        raise UsageError(f"unknown format `{fmt}`")
