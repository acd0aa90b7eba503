"""GitLab CI: predefined variables, with pipeline sources mapped to GitHub's event names.

The policy speaks GitHub's vocabulary (push, pull_request, schedule, workflow_dispatch), so a
merge request pipeline is a `pull_request` and a pipeline started from the UI is a
`workflow_dispatch`. Other sources (api, trigger, pipeline, chat...) keep their GitLab name
and therefore only read, unless the policy lists them.
"""

from __future__ import annotations

from collections.abc import Mapping

from cicache.ci.context import Context, normalise_arch

__all__ = ["detect", "matches"]

_EVENTS = {
    "push": "push",
    "merge_request_event": "pull_request",
    "external_pull_request_event": "pull_request",
    "schedule": "schedule",
    "web": "workflow_dispatch",
}


def matches(env: Mapping[str, str]) -> bool:
    return env.get("GITLAB_CI") == "true"


def _ref(env: Mapping[str, str]) -> str:
    if env.get("CI_COMMIT_TAG"):
        return f"refs/tags/{env['CI_COMMIT_TAG']}"
    if env.get("CI_MERGE_REQUEST_IID"):
        return f"refs/merge-requests/{env['CI_MERGE_REQUEST_IID']}/head"
    branch = env.get("CI_COMMIT_BRANCH") or env.get("CI_COMMIT_REF_NAME", "")
    return f"refs/heads/{branch}" if branch else ""


def detect(env: Mapping[str, str]) -> Context:
    source = env.get("CI_PIPELINE_SOURCE", "")
    platform_ = env.get("CI_RUNNER_EXECUTABLE_ARCH", "")  # e.g. "linux/amd64"
    os_name, _, arch = platform_.partition("/")
    return Context(
        provider="gitlab",
        event=_EVENTS.get(source, source),
        ref=_ref(env),
        default_branch=env.get("CI_DEFAULT_BRANCH", ""),
        base_ref=env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", ""),
        pr_number=env.get("CI_MERGE_REQUEST_IID", ""),
        run_id=env.get("CI_PIPELINE_ID", ""),
        sha=env.get("CI_COMMIT_SHA", ""),
        repository=env.get("CI_PROJECT_PATH", ""),
        os=os_name or Context.os,
        arch=normalise_arch(arch) if arch else Context.arch,
    )
