"""The build use case: plan -> builder -> BuildReport, one entry after another.

    reports = build_entries(plan, builder, push=False, root=config.root)

Each entry's report is appended to the history as soon as it exists, a failed build too
(with status `failed`), before its `BuildError` goes up to the command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from cicache.build import history
from cicache.build.report import BuildReport, counts
from cicache.builders import Builder, BuildOutcome, BuildSpec, ExportOutcome
from cicache.builders.pitfalls import Pitfall
from cicache.builders.process import Runner, SubprocessRunner
from cicache.builders.spec import cache_attrs
from cicache.errors import BuildError
from cicache.plan.model import EntryPlan, Plan

__all__ = ["build_entries", "commands", "spec_for"]

Warn = Callable[[str], None]


def spec_for(entry: EntryPlan, root: Path, push: bool) -> BuildSpec:
    return entry.build_spec(root, push=push)


def commands(plan: Plan, builder: Builder, root: Path, push: bool) -> list[list[str]]:
    """Every command `build_entries` would run, in order (`--dry-run`)."""
    return [argv for e in plan.entries for argv in builder.commands(spec_for(e, root, push))]


def _version(builder: Builder) -> str:
    version = builder.version()
    return ".".join(map(str, version)) if version else "unknown"


def _cache_from(builder: Builder, entry: EntryPlan) -> tuple[str, ...]:
    """The refs read, where this builder reads them (registry caches only)."""
    attrs = [cache_attrs(value) for value in entry.cache_from]
    return tuple(builder.cache_location(a["ref"]) for a in attrs if a.get("type") == "registry")


def _report(
    plan: Plan, builder: Builder, entry: EntryPlan, outcome: BuildOutcome, pitfalls: list[Pitfall]
) -> BuildReport:
    total, cached = counts(outcome)
    ctx = plan.context
    return BuildReport(
        entry=entry.selector,
        builder=builder.name,
        builder_version=_version(builder),
        cache_ref=builder.cache_location(entry.cache_ref),
        cache_from=_cache_from(builder, entry),
        read_cache=bool(entry.cache_from),
        write_requested=entry.cache_to is not None,
        wrote_cache=outcome.export.wrote,
        export=outcome.export.status,
        export_detail=outcome.export.detail,
        steps_total=total,
        steps_cached=cached,
        seconds=outcome.seconds,
        digest=outcome.digest,
        executed_steps=tuple(s.name for s in outcome.instructions if not s.cached),
        event=ctx.event,
        ref=ctx.ref,
        sha=ctx.sha,
        warnings=outcome.warnings + tuple(p.message for p in pitfalls),
        pitfalls=tuple(p.code for p in pitfalls),
    )


def _failed(exc: BuildError) -> BuildOutcome:
    return BuildOutcome((), ExportOutcome("failed", exc.message), 0.0)


def _one(
    plan: Plan,
    builder: Builder,
    entry: EntryPlan,
    spec: BuildSpec,
    runner: Runner,
    log: Warn,
    warn: Warn,
) -> BuildReport:
    pitfalls = builder.pitfalls(spec)
    for pitfall in pitfalls:
        if pitfall.fatal:
            raise BuildError(f"`{entry.selector}`: {pitfall.message}", hint="upgrade the builder")
        warn(f"`{entry.selector}`: {pitfall.message}")
    try:
        outcome = builder.build(spec, runner, log)
    except BuildError as exc:
        failed = _report(plan, builder, entry, _failed(exc), pitfalls)
        _record(replace(failed, status="failed"), warn)
        raise BuildError(
            f"build of `{entry.selector}` failed: {exc.message}", hint=exc.hint
        ) from exc
    for message in outcome.warnings:
        warn(f"`{entry.selector}`: {message}")
    report = _report(plan, builder, entry, outcome, pitfalls)
    _record(report, warn)
    return report


def _record(report: BuildReport, warn: Warn) -> None:
    """Add to the local history; a history that cannot be written never fails a build."""
    try:
        history.append([report])
    except OSError as exc:
        warn(f"cannot record the build in `{history.history_path()}`: {exc.strerror}")


def build_entries(
    plan: Plan,
    builder: Builder,
    *,
    root: Path,
    push: bool = False,
    runner: Runner | None = None,
    log: Warn = lambda _line: None,
    warn: Warn = lambda _line: None,
    on_start: Callable[[EntryPlan], None] = lambda _entry: None,
    on_report: Callable[[BuildReport], None] = lambda _report: None,
) -> list[BuildReport]:
    runner = runner or SubprocessRunner()
    reports = []
    for entry in plan.entries:
        on_start(entry)
        spec = spec_for(entry, root, push)
        reports.append(_one(plan, builder, entry, spec, runner, log, warn))
        on_report(reports[-1])
    return reports
