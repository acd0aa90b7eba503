"""CC101 cache-write-on-pr: a registry cache write that can run for a pull request."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule
from cicache.lint.runs import PR_EVENTS

if TYPE_CHECKING:
    from cicache.lint.project import Project


def _config(project: Project) -> Iterator[Hit]:
    config, cfg = project.settings.config, project.config_file
    if config is None or cfg is None or not project.planned:
        return
    for event in sorted(PR_EVENTS & set(config.policy.write_events)):
        yield Hit(
            cfg.path, cfg.line_of("policy", "write-events"), 1,
            f"[policy] write-events includes `{event}`: `cicache plan` would give pull "
            "requests a `cache-to`; pull requests must only read the shared cache",
        )  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    yield from _config(project)
    for build in project.builds:
        if build.run.event not in PR_EVENTS or build.runs is False:
            continue
        for spec in build.cache_to:
            via = f" (via `{build.run.caller.workflow.path}`)" if build.run.caller else ""
            yield Hit(
                build.where(spec), spec.line, spec.column,
                f"`cache-to` can run on `{build.run.event}`{via}: pull requests must only read "
                "the shared cache; gate it on `github.event_name` or drop it for PR events",
            )  # fmt: skip


RULE = Rule(
    code="CC101",
    name="cache-write-on-pr",
    severity="error",
    summary="A `cache-to` export can run on `pull_request` or `pull_request_target`.",
    rationale=(
        "PR builds read the default branch's warm cache but must never write it: a PR would "
        "pollute (or poison) the shared cache with its experimental state. The workflow's "
        "triggers, the job `if:`, the step `if:` and the `cache-to` expression all count; a "
        "write in a workflow without PR triggers is fine."
    ),
    bad="""\
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          cache-to: type=registry,ref=quay.io/org/ci-cache:cache-cpu,mode=max,ignore-error=true
""",
    good="""\
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          cache-to: ${{ github.event_name != 'pull_request' && 'type=registry,ref=quay.io/org/ci-cache:cache-cpu,mode=max,ignore-error=true' || '' }}
""",
    check=check,
)
