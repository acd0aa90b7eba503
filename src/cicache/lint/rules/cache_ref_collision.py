"""CC104 cache-ref-collision: two matrix entries write the same rendered cache ref."""

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
            if other.platforms != first.platforms:
                continue  # CC105 reports refs shared across platforms
            yield Hit(
                other.path, other.line, other.column,
                f"cache ref `{ref}` is also written by the entry at {first.path}:{first.line}: "
                "the two would clobber each other's cache; make the tag (`tag-suffix`) unique",
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
