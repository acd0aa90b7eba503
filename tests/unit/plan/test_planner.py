"""The planner: refs per entry, reads and writes per context, collisions, bad templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cicache.ci import Context
from cicache.config import load_config
from cicache.errors import ConfigError, UsageError
from cicache.plan import compute_plan

AT = datetime(2026, 12, 4, 12, tzinfo=UTC)
PUSH = Context(provider="github", event="push", ref="refs/heads/main", default_branch="main")
PR = Context(
    provider="github",
    event="pull_request",
    ref="refs/pull/9/merge",
    default_branch="main",
    base_ref="main",
)

CONFIG = """
[cache]
registry = "quay.io/org/ci-cache"
{cache}
[policy]
branch-scoped = ["release/*"]
[refresh]
dockerfiles = ["backend/Dockerfile.python"]
[registry]
insecure = ["localhost:5000"]
[target.backend]
tag = "{tag}"
dockerfile = "{{dockerfile|backend/Dockerfile.python}}"
platforms = "{{platforms|linux/amd64}}"
build-args = {{ BACKEND = "{{backend}}" }}
entries = [
  {{ backend = "vllm", tag-suffix = "-cpu-vllm", platform-tag = "amd64" }},
  {{ backend = "vllm", tag-suffix = "-cpu-vllm", platform-tag = "arm64", platforms = "linux/arm64" }},
  {{ backend = "whisper", tag-suffix = "-cpu-whisper", dockerfile = "backend/Dockerfile.golang" }},
]
"""  # noqa: E501


def make(
    project: Callable[..., Path],
    tag: str = "cache{tag-suffix}-{platform-tag|amd64}",
    cache: str = "",
) -> Path:
    return project(**{"cicache.toml": CONFIG.format(tag=tag, cache=cache)})


def test_push_on_default_branch_reads_and_writes(project: Callable[..., Path]) -> None:
    plan = compute_plan(load_config(make(project)), PUSH, at=AT)
    first = plan.entries[0]
    assert first.selector == "backend:cache-cpu-vllm-amd64"
    assert first.cache_from == ("type=registry,ref=quay.io/org/ci-cache:cache-cpu-vllm-amd64",)
    assert first.cache_to == (
        "type=registry,ref=quay.io/org/ci-cache:cache-cpu-vllm-amd64,mode=max,ignore-error=true"
    )
    assert dict(first.build_args) == {"BACKEND": "vllm", "DEPS_REFRESH": "2026-W49"}
    assert plan.entries[1].platforms == ("linux/arm64",)
    whisper = plan.entries[2]
    assert whisper.cache_ref.endswith(":cache-cpu-whisper-amd64")  # fallback for platform-tag
    assert "DEPS_REFRESH" not in whisper.build_args  # Go: pinned inputs, no refresh


def test_pull_request_reads_only(project: Callable[..., Path]) -> None:
    plan = compute_plan(load_config(make(project)), PR, at=AT)
    assert all(e.cache_to is None for e in plan.entries)
    assert all(e.cache_from for e in plan.entries)
    assert (
        plan.entries[0].cache_to_reason == "`pull_request` events only read (policy.write-events)"
    )


def test_registry_compat_options_follow_the_fixed_prefix(project: Callable[..., Path]) -> None:
    cache = 'image-manifest = true\noci-mediatypes = true\ncompression = "zstd"\n'
    plan = compute_plan(load_config(make(project, cache=cache)), PUSH, at=AT)
    assert plan.entries[0].cache_to == (
        "type=registry,ref=quay.io/org/ci-cache:cache-cpu-vllm-amd64,mode=max,ignore-error=true,"
        "image-manifest=true,oci-mediatypes=true,compression=zstd"
    )


def test_shared_tag_suffix_is_an_error_naming_both_entries(project: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError) as exc:
        compute_plan(load_config(make(project, tag="cache{tag-suffix}")), PUSH, at=AT)
    assert exc.value.message == (
        "entries `backend:cache-cpu-vllm` (cicache.toml [target.backend] entry 0) and "
        "`backend:cache-cpu-vllm` (cicache.toml [target.backend] entry 1) share the cache ref "
        "`quay.io/org/ci-cache:cache-cpu-vllm` and would clobber each other's cache"
    )
    assert exc.value.hint and "platform-tag" in exc.value.hint


def test_missing_field_without_fallback(project: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError) as exc:
        compute_plan(load_config(make(project, tag="cache{tag-suffix}-{platform-tag}")), PUSH)
    assert "no value for `{platform-tag}`" in exc.value.message
    assert exc.value.message.startswith("cicache.toml [target.backend] entry 2:")


def test_invalid_rendered_tag(project: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError, match="is not a valid tag"):
        compute_plan(load_config(make(project, tag="{tag-suffix}")), PUSH)


def test_branch_scoped_push_writes_branch_tag_and_reads_default(
    project: Callable[..., Path],
) -> None:
    ctx = Context(event="push", ref="refs/heads/release/2.0", default_branch="main")
    entry = compute_plan(load_config(make(project)), ctx, at=AT).entries[0]
    assert entry.cache_ref == "quay.io/org/ci-cache:cache-cpu-vllm-amd64-release-2.0"
    assert [r.rsplit(":", 1)[1] for r in entry.cache_from] == [
        "cache-cpu-vllm-amd64-release-2.0",
        "cache-cpu-vllm-amd64",
    ]
    assert entry.cache_to and "ref=quay.io/org/ci-cache:cache-cpu-vllm-amd64-release-2.0," in (
        entry.cache_to
    )


def test_insecure_registry_adds_the_buildkit_option(project: Callable[..., Path]) -> None:
    root = make(project).joinpath("cicache.toml")
    root.write_text(root.read_text().replace("quay.io/org/ci-cache", "localhost:5000/ci-cache"))
    entry = compute_plan(load_config(root.parent), PUSH, at=AT).entries[0]
    assert entry.cache_from[0].endswith(",registry.insecure=true")
    assert entry.cache_to and entry.cache_to.endswith(",registry.insecure=true")


@pytest.mark.parametrize(
    ("selectors", "names"),
    [
        (["-cpu-vllm"], ["cache-cpu-vllm-amd64", "cache-cpu-vllm-arm64"]),
        (["backend:cache-cpu-whisper-amd64"], ["cache-cpu-whisper-amd64"]),
        (["*-arm64"], ["cache-cpu-vllm-arm64"]),
        (
            ["platform-tag=arm*", "backend=whisper"],
            ["cache-cpu-vllm-arm64", "cache-cpu-whisper-amd64"],
        ),
    ],
)
def test_selectors(project: Callable[..., Path], selectors: list[str], names: list[str]) -> None:
    plan = compute_plan(load_config(make(project)), PUSH, selectors=selectors, at=AT)
    assert [e.name for e in plan.entries] == names


def test_selector_matching_nothing(project: Callable[..., Path]) -> None:
    with pytest.raises(UsageError) as exc:
        compute_plan(load_config(make(project)), PUSH, selectors=["nope"])
    assert exc.value.hint and "backend:cache-cpu-vllm-amd64" in exc.value.hint


def test_unknown_target(project: Callable[..., Path]) -> None:
    with pytest.raises(UsageError, match="no target `root`"):
        compute_plan(load_config(make(project)), PUSH, targets=["root"])


def test_native_caches_follow_when_and_policy(project: Callable[..., Path]) -> None:
    root = make(project).joinpath("cicache.toml")
    root.write_text(
        root.read_text()
        + '[native.wheels]\npaths = ["~/.cache/pip"]\nkey = "w"\nwhen = { backend = "vllm" }\n'
        + '[native.go]\npaths = ["~/go"]\nkey = "g"\n'
    )
    config = load_config(root.parent)
    push = compute_plan(config, PUSH, at=AT).entries
    assert [e.native_restore for e in push] == [("go", "wheels"), ("go", "wheels"), ("go",)]
    assert [e.native_save for e in push] == [e.native_restore for e in push]
    pr = compute_plan(config, PR, at=AT).entries
    assert [e.native_restore for e in pr] == [e.native_restore for e in push]
    assert all(e.native_save == () for e in pr)
