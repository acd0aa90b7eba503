"""CC105 cache-ref-shared-across-platforms: one cache ref written for different platforms."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule
from cicache.lint.rules._shared import entry_pos, platforms_of
from cicache.lint.rules.cache_ref_collision import writers_by_ref

if TYPE_CHECKING:
    from cicache.lint.project import Project


def check(project: Project) -> Iterator[Hit]:
    for ref, writers in writers_by_ref(project).items():
        builds = list(writers.values())
        first = platforms_of(builds[0])
        for other in builds[1:]:
            if platforms_of(other) == first:
                continue
            path, line, _ = entry_pos(builds[0])
            where, oline, ocol = entry_pos(other)
            yield Hit(
                where, oline, ocol,
                f"cache ref `{ref}` is written for {', '.join(platforms_of(other))} here and for "
                f"{', '.join(first)} by the entry at {path}:{line}: each export replaces the "
                "other's; add the platform to the tag (e.g. `{platform-tag}`)",
            )  # fmt: skip


RULE = Rule(
    code="CC105",
    name="cache-ref-shared-across-platforms",
    severity="error",
    summary="One cache ref is written by builds for different platforms.",
    rationale=(
        "A registry cache tag holds one export. When the amd64 and the arm64 build of an "
        "entry share a tag, each push replaces the other's layers, and every build starts "
        "cold. Put the platform in the tag."
    ),
    bad="""\
      matrix:
        include:
          - {tag-suffix: -cpu, runs-on: ubuntu-24.04}
          - {tag-suffix: -cpu, runs-on: ubuntu-24.04-arm}
    # cache-to: type=registry,ref=ghcr.io/org/cache:cache${{ matrix.tag-suffix }},...
""",
    good="""\
      matrix:
        include:
          - {tag-suffix: -cpu, platform-tag: amd64, runs-on: ubuntu-24.04}
          - {tag-suffix: -cpu, platform-tag: arm64, runs-on: ubuntu-24.04-arm}
    # cache-to: type=registry,ref=ghcr.io/org/cache:cache${{ matrix.tag-suffix }}-${{ matrix.platform-tag }},...
""",
    check=check,
)
