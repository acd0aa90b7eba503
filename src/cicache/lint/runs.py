"""Job runs: each job of each workflow, once per matrix entry and triggering event.

A run carries the expression contexts GitHub would give it (`github`, `matrix`, `inputs`,
`env`, ...), with run-time values left `Unknown`. A reusable workflow (`uses: ./x.yml`) is
followed: its jobs run with the caller's events and with `inputs` rendered from the caller's
`with:` for each caller matrix entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cicache.lint import interp
from cicache.lint.expr import ExprError, OpenContext
from cicache.lint.matrix import MatrixEntry
from cicache.lint.workflow import Job, Scalar, Step, Workflow

__all__ = ["PR_EVENTS", "JobRun", "both", "job_runs"]

PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
_MAX_DEPTH = 4  # GitHub allows four levels of nested reusable workflows


@dataclass(frozen=True)
class JobRun:
    workflow: Workflow
    job: Job
    entry: MatrixEntry | None
    event: str
    inputs: dict[str, Any]
    caller: JobRun | None = None

    @cached_property
    def runs(self) -> bool | None:
        """The job-level `if:` (and the caller's); None when decided at run time."""
        caller = self.caller.runs if self.caller else True
        return both(caller, _safe_condition(self.job.if_, self.context()))

    def context(self, step: Step | None = None) -> dict[str, Any]:
        """Expression contexts for the job, or for one of its steps (adding the step's env)."""
        ctx = dict(self._job_context)
        if step is not None and step.env:
            env = {k: _safe_render(v.text, ctx) for k, v in step.env.items()}
            ctx["env"] = OpenContext("env", {**ctx["env"], **env})
        return ctx

    @cached_property
    def _job_context(self) -> dict[str, Any]:
        ctx = _base_context(self)
        env = {**self.workflow.env, **self.job.env}
        ctx["env"] = OpenContext("env", {k: _safe_render(v.text, ctx) for k, v in env.items()})
        return ctx

    def step_runs(self, step: Step) -> bool | None:
        return both(self.runs, _safe_condition(step.if_, self.context(step)))

    @property
    def root_entry(self) -> MatrixEntry | None:
        """The matrix entry this run stems from (the caller's, for a called workflow)."""
        run: JobRun | None = self
        while run is not None:
            if run.entry is not None:
                return run.entry
            run = run.caller
        return None


def both(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _github(event: str) -> OpenContext:
    pr = event in PR_EVENTS
    values: dict[str, Any] = {"event_name": event}
    if event == "pull_request":
        values["ref"] = "refs/pull/1/merge"  # pull_request_target runs on the base ref
    # The payload has a `pull_request` object exactly on PR events (`== null` is a common gate).
    pull_request = OpenContext("github.event.pull_request") if pr else None
    values["event"] = OpenContext("github.event", {"pull_request": pull_request})
    return OpenContext("github", values)


def _base_context(run: JobRun) -> dict[str, Any]:
    matrix: Any = run.entry.values if run.entry else {}
    if run.job.matrix_expr is not None and run.entry is None:
        matrix = OpenContext("matrix")
    ctx: dict[str, Any] = {name: OpenContext(name) for name in _OPEN}
    ctx.update(github=_github(run.event), matrix=matrix, inputs=run.inputs)
    return ctx


_OPEN = ("steps", "needs", "vars", "secrets", "runner", "job", "strategy", "jobs")


def _safe_render(text: str, ctx: Mapping[str, Any]) -> str:
    try:
        return interp.render(text, ctx)
    except ExprError:
        return text


def _safe_condition(cond: Scalar | None, ctx: Mapping[str, Any]) -> bool | None:
    try:
        return interp.condition(cond.text if cond else None, ctx)
    except ExprError:
        return None


def _entries(
    job: Job, matrices: Mapping[tuple[str, str], tuple[MatrixEntry, ...]], path: str
) -> tuple[MatrixEntry | None, ...]:
    if job.matrix is not None:
        return job.matrix or (None,)
    generated = matrices.get((path, job.id))
    return generated if generated else (None,)


def _events(
    wf: Workflow, callers: Mapping[str, list[JobRun]] | None
) -> list[tuple[str, JobRun | None]]:
    """A workflow's own triggers (first pass), or the events of the runs that call it."""
    if callers is None:
        return [(e, None) for e in wf.triggers if e != "workflow_call"]
    return [(c.event, c) for c in callers.get(wf.path, [])]


def _called_path(job: Job) -> str | None:
    uses = job.uses.text.strip() if job.uses else ""
    return uses[2:] if uses.startswith("./") else None


def _inputs(wf: Workflow, caller: JobRun | None) -> dict[str, Any]:
    inputs = dict(wf.inputs)
    if caller is not None:
        ctx = caller.context()
        for name, scalar in caller.job.with_.items():
            try:
                inputs[name] = interp.value(scalar.text, ctx)
            except ExprError:
                inputs[name] = scalar.text
    return inputs


def job_runs(
    workflows: Mapping[str, Workflow],
    matrices: Mapping[tuple[str, str], tuple[MatrixEntry, ...]],
) -> Iterator[JobRun]:
    """Every run of every job; called workflows once per calling run."""
    callers: dict[str, list[JobRun]] | None = None
    pending = list(workflows.values())
    seen: set[tuple[Any, ...]] = set()
    for _ in range(_MAX_DEPTH + 1):
        next_callers: dict[str, list[JobRun]] = {}
        for wf in pending:
            for event, caller in _events(wf, callers):
                inputs = _inputs(wf, caller)
                # Callers that pass the same inputs on the same event start the same runs
                # (e.g. a generated matrix split over several jobs): analyse them once.
                key = (
                    wf.path,
                    event,
                    json.dumps(inputs, sort_keys=True, default=str),
                    caller and caller.runs,
                )
                if caller is not None and key in seen:
                    continue
                seen.add(key)
                yield from _runs_of(wf, event, caller, inputs, matrices, next_callers, workflows)
        if not next_callers:
            return
        callers = next_callers
        pending = [workflows[p] for p in next_callers if p in workflows]


def _runs_of(
    wf: Workflow,
    event: str,
    caller: JobRun | None,
    inputs: dict[str, Any],
    matrices: Mapping[tuple[str, str], tuple[MatrixEntry, ...]],
    next_callers: dict[str, list[JobRun]],
    workflows: Mapping[str, Workflow],
) -> Iterator[JobRun]:
    for job in wf.jobs:
        for entry in _entries(job, matrices, wf.path):
            run = JobRun(wf, job, entry, event, inputs, caller)
            called = _called_path(job)
            if called is not None and called in workflows:
                next_callers.setdefault(called, []).append(run)
            yield run
