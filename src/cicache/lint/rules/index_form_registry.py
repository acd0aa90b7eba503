"""CC106 registry-rejects-index-cache: quay.io or ECR without the image-manifest form."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project

# Registries documented to reject BuildKit's index-form cache manifest (see
# reference/buildkit-cache.md, problem 1: moby/buildkit#1440, #1550; aws/containers-roadmap#876).
_STRICT = re.compile(
    r"^(quay\.io|[\w.-]+\.dkr\.ecr\.[\w.-]+\.amazonaws\.com(\.cn)?|public\.ecr\.aws)/"
)


def _config(project: Project) -> Iterator[Hit]:
    config, cfg = project.settings.config, project.config_file
    if config is None or cfg is None:
        return
    if config.cache.image_manifest is True and config.cache.oci_mediatypes is True:
        return
    seen: set[str] = set()
    for entry in project.planned:
        repository = entry.ref.rsplit(":", 1)[0]
        if repository in seen or not _STRICT.match(repository):
            continue
        seen.add(repository)
        key = "image-manifest" if config.cache.image_manifest is not True else "oci-mediatypes"
        line = cfg.line_of("cache", key)
        yield Hit(
            cfg.path, line, 1,
            f"`{repository.split('/', 1)[0]}` rejects the index-form cache manifest: set "
            "`image-manifest = true` and `oci-mediatypes = true` in [cache]",
        )  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    yield from _config(project)
    for build in project.builds:
        for spec in build.cache_to:
            if spec.type != "registry" or not _STRICT.match(spec.ref):
                continue
            attrs = spec.attrs
            if attrs.get("image-manifest") != "true" or attrs.get("oci-mediatypes") != "true":
                host = spec.ref.split("/", 1)[0]
                yield Hit(
                    build.where(spec), spec.line, spec.column,
                    f"`{host}` rejects the index-form cache manifest: add "
                    "`image-manifest=true,oci-mediatypes=true` to `cache-to`",
                )  # fmt: skip


RULE = Rule(
    code="CC106",
    name="registry-rejects-index-cache",
    severity="warning",
    summary="A registry cache export to quay.io or ECR without `image-manifest=true,oci-mediatypes=true`.",
    rationale=(
        "BuildKit before v0.21 exports the cache as an image index by default, which quay.io "
        "and ECR reject (the export fails, silently with `ignore-error=true`). The image-manifest "
        "form is accepted everywhere; spelling it out also protects builders older than v0.21."
    ),
    bad="""\
          cache-to: type=registry,ref=quay.io/org/ci-cache:cache-cpu,mode=max,ignore-error=true
""",
    good="""\
          cache-to: type=registry,ref=quay.io/org/ci-cache:cache-cpu,mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true
""",
    check=check,
)
