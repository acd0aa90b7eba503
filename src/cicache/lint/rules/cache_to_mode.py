"""CC103 cache-to-mode-not-max: a cache export that keeps only the final stage's layers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project


def check(project: Project) -> Iterator[Hit]:
    config, cfg = project.settings.config, project.config_file
    if config is not None and cfg is not None and project.planned and config.cache.mode != "max":
        yield Hit(
            cfg.path, cfg.line_of("cache", "mode"), 1,
            f'[cache] mode = "{config.cache.mode}": only the final stage of planned entries is '
            'cached; use `mode = "max"`',
        )  # fmt: skip
    for build in project.builds:
        for spec in build.cache_to:
            if spec.type in {"inline"}:
                continue
            mode = spec.attrs.get("mode", "min")
            if mode != "max":
                yield Hit(
                    build.where(spec), spec.line, spec.column,
                    f"`cache-to` uses `mode={mode}`: only the final stage is cached; use "
                    "`mode=max` so every intermediate stage is reusable",
                )  # fmt: skip


RULE = Rule(
    code="CC103",
    name="cache-to-mode-not-max",
    severity="warning",
    summary="A `cache-to` export with a mode other than `max` (the default is `min`).",
    rationale=(
        "With `mode=min` only the layers of the exported image are cached, so multi-stage "
        "builds rebuild their builder stages (compilers, gRPC, wheels) every time."
    ),
    bad="""\
          cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,ignore-error=true
""",
    good="""\
          cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,mode=max,ignore-error=true
""",
    check=check,
)
