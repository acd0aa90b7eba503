"""CC204 iso-week-wrong-year: an ISO week formatted with the calendar year (`%Y-W%V`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.builds import locate
from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project

# `%V` is the ISO week; its year is `%G`. `%Y` differs around New Year: 2027-01-01 is in
# 2026-W53, which `%Y-W%V` renders 2027-W53; 2025-12-29 is 2026-W01, rendered 2025-W01.
# Any `%Y ... %V` within one format token counts, unless a `%G` sits between them.
_WRONG = re.compile(r"%Y[^\s'\"%]*(?:%[^G\s'\"][^\s'\"%]*)*%V")

_MESSAGE = (
    "ISO week formatted as `%Y-W%V`: `%Y` is the calendar year, wrong around New Year "
    "(2027-01-01 is 2026-W53); use `%G-W%V`"
)


def _scan(path: str, lines: tuple[str, ...], first: int, last: int) -> Iterator[Hit]:
    for n in range(first, min(last, len(lines)) + 1):
        for m in _WRONG.finditer(lines[n - 1]):
            yield Hit(path, n, m.start() + 1, _MESSAGE)


def check(project: Project) -> Iterator[Hit]:
    for wf in project.workflows.values():
        for job in wf.jobs:
            for step in job.steps:
                if step.run is None or not _WRONG.search(step.run.text):
                    continue
                body = step.run.text.splitlines() or [""]
                start, _ = locate(wf.lines, step.run.line, body[0])
                yield from _scan(wf.path, wf.lines, start, start + len(body))
    for path, lines in project.scripts.items():
        yield from _scan(path, lines, 1, len(lines))
    config, cfg = project.settings.config, project.config_file
    if config is not None and cfg is not None and _WRONG.search(config.refresh.cadence):
        yield Hit(cfg.path, cfg.line_of("refresh", "cadence"), 1, _MESSAGE)


RULE = Rule(
    code="CC204",
    name="iso-week-wrong-year",
    severity="error",
    summary="An ISO week computed as `%Y-W%V` in a workflow `run:` script or a script it calls.",
    rationale=(
        "`%V` is the ISO 8601 week number, whose year is `%G`. Around New Year `%Y-W%V` gives "
        "a week that does not exist (2027-W53 for 2027-01-01) or repeats one (2025-W01 for "
        "2025-12-29), so the refresh value goes backwards or skips a week."
    ),
    bad="""\
      - id: refresh
        run: echo "value=$(date -u +%Y-W%V)" >> "$GITHUB_OUTPUT"
""",
    good="""\
      - id: refresh
        run: echo "value=$(date -u +%G-W%V)" >> "$GITHUB_OUTPUT"
""",
    check=check,
)
