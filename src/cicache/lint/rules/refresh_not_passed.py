"""CC201 refresh-arg-not-passed: the Dockerfile declares the refresh arg, the build omits it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project


def _config(project: Project) -> Iterator[Hit]:
    cfg, arg = project.config_file, project.settings.refresh_arg
    for target, path in sorted(
        {(e.target, e.dockerfile) for e in project.planned if not e.refresh}
    ):
        df = project.dockerfiles.get(path)
        declared = df.declares(arg) if df else None
        if cfg is None or declared is None:
            continue
        yield Hit(
            cfg.path, cfg.line_of("refresh", "dockerfiles"), 1,
            f"`{path}` declares `ARG {arg}` (line {declared.line}) but [refresh] selects no "
            f"entry of target `{target}` built from it: its dependencies would freeze",
        )  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    yield from _config(project)
    arg = project.settings.refresh_arg
    for build in project.builds:
        df = project.dockerfiles.get(build.dockerfile or "")
        if df is None or build.runs is False or arg in build.build_args or build.args_opaque:
            continue
        declared = df.declares(arg)
        if declared is not None:
            yield Hit(
                build.run.workflow.path, build.line, build.column,
                f"`{df.path}` declares `ARG {arg}` (line {declared.line}) but this build does "
                f"not pass `{arg}`: a warm cache would freeze its dependencies forever",
            )  # fmt: skip


RULE = Rule(
    code="CC201",
    name="refresh-arg-not-passed",
    severity="error",
    summary="A Dockerfile declares the refresh arg (`DEPS_REFRESH`) but a build does not pass it.",
    rationale=(
        "Unpinned dependencies (`pip install torch`) resolve when the layer is built. With a "
        "warm cache that layer is never rebuilt, so the image ships the first version ever "
        "cached. The refresh arg (an ISO week) invalidates it once per period; a build that "
        "drops it from `build-args` silently freezes."
    ),
    bad="""\
      - uses: docker/build-push-action@v6
        with:
          file: backend/Dockerfile.python   # declares ARG DEPS_REFRESH
          build-args: |
            BACKEND=vllm
""",
    good="""\
      - id: refresh
        run: echo "value=$(date -u +%G-W%V)" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          file: backend/Dockerfile.python
          build-args: |
            BACKEND=vllm
            DEPS_REFRESH=${{ steps.refresh.outputs.value }}
""",
    check=check,
)
