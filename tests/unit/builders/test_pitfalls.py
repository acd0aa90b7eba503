"""Builder versions and the pitfalls that defeat a remote cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicache.builders.pitfalls import dockerfile_pitfalls, parse_version

ARG_DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG BASE=alpine
FROM $BASE
RUN echo one
ARG DEPS_REFRESH=initial
RUN --mount=type=cache,target=/root/.cache \\
    pip install -r requirements.txt
"""
PLAIN_DOCKERFILE = "ARG BASE=alpine\nFROM $BASE\nRUN make\n"


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("buildah version 1.28.2 (image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev)", (1, 28, 2)),
        ("podman version 4.3.1", (4, 3, 1)),
        ("github.com/docker/buildx v0.20.1 abc", (0, 20, 1)),
        ("buildah version 1.30", (1, 30, 0)),
        ("", None),
    ],
)
def test_parse_version(text: str, version: tuple[int, int, int] | None) -> None:
    assert parse_version(text) == version


def codes(builder: str, version: tuple[int, int, int], path: Path, reads: bool = True) -> list[str]:
    return [p.code for p in dockerfile_pitfalls(builder, version, path, reads)]


def test_arg_pitfall_on_old_buildah_and_podman(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(ARG_DOCKERFILE)
    assert codes("buildah", (1, 28, 2), path) == [
        "arg-defeats-remote-cache",
        "run-mount-not-cached",
    ]
    assert codes("podman", (4, 3, 1), path)[0] == "arg-defeats-remote-cache"
    message = dockerfile_pitfalls("buildah", (1, 28, 2), path, True)[0].message
    assert "Dockerfile:5" in message  # the ARG inside the stage, not the global one


def test_fixed_versions_and_write_only_builds_do_not_warn_about_arg(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(ARG_DOCKERFILE)
    assert codes("buildah", (1, 29, 0), path) == ["run-mount-not-cached"]
    assert codes("podman", (4, 4, 0), path) == ["run-mount-not-cached"]
    assert codes("buildah", (1, 28, 2), path, reads=False) == []


def test_global_arg_alone_is_no_step(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(PLAIN_DOCKERFILE)
    assert codes("buildah", (1, 28, 2), path) == []


def test_too_old_for_remote_cache_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(PLAIN_DOCKERFILE)
    (pitfall,) = dockerfile_pitfalls("buildah", (1, 26, 0), path, True)
    assert pitfall.fatal and pitfall.code == "no-remote-cache"


def test_unknown_builder_or_version_or_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    assert dockerfile_pitfalls("buildx", (0, 20, 0), path, True) == []
    assert dockerfile_pitfalls("buildah", None, path, True) == []
    assert dockerfile_pitfalls("buildah", (1, 28, 2), path, True) == []  # no file
