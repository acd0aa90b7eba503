"""`cicache build`: build planned entries with a real builder and report what the cache served."""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable
from pathlib import Path

import click

from cicache import console
from cicache.build import BuildReport, build_entries, commands
from cicache.build.render import HEADERS, markdown, rows, to_json
from cicache.builders import BUILDERS, Builder, detect, get
from cicache.cli.options import (
    context_options,
    load_plan,
    plan_options,
    project_options,
)
from cicache.errors import BuildError, UsageError
from cicache.plan import Plan
from cicache.plan.model import EntryPlan

__all__ = ["build_cmd"]


def _builder(name: str | None, dry_run: bool) -> Builder:
    if name:
        return get(name)
    try:
        return detect()
    except BuildError:
        if not dry_run:
            raise
        console.notice("no builder found here; showing `buildx` commands")
        return get("buildx")


def _summary(plan: Plan, builder: Builder) -> str:
    version = builder.version()
    shown = ".".join(map(str, version)) if version else "(version unknown)"
    access = "read+write" if plan.access.write else "read-only"
    count = len(plan.entries)
    return (
        f"{count} entr{'y' if count == 1 else 'ies'} with {builder.name} {shown}; "
        f"{plan.context.provider} `{plan.context.event}`: {access} ({plan.access.reason})"
    )


def _step_summary(reports: list[BuildReport]) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if reports and target and os.environ.get("GITHUB_ACTIONS") == "true":
        try:
            with Path(target).open("a", encoding="utf-8") as stream:
                stream.write(markdown(reports))
        except OSError as exc:  # the builds are done: a missing summary must not fail them
            console.warning(f"cannot write the job summary to `{target}`: {exc.strerror}")


def _check_push(plan: Plan, push: bool) -> None:
    """Before building anything: every entry pushed needs an image reference."""
    missing = [e.selector for e in plan.entries if push and not e.image]
    if missing:
        raise UsageError(
            f"`--push` needs an image, and {', '.join(f'`{m}`' for m in missing)} has none",
            hint="set the target's `image` template",
        )


def _starting(builder: Builder) -> Callable[[EntryPlan], None]:
    def announce(entry: EntryPlan) -> None:
        where = builder.cache_location(entry.cache_ref)
        access = "read+write" if entry.cache_to else "read"
        console.step(f"==> `{entry.selector}`: {access} cache `{where}`")

    return announce


@click.command("build")
@project_options
@context_options
@plan_options(entry_required=True)
@click.option(
    "--builder",
    "builder_name",
    type=click.Choice(list(BUILDERS)),
    default=None,
    help="Builder to use (default: the first of buildx, buildah, podman found).",
)
@click.option("--push", is_flag=True, help="Push the built image (needs the target's `image`).")
@click.option("--dry-run", is_flag=True, help="Print the exact builder commands; run nothing.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the reports (--dry-run: the commands) as JSON."
)
@click.option("--quiet", "-q", is_flag=True, help="Do not echo the builder's output.")
def build_cmd(
    directory: Path | None,
    config_file: Path | None,
    targets: tuple[str, ...],
    selectors: tuple[str, ...],
    builder_name: str | None,
    push: bool,
    dry_run: bool,
    as_json: bool,
    quiet: bool,
    at_text: str | None,
    **overrides: str | None,
) -> None:
    """Build entries of the plan with buildx, buildah or podman, and report the cache hits."""
    config, plan = load_plan(directory, config_file, targets, selectors, at_text, overrides)
    _check_push(plan, push)
    builder = _builder(builder_name, dry_run)
    console.step(_summary(plan, builder))
    if dry_run:
        console.step(f"commands run in `{config.root}`:")
        argvs = commands(plan, builder, config.root, push)
        console.data(json.dumps(argvs, indent=2) if as_json else "\n".join(map(shlex.join, argvs)))
        return
    done: list[BuildReport] = []
    try:
        reports = build_entries(
            plan,
            builder,
            root=config.root,
            push=push,
            log=(lambda _line: None) if quiet else console.step,
            warn=console.warning,
            on_start=_starting(builder),
            on_report=done.append,
        )
    finally:  # the job summary shows the entries built before a failure too
        _step_summary(done)
    if as_json:
        console.data(to_json(reports))
    else:
        console.table(HEADERS, rows(reports))
