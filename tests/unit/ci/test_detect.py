"""Context detection per provider, from real-looking environments and event payloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicache.ci import detect_context

PAYLOADS = Path(__file__).parent / "payloads"


def github_env(event: str, ref: str, payload: str, **extra: str) -> dict[str, str]:
    return {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_REF": ref,
        "GITHUB_EVENT_PATH": str(PAYLOADS / payload),
        "GITHUB_SHA": "4c8b1f8e",
        "GITHUB_RUN_ID": "9876543210",
        "GITHUB_REPOSITORY": "example/monorepo",
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        **extra,
    }


def test_github_push() -> None:
    ctx = detect_context(github_env("push", "refs/heads/main", "push.json"))
    assert (ctx.provider, ctx.event, ctx.branch, ctx.default_branch) == (
        "github",
        "push",
        "main",
        "main",
    )
    assert ctx.is_default_branch and not ctx.is_pull_request
    assert (ctx.run_id, ctx.sha, ctx.os, ctx.arch) == ("9876543210", "4c8b1f8e", "linux", "amd64")


def test_github_pull_request_reads_base_and_number_from_payload() -> None:
    env = github_env(
        "pull_request",
        "refs/pull/42/merge",
        "pull_request.json",
        RUNNER_OS="macOS",
        RUNNER_ARCH="ARM64",
    )
    ctx = detect_context(env)
    assert ctx.is_pull_request and ctx.pr_number == "42"
    assert ctx.base_ref == "release/2.0" and ctx.default_branch == "trunk"
    assert (ctx.os, ctx.arch) == ("macos", "arm64")


def test_github_missing_payload_falls_back_to_configured_default_branch() -> None:
    env = github_env("push", "refs/tags/v1.2.0", "does-not-exist.json")
    ctx = detect_context(env, fallback_default_branch="develop")
    assert ctx.tag == "v1.2.0" and ctx.default_branch == "develop"


@pytest.mark.parametrize(
    ("env", "event", "ref"),
    [
        ({"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main"}, "push", "refs/heads/main"),
        (
            {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": "v2", "CI_COMMIT_REF_NAME": "v2"},
            "push",
            "refs/tags/v2",
        ),
        (
            {
                "CI_PIPELINE_SOURCE": "merge_request_event",
                "CI_MERGE_REQUEST_IID": "7",
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
                "CI_COMMIT_REF_NAME": "feat",
            },
            "pull_request",
            "refs/merge-requests/7/head",
        ),
        (
            {"CI_PIPELINE_SOURCE": "web", "CI_COMMIT_BRANCH": "main"},
            "workflow_dispatch",
            "refs/heads/main",
        ),
        (
            {"CI_PIPELINE_SOURCE": "trigger", "CI_COMMIT_BRANCH": "main"},
            "trigger",
            "refs/heads/main",
        ),
    ],
)
def test_gitlab_sources_map_to_github_events(env: dict[str, str], event: str, ref: str) -> None:
    base = {
        "GITLAB_CI": "true",
        "CI_DEFAULT_BRANCH": "main",
        "CI_PIPELINE_ID": "55",
        "CI_COMMIT_SHA": "abc",
        "CI_RUNNER_EXECUTABLE_ARCH": "linux/arm64",
    }
    ctx = detect_context({**base, **env})
    assert (ctx.provider, ctx.event, ctx.ref, ctx.default_branch) == ("gitlab", event, ref, "main")
    assert (ctx.run_id, ctx.arch) == ("55", "arm64")


def test_gitlab_merge_request_is_a_pull_request() -> None:
    ctx = detect_context(
        {
            "GITLAB_CI": "true",
            "CI_PIPELINE_SOURCE": "merge_request_event",
            "CI_MERGE_REQUEST_IID": "7",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        }
    )
    assert ctx.is_pull_request and ctx.base_ref == "main" and ctx.pr_number == "7"


def test_generic_reads_head_of_the_checkout(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/topic\n")
    (git / "packed-refs").write_text("# pack-refs\nfeedbeef refs/heads/topic\n")
    ctx = detect_context({}, cwd=tmp_path / "sub")
    assert (ctx.provider, ctx.event, ctx.branch, ctx.sha) == ("local", "local", "topic", "feedbeef")
    assert ctx.default_branch == "main"


def test_flags_override_everything() -> None:
    env = github_env("push", "refs/heads/main", "push.json")
    ctx = detect_context(
        env,
        event="pull_request",
        ref="feature/x",
        default_branch="trunk",
        base_ref="main",
        arch="aarch64",
        sha=None,
    )
    assert (ctx.event, ctx.ref, ctx.default_branch, ctx.base_ref) == (
        "pull_request",
        "refs/heads/feature/x",
        "trunk",
        "main",
    )
    assert ctx.arch == "arm64" and ctx.sha == "4c8b1f8e"
