"""CC202 refresh-arg-not-declared: a build passes the refresh arg to a Dockerfile ignoring it."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule
from cicache.lint.rules._refresh import declared_before_install, installs_dependencies

if TYPE_CHECKING:
    from cicache.lint.project import Project


def _config(project: Project) -> Iterator[Hit]:
    arg = project.settings.refresh_arg
    for path in sorted({e.dockerfile for e in project.planned if e.refresh}):
        df = project.dockerfiles.get(path)
        if df is None or declared_before_install(df, arg):
            continue
        runs = [i for i in df.instructions if i.keyword == "RUN"]
        install = next((i for i in runs if installs_dependencies(i)), runs[0] if runs else None)
        line, col = (install.line, install.column) if install else (1, 1)
        yield Hit(
            path, line, col,
            f"[refresh] passes `{arg}` to builds of `{path}`, but it does not declare `ARG {arg}` "
            "in a stage before this dependency-installing `RUN`: the refresh has no effect",
        )  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    yield from _config(project)
    arg = project.settings.refresh_arg
    for build in project.builds:
        df = project.dockerfiles.get(build.dockerfile or "")
        passed = build.build_args.get(arg)
        if df is None or passed is None or build.runs is False:
            continue
        if not declared_before_install(df, arg):
            _, line, col = passed
            yield Hit(
                build.args_file or build.run.workflow.path, line, col,
                f"`{arg}` is passed but `{df.path}` does not declare `ARG {arg}` in a stage before "
                "a dependency-installing `RUN`: the refresh has no effect",
            )  # fmt: skip


RULE = Rule(
    code="CC202",
    name="refresh-arg-not-declared",
    severity="error",
    summary="A build passes the refresh arg to a Dockerfile that does not declare it before the dependency-installing `RUN`.",
    rationale=(
        "A build arg only changes the cache key of instructions after its `ARG` in the same "
        "stage. Passed but undeclared (or declared after the install, or only before `FROM`), "
        "it never invalidates the layer that resolves dependencies."
    ),
    bad="""\
FROM python:3.12
RUN pip install -r requirements.txt
ARG DEPS_REFRESH=initial
""",
    good="""\
FROM python:3.12
ARG DEPS_REFRESH=initial
RUN pip install -r requirements.txt
""",
    check=check,
)
