"""From a configuration to the tags each cache repository should hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicache.config import load_config
from cicache.errors import UsageError
from cicache.manage.configured import configured_repos, entry_tags

CONFIG = """
[cache]
registry = "quay.io/org/ci-cache"

[registry]
insecure = ["localhost:5000"]
providers = { "localhost:5000" = "distribution" }

[target.backend]
tag = "cache{tag-suffix}-{platform-tag|amd64}"
entries = [
  { tag-suffix = "-cpu-vllm" },
  { tag-suffix = "-cpu-vllm", platform-tag = "arm64" },
  { tag-suffix = "-gpu" },
]

[target.root]
registry = "localhost:5000/root-cache"
tag = "cache-app{tag-suffix}"
entries = [{ tag-suffix = "" }, { tag-suffix = "-vulkan" }]
"""


@pytest.fixture
def repos(tmp_path: Path) -> list[object]:
    (tmp_path / "cicache.toml").write_text(CONFIG)
    return list(configured_repos(load_config(tmp_path)))


def test_one_record_per_repository(repos: list) -> None:  # type: ignore[type-arg]
    quay, local = repos
    assert quay.repository == "quay.io/org/ci-cache" and not quay.insecure and quay.provider is None
    assert quay.expected == (
        ("backend:cache-cpu-vllm-amd64", "cache-cpu-vllm-amd64"),
        ("backend:cache-cpu-vllm-arm64", "cache-cpu-vllm-arm64"),
        ("backend:cache-gpu-amd64", "cache-gpu-amd64"),
    )
    assert quay.globs == ("cache*-*",)
    assert (local.repository, local.insecure, local.provider) == (
        "localhost:5000/root-cache",
        True,
        "distribution",
    )
    assert [t for _, t in local.expected] == ["cache-app", "cache-app-vulkan"]


@pytest.mark.parametrize(
    ("selector", "tags"),
    [
        ("-cpu-vllm", ["cache-cpu-vllm-amd64", "cache-cpu-vllm-arm64"]),  # a field's value
        ("platform-tag=arm64", ["cache-cpu-vllm-arm64"]),
        ("backend:cache-gpu-*", ["cache-gpu-amd64"]),
        ("cache-gpu-amd64", ["cache-gpu-amd64"]),
        ("nothing", []),
    ],
)
def test_entry_selectors(repos: list, selector: str, tags: list[str]) -> None:  # type: ignore[type-arg]
    assert entry_tags(repos[0], [selector]) == tags


def test_unknown_target(tmp_path: Path) -> None:
    (tmp_path / "cicache.toml").write_text(CONFIG)
    with pytest.raises(UsageError, match="no target `web`"):
        configured_repos(load_config(tmp_path), ["web"])
