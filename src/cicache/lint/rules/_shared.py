"""Helpers several rules share: platforms, runners, writer identity, refresh-arg lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cicache.lint import interp
from cicache.lint.builds import Build
from cicache.lint.expr import ExprError
from cicache.lint.matrix import MatrixEntry
from cicache.lint.runs import PR_EVENTS, JobRun

if TYPE_CHECKING:
    from cicache.lint.configured import PlannedEntry
    from cicache.lint.project import Project

__all__ = [
    "entry_pos",
    "is_ephemeral",
    "platforms_of",
    "registry_writes",
    "runner_labels",
    "writer_id",
    "writers_by_ref",
]


def runner_labels(run: JobRun) -> list[str]:
    raw: Any = run.job.runs_on
    if isinstance(raw, dict):
        raw = raw.get("labels", raw.get("group", ""))
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        try:
            rendered = interp.render(str(item or ""), run.context())
        except ExprError:
            rendered = str(item)
        out.extend(s.strip().strip("[]\"'") for s in re.split(r"[,\n]", rendered) if s.strip())
    return out


def is_ephemeral(run: JobRun) -> bool:
    """GitHub-hosted runners start empty; `self-hosted` ones may keep BuildKit state."""
    return not any(label.lower() == "self-hosted" for label in runner_labels(run))


def platforms_of(build: Build) -> tuple[str, ...]:
    """The platforms a build targets: `platforms:`/`--platform`, else the runner's arch."""
    if build.platforms:
        return tuple(sorted(p.strip().lower() for p in build.platforms))
    labels = " ".join(runner_labels(build.run)).lower()
    return ("linux/arm64",) if re.search(r"arm|aarch64", labels) else ("linux/amd64",)


def writer_id(build: Build) -> tuple[Any, ...]:
    """One build step for one matrix entry is one writer, whatever the event or calling job.

    Jobs that share a matrix (a generated one split over several jobs, or a PR and a push
    workflow calling the same reusable build) do not make an entry collide with itself.
    """
    entry = build.run.root_entry
    where = (entry.path, entry.line, entry.column) if entry else (build.run.job.id,)
    return (build.run.workflow.path, build.step.line, where)


def entry_pos(build: Build) -> tuple[str, int, int]:
    entry: MatrixEntry | None = build.run.root_entry
    if entry is None:
        return build.run.workflow.path, build.line, build.column
    return entry.path, entry.line, entry.column


@dataclass(frozen=True)
class Writer:
    """What exports a registry cache ref on pushes: a workflow build or a planned entry."""

    ref: str
    platforms: tuple[str, ...]
    ident: tuple[Any, ...]
    path: str
    line: int
    column: int


def _planned_platforms(entry: PlannedEntry) -> tuple[str, ...]:
    if entry.platforms:
        return entry.platforms
    runner = entry.fields.get("runs-on", "").lower()
    return ("linux/arm64",) if re.search(r"arm|aarch64", runner) else ("linux/amd64",)


def writers_by_ref(project: Project) -> dict[str, list[Writer]]:
    """ref -> distinct writers in file order (the same step on two events is one writer)."""
    found: dict[str, dict[tuple[Any, ...], Writer]] = {}
    for build in project.builds:
        for ref in registry_writes(build):
            if "${{" in ref:
                continue  # run-time parts: two writers may or may not differ
            writer = Writer(ref, platforms_of(build), writer_id(build), *entry_pos(build))
            found.setdefault(ref, {}).setdefault(writer.ident, writer)
    for entry in project.planned:
        ident = ("planned", entry.target, entry.path, entry.line)
        writer = Writer(
            entry.ref, _planned_platforms(entry), ident, entry.path, entry.line, entry.column
        )
        found.setdefault(entry.ref, {}).setdefault(ident, writer)
    return {ref: list(w.values()) for ref, w in found.items()}


def registry_writes(build: Build) -> list[str]:
    """Registry refs this build writes on a non-PR event (empty when it cannot run)."""
    if build.runs is False or build.run.event in PR_EVENTS:
        return []
    return [s.ref for s in build.cache_to if s.type == "registry" and s.ref]
