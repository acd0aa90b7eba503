"""Builder registry and auto-detection (fakes: no process is spawned)."""

from __future__ import annotations

import pytest

from cicache.builders import BUILDERS, detect, get
from cicache.builders.buildah import Buildah
from cicache.builders.buildx import Buildx
from cicache.errors import BuildError


def test_registry_order_is_the_detection_order() -> None:
    assert list(BUILDERS) == ["buildx", "buildah", "podman"]


def test_detect_takes_the_first_that_runs() -> None:
    found = detect({"buildx": lambda: Buildx(""), "buildah": lambda: Buildah("buildah 1.28.2")})
    assert found.name == "buildah"
    assert found.version() == (1, 28, 2)


def test_detect_fails_with_a_hint() -> None:
    with pytest.raises(BuildError) as exc:
        detect({"buildx": lambda: Buildx("")})
    assert exc.value.hint and "--builder" in exc.value.hint


def test_get_unknown() -> None:
    with pytest.raises(BuildError, match="unknown builder `kaniko`"):
        get("kaniko")
