"""CC301 native-save-on-pr: an `actions/cache` save that can run for a pull request."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.rule import Hit, Rule
from cicache.lint.runs import PR_EVENTS

if TYPE_CHECKING:
    from cicache.lint.project import Project


def check(project: Project) -> Iterator[Hit]:
    for cache in project.native_caches:
        if cache.action == "restore" or cache.runs is False or cache.run.event not in PR_EVENTS:
            continue
        step = cache.step
        line, col = (step.uses.line, step.uses.column) if step.uses else (step.line, step.column)
        if step.if_ is not None:
            line, col = step.if_.line, step.if_.column
        if cache.tool == "cicache":
            message = (
                f"`cicache save` can run on `{cache.run.event}`: gate the step on "
                "`github.event_name != 'pull_request'` so PRs only read"
            )
        elif cache.action == "cache":
            message = (
                f"`actions/cache` saves in its post step, also on `{cache.run.event}`: split it into "
                "`actions/cache/restore` and an `actions/cache/save` gated on "
                "`github.event_name != 'pull_request'`"
            )
        else:
            message = (
                f"`actions/cache/save` can run on `{cache.run.event}`: gate it on "
                "`github.event_name != 'pull_request'` so PRs only read"
            )
        yield Hit(cache.run.workflow.path, line, col, message)


RULE = Rule(
    code="CC301",
    name="native-save-on-pr",
    severity="error",
    summary="A native cache save (`actions/cache`, `actions/cache/save`) not gated on non-PR events.",
    rationale=(
        "Native caches follow the registry cache's rule: pull requests read the default "
        "branch's warm cache and never write. `actions/cache` always saves in its post step, "
        "so a PR-triggered workflow must split restore and save."
    ),
    bad="""\
on: [push, pull_request]
...
      - uses: actions/cache@v4
        with:
          path: ~/Library/Caches/pip
          key: pip-${{ hashFiles('requirements.txt') }}
""",
    good="""\
      - uses: actions/cache/restore@v4
        with: {path: ~/Library/Caches/pip, key: "pip-${{ hashFiles('requirements.txt') }}"}
      # ... build ...
      - uses: actions/cache/save@v4
        if: github.event_name != 'pull_request'
        with: {path: ~/Library/Caches/pip, key: "pip-${{ hashFiles('requirements.txt') }}"}
""",
    check=check,
)
