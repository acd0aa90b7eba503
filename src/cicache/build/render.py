"""Build reports as a table, JSON, and GitHub step-summary markdown; history per entry."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from cicache.build.report import BuildReport, hit_ratio

__all__ = [
    "HEADERS",
    "STATS_HEADERS",
    "EntryStats",
    "aggregate",
    "markdown",
    "rows",
    "stats_rows",
    "to_json",
]

HEADERS = ("entry", "builder", "cache", "steps", "cached", "hit", "time", "export")
STATS_HEADERS = ("entry", "builds", "hit (last)", "hit (mean)", "time (last)", "writes", "builder")


def _pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.0%}"


def _access(report: BuildReport) -> str:
    return "read+write" if report.write_requested else ("read" if report.read_cache else "none")


def _export(report: BuildReport) -> str:
    return (
        f"{report.export}: {report.export_detail}" if report.export == "failed" else report.export
    )


def rows(reports: Sequence[BuildReport]) -> list[list[str]]:
    return [
        [
            r.entry,
            r.builder,
            _access(r),
            str(r.steps_total),
            str(r.steps_cached),
            _pct(r.hit_ratio),
            f"{r.seconds:.1f}s",
            _export(r),
        ]
        for r in reports
    ]


def to_json(reports: Sequence[BuildReport]) -> str:
    return json.dumps([r.as_dict() for r in reports], indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(reports: Sequence[BuildReport]) -> str:
    """A `$GITHUB_STEP_SUMMARY` section: one table row per entry, then the warnings."""
    lines = [
        "### cicache build",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows(reports)]
    warnings = [f"- `{r.entry}`: {_cell(w)}" for r in reports for w in r.warnings]
    if warnings:
        lines += ["", "**Warnings**", "", *warnings]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class EntryStats:
    entry: str
    builds: int
    last_ratio: float | None
    mean_ratio: float | None
    last_seconds: float
    writes: int
    builder: str

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def aggregate(reports: Sequence[BuildReport], last: int = 20) -> list[EntryStats]:
    """Per entry, over its `last` successful builds (oldest first in, sorted by entry out)."""
    by_entry: dict[str, list[BuildReport]] = {}
    for report in reports:
        if report.status == "ok":
            by_entry.setdefault(report.entry, []).append(report)
    out = []
    for entry, runs in sorted(by_entry.items()):
        recent = runs[-last:]
        cached = sum(r.steps_cached for r in recent)
        total = sum(r.steps_total for r in recent)
        out.append(
            EntryStats(
                entry=entry,
                builds=len(recent),
                last_ratio=recent[-1].hit_ratio,
                mean_ratio=hit_ratio(cached, total),
                last_seconds=recent[-1].seconds,
                writes=sum(1 for r in recent if r.wrote_cache),
                builder=recent[-1].builder,
            )
        )
    return out


def stats_rows(stats: Sequence[EntryStats]) -> list[list[str]]:
    return [
        [
            s.entry,
            str(s.builds),
            _pct(s.last_ratio),
            _pct(s.mean_ratio),
            f"{s.last_seconds:.1f}s",
            str(s.writes),
            s.builder,
        ]
        for s in stats
    ]
