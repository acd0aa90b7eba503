"""`cicache check [PATH]`: the caching rules for workflows, matrices and Dockerfiles."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from cicache import console
from cicache.errors import UsageError
from cicache.lint import check
from cicache.lint.configured import settings_for
from cicache.lint.render import FORMATS, render

__all__ = ["check_cmd"]


def _counts(severities: Sequence[str]) -> str:
    parts = [
        f"{severities.count(s)} {s}{'s' if severities.count(s) != 1 else ''}"
        for s in ("error", "warning")
    ]
    infos = severities.count("info")
    return ", ".join(parts + ([f"{infos} info"] if infos else []))


@click.command("check")
@click.argument(
    "path", type=click.Path(path_type=Path, file_okay=False), default=None, required=False
)
@click.option(
    "-C",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The repository to check, as `-C` in every other command (same as PATH).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Output format: compiler-style text, JSON list, SARIF 2.1.0, or GitHub annotations.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file (default: cicache.toml or pyproject.toml [tool.cicache] in PATH).",
)
def check_cmd(
    path: Path | None, directory: Path | None, fmt: str, config_file: Path | None
) -> None:
    """Check workflows, matrices and Dockerfiles under PATH against the caching rules.

    Exit status 1 when an error-level finding remains. Silence one finding with a
    `# cicache: ignore[CC101]` comment on its line; configure rules in `[check.rules]`.
    """
    if path is not None and directory is not None and path != directory:
        raise UsageError("give the repository once: PATH or `-C DIR`, not both")
    path = path or directory or Path()
    result = check(path, settings_for(path, config_file))
    if result.findings or fmt in {"json", "sarif"}:
        console.data(render(result, fmt))
    severities = [f.severity for f in result.findings]
    if result.findings:
        console.step(f"{_counts(severities)} in {result.summary}")
    else:
        console.step(f"checked {result.summary}: no findings")
    if result.failed:
        sys.exit(1)
