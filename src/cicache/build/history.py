"""The local build history: one JSON report per line, newest last, bounded in size.

Lives at `$CICACHE_HISTORY`, else `$XDG_STATE_HOME/cicache/builds.jsonl` (default
`~/.local/state/cicache/builds.jsonl`). A CI runner that keeps its home directory (self-hosted)
accumulates history across jobs; on ephemeral runners `cicache report` covers the job's builds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from cicache.build.report import BuildReport
from cicache.errors import ConfigError

__all__ = ["KEEP", "append", "history_path", "read"]

KEEP = 2000  # reports kept; older ones are dropped when the file is rewritten


def history_path() -> Path:
    if explicit := os.environ.get("CICACHE_HISTORY"):
        return Path(explicit)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "cicache" / "builds.jsonl"


def append(reports: Iterable[BuildReport], path: Path | None = None) -> Path:
    path = path or history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as stream:
        for report in reports:
            stream.write(json.dumps(report.as_dict(), sort_keys=True) + "\n")
    _trim(path)
    return path


def _trim(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if len(lines) <= KEEP + KEEP // 10:  # rewrite rarely, not on every append
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines[-KEEP:]), encoding="utf-8")
    tmp.replace(path)


def read(path: Path | None = None) -> list[BuildReport]:
    """Every readable report, oldest first; damaged lines are skipped."""
    path = path or history_path()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ConfigError(
            f"cannot read the build history `{path}`: {exc.strerror}",
            hint="$CICACHE_HISTORY, if set, names a file",
        ) from exc
    out: list[BuildReport] = []
    for line in lines:
        try:
            out.append(BuildReport.from_dict(json.loads(line)))
        except (ValueError, TypeError, AttributeError):
            continue
    return out
