"""CC203 refresh-step-missing: the refresh value comes from a step or variable that is gone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.builds import Build
from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project

_STEP = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")
_ENV = re.compile(r"\benv\.(\w+)|\$\{?([A-Za-z_]\w*)\}?")
_NEEDS = re.compile(r"needs\.([\w-]+)\.outputs")


def _earlier_runs(build: Build) -> str:
    steps = build.run.job.steps[: build.step.index]
    return "\n".join(s.run.text for s in steps if s.run is not None)


def _step_problem(build: Build, step_id: str, output: str) -> str | None:
    earlier = build.run.job.steps[: build.step.index]
    step = next((s for s in earlier if s.id == step_id), None)
    if step is None:
        return f"no earlier step has `id: {step_id}`"
    text = step.run.text if step.run is not None else ""
    if "GITHUB_OUTPUT" in text and output not in text:
        return f"step `{step_id}` never writes output `{output}`"
    return None


def _env_problem(build: Build, name: str, raw: str) -> str | None:
    run = build.run
    env = {**run.workflow.env, **run.job.env, **build.step.env}
    script = build.step.run.text if build.step.run else ""
    if name in env or re.search(rf"\b{name}=", _earlier_runs(build) + "\n" + script):
        return None
    if raw.lstrip().startswith("$(") or name.startswith("GITHUB_"):
        return None
    return f"nothing sets `{name}` (no `env:` entry and no earlier `>> $GITHUB_ENV`)"


def _problem(build: Build, raw: str, rendered: str) -> str | None:
    for step_id, output in _STEP.findall(raw):
        if (problem := _step_problem(build, step_id, output)) is not None:
            return problem
    for job in _NEEDS.findall(raw):
        if job not in build.run.job.needs:
            return f"job `{job}` is not in `needs:`"
    shell = build.step.run is not None
    for env_name, shell_name in _ENV.findall(re.sub(r"\$\{\{.*?\}\}", "", raw) if shell else raw):
        name = env_name or (shell_name if shell else "")
        if name and (problem := _env_problem(build, name, raw)) is not None:
            return problem
    if rendered == "" and "${{" not in rendered:
        return "it renders empty"
    return None


def _planned(project: Project) -> Iterator[Hit]:
    """Build-args computed by a step (`cicache plan`) that carry the planned refresh value."""
    if not any(e.refresh for e in project.planned):
        return
    for build in project.builds:
        scalar = build.step.with_.get("build-args")
        if scalar is None or not build.args_opaque or build.runs is False:
            continue
        for step_id, output in _STEP.findall(scalar.text):
            if (problem := _step_problem(build, step_id, output)) is not None:
                yield Hit(
                    build.run.workflow.path, scalar.line, scalar.column,
                    f"`build-args` (which carry `{project.settings.refresh_arg}`) have no value "
                    f"source: {problem}; the weekly refresh would never happen",
                )  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    yield from _planned(project)
    arg = project.settings.refresh_arg
    for build in project.builds:
        if arg not in build.build_args or build.runs is False or build.args_file:
            continue
        rendered, line, col = build.build_args[arg]
        raw_line = build.run.workflow.lines[line - 1][col - 1 :]
        raw = raw_line.split(f"{arg}=", 1)[1] if f"{arg}=" in raw_line else raw_line
        problem = _problem(build, raw, rendered)
        if problem is not None:
            yield Hit(
                build.run.workflow.path, line, col,
                f"`{arg}` has no value source: {problem}; the weekly refresh would never happen",
            )  # fmt: skip


RULE = Rule(
    code="CC203",
    name="refresh-step-missing",
    severity="error",
    summary="The step (or env var, or input) that computes the refresh value is gone.",
    rationale=(
        "`DEPS_REFRESH=${{ steps.refresh.outputs.value }}` renders empty when the `refresh` "
        "step is removed or renamed. An empty value is constant, so the dependency layer is "
        "never invalidated again, without any error."
    ),
    bad="""\
      - uses: docker/build-push-action@v6
        with:
          build-args: |
            DEPS_REFRESH=${{ steps.refresh.outputs.value }}   # no step has id: refresh
""",
    good="""\
      - id: refresh
        run: echo "value=$(date -u +%G-W%V)" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          build-args: |
            DEPS_REFRESH=${{ steps.refresh.outputs.value }}
""",
    check=check,
)
