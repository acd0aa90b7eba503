"""CC104 cache-ref-collision: two matrix entries write the same rendered cache ref."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cicache.lint.builds import Build
from cicache.lint.rule import Hit, Rule
from cicache.lint.rules._shared import entry_pos, platforms_of, registry_writes, writer_id

if TYPE_CHECKING:
    from cicache.lint.project import Project


def writers_by_ref(project: Project) -> dict[str, dict[tuple[Any, ...], Build]]:
    """ref -> {writer identity: first build} over every non-PR run, in file order."""
    out: dict[str, dict[tuple[Any, ...], Build]] = {}
    for build in project.builds:
        for ref in registry_writes(build):
            out.setdefault(ref, {}).setdefault(writer_id(build), build)
    return out


def check(project: Project) -> Iterator[Hit]:
    for ref, writers in writers_by_ref(project).items():
        builds = list(writers.values())
        first = builds[0]
        for other in builds[1:]:
            if platforms_of(other) != platforms_of(first):
                continue  # CC105 reports refs shared across platforms
            path, line, _ = entry_pos(first)
            where, oline, ocol = entry_pos(other)
            yield Hit(
                where, oline, ocol,
                f"cache ref `{ref}` is also written by the entry at {path}:{line}: the two "
                "entries would clobber each other's cache; make the tag (e.g. `tag-suffix`) unique",
            )  # fmt: skip


RULE = Rule(
    code="CC104",
    name="cache-ref-collision",
    severity="error",
    summary="Two matrix entries (in one workflow or across workflows) render the same cache ref.",
    rationale=(
        "The cache tag is the cache's namespace. Two entries writing one ref overwrite each "
        "other on every push, so both build cold. The rendered ref is judged, not the raw "
        "`tag-suffix`: an amd64/arm64 pair sharing a suffix but differing in platform tag is fine."
    ),
    bad="""\
      matrix:
        include:
          - tag-suffix: -cpu-vllm
            dockerfile: backend/Dockerfile.python
          - tag-suffix: -cpu-vllm
            dockerfile: backend/Dockerfile.python
# both write quay.io/org/ci-cache:cache-cpu-vllm
""",
    good="""\
      matrix:
        include:
          - tag-suffix: -cpu-vllm
          - tag-suffix: -cpu-diffusers
""",
    check=check,
)
