"""The buildah one-repository-per-entry rule."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cicache.builders.cacherepo import cache_repository, component
from cicache.errors import ConfigError

# distribution spec: path components
_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("ref", "repo"),
    [
        ("quay.io/org/ci-cache:cache-cpu-vllm-amd64", "quay.io/org/ci-cache/cache-cpu-vllm-amd64"),
        ("127.0.0.1:5000/cache:cache-plain", "127.0.0.1:5000/cache/cache-plain"),
        ("127.0.0.1:5000/cache", "127.0.0.1:5000/cache"),
        ("ghcr.io/o/c:Cache_GPU..x", "ghcr.io/o/c/cache_gpu-x"),
        ("ghcr.io/o/c:cache-app-release-1.2", "ghcr.io/o/c/cache-app-release-1.2"),
        ("ghcr.io/o/c:-x-", "ghcr.io/o/c/x"),
    ],
)
def test_rule(ref: str, repo: str) -> None:
    assert cache_repository(ref) == repo


def test_digest_refs_are_refused() -> None:
    with pytest.raises(ConfigError, match="digest"):
        cache_repository("r.io/c@sha256:" + "0" * 64)


def test_empty_component_is_refused() -> None:
    with pytest.raises(ConfigError):
        component("___")


@given(st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}", fullmatch=True))
def test_every_valid_tag_gives_a_valid_component(tag: str) -> None:
    try:
        out = component(tag)
    except ConfigError:
        assert not re.search(r"[A-Za-z0-9]", tag)
        return
    assert _COMPONENT.match(out), out
