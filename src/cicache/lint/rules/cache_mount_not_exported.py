"""CC401 cache-mount-not-exported: `RUN --mount=type=cache` built on ephemeral runners."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.dockerfile import Dockerfile
from cicache.lint.rule import Hit, Rule
from cicache.lint.rules._shared import is_ephemeral

if TYPE_CHECKING:
    from cicache.lint.project import Project


def _mounts(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        for mount in ins.cache_mounts():
            target = mount.get("target") or mount.get("dst") or mount.get("destination", "")
            yield Hit(
                df.path, ins.line, ins.column,
                f"cache mount `{target}` is never exported by `cache-to`, and this image is "
                "built on ephemeral runners, so it starts empty in every job",
            )  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    paths = {b.dockerfile for b in project.builds if b.runs is not False and is_ephemeral(b.run)}
    paths |= {
        e.dockerfile for e in project.planned if "self-hosted" not in e.fields.get("runs-on", "")
    }
    for path in sorted(p for p in paths if p):
        if (df := project.dockerfiles.get(path)) is not None:
            yield from _mounts(df)


RULE = Rule(
    code="CC401",
    name="cache-mount-not-exported",
    severity="info",
    summary="`RUN --mount=type=cache` in an image built on ephemeral CI runners.",
    rationale=(
        "BuildKit never exports cache-mount contents to a remote cache (moby/buildkit#1474), "
        "and a GitHub-hosted runner starts with an empty BuildKit, so the mount is empty in "
        "every job. It does no harm, but it does not speed up CI either: the registry cache "
        "only carries layers. Use a native cache for the directory, or accept the miss."
    ),
    bad="""\
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
""",
    good="""\
RUN pip install -r requirements.txt   # the layer itself is carried by cache-to
""",
    check=check,
)
