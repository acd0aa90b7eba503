"""CC102 cache-to-without-ignore-error: a cache export whose failure fails the build."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project


def check(project: Project) -> Iterator[Hit]:
    config, cfg = project.settings.config, project.config_file
    if config is not None and cfg is not None and project.planned and not config.cache.ignore_error:
        yield Hit(
            cfg.path, cfg.line_of("cache", "ignore-error"), 1,
            "[cache] ignore-error = false: a registry hiccup while exporting a planned "
            "entry's cache would fail the build",
        )  # fmt: skip
    for build in project.builds:
        for spec in build.cache_to:
            if spec.attrs.get("ignore-error", "").lower() != "true":
                yield Hit(
                    build.where(spec), spec.line, spec.column,
                    f"`cache-to` of type `{spec.type}` lacks `ignore-error=true`: a registry "
                    "hiccup on export would fail the build",
                )  # fmt: skip


RULE = Rule(
    code="CC102",
    name="cache-to-without-ignore-error",
    severity="error",
    summary="A `cache-to` export without `ignore-error=true`.",
    rationale=(
        "The cache is an optimisation: a transient registry failure while exporting it must "
        "not fail an otherwise good build. The next push retries the export."
    ),
    bad="""\
      - uses: docker/build-push-action@v6
        with:
          cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,mode=max
""",
    good="""\
      - uses: docker/build-push-action@v6
        with:
          cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,mode=max,ignore-error=true
""",
    check=check,
)
