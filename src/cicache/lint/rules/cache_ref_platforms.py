"""CC105 cache-ref-shared-across-platforms: one cache ref written for different platforms."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule
from cicache.lint.rules._shared import writers_by_ref

if TYPE_CHECKING:
    from cicache.lint.project import Project


def check(project: Project) -> Iterator[Hit]:
    for ref, writers in writers_by_ref(project).items():
        first = writers[0]
        for other in writers[1:]:
            if other.platforms == first.platforms:
                continue
            yield Hit(
                other.path, other.line, other.column,
                f"cache ref `{ref}` is written for {', '.join(other.platforms)} here and for "
                f"{', '.join(first.platforms)} by the entry at {first.path}:{first.line}: each "
                "export replaces the other's; add the platform to the tag (e.g. `{platform-tag}`)",
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
