"""Who writes: the default policy per event and ref, and its configurable parts."""

from __future__ import annotations

import pytest

from cicache.ci import Context
from cicache.config.model import PolicyOptions
from cicache.plan.policy import decide, slug

DEFAULT = PolicyOptions()


def ctx(event: str, ref: str, **kw: str) -> Context:
    return Context(provider="github", event=event, ref=ref, default_branch="main", **kw)


@pytest.mark.parametrize(
    ("event", "ref", "writes"),
    [
        ("push", "refs/heads/main", True),
        ("push", "refs/tags/v1.0.0", True),
        ("schedule", "refs/heads/main", True),
        ("workflow_dispatch", "refs/heads/main", True),
        ("push", "refs/heads/feature/x", False),
        ("workflow_dispatch", "refs/heads/feature/x", False),
        ("pull_request", "refs/pull/1/merge", False),
        ("pull_request_target", "refs/heads/main", False),
        ("merge_group", "refs/heads/gh-readonly-queue/main/pr-1", False),
        ("issue_comment", "refs/heads/main", False),
        ("local", "refs/heads/main", False),
        ("", "", False),
    ],
)
def test_default_policy(event: str, ref: str, writes: bool) -> None:
    assert decide(DEFAULT, ctx(event, ref)).write is writes


def test_reasons_say_why() -> None:
    assert decide(DEFAULT, ctx("pull_request", "refs/pull/1/merge")).reason == (
        "`pull_request` events only read (policy.write-events)"
    )
    assert decide(DEFAULT, ctx("push", "refs/heads/x")).reason == (
        "`push` on `refs/heads/x` is not a write ref (policy.write-refs)"
    )
    assert decide(DEFAULT, ctx("push", "")).reason == (
        "`push` on an unknown ref (pass `--ref`) is not a write ref (policy.write-refs)"
    )
    assert decide(DEFAULT, ctx("push", "refs/heads/main")).reason == (
        "`push` on default branch `main`"
    )


def test_configurable_events_and_refs() -> None:
    policy = PolicyOptions(write_events=("push", "merge_group"), write_refs=("release/*",))
    assert decide(policy, ctx("push", "refs/heads/release/2.0")).write
    assert not decide(policy, ctx("push", "refs/heads/main")).write
    assert not decide(policy, ctx("schedule", "refs/heads/release/2.0")).write


def test_branch_scoped_long_lived_branch_writes_its_own_scope() -> None:
    policy = PolicyOptions(branch_scoped=("release/*",))
    access = decide(policy, ctx("push", "refs/heads/release/2.0"))
    assert access.write and access.scope == "release-2.0"
    assert access.read_scopes == ("release-2.0",)


def test_pull_request_into_long_lived_branch_reads_that_scope() -> None:
    policy = PolicyOptions(branch_scoped=("release/*",))
    access = decide(policy, ctx("pull_request", "refs/pull/3/merge", base_ref="release/2.0"))
    assert not access.write and access.read_scopes == ("release-2.0",)


def test_default_branch_is_never_branch_scoped() -> None:
    access = decide(PolicyOptions(branch_scoped=("*",)), ctx("push", "refs/heads/main"))
    assert access.write and access.scope == "" and access.read_scopes == ()


@pytest.mark.parametrize(
    ("branch", "expected"),
    [("release/1.2", "release-1.2"), ("feat/ünï code", "feat-n-code"), ("///", "branch")],
)
def test_slug(branch: str, expected: str) -> None:
    assert slug(branch) == expected
