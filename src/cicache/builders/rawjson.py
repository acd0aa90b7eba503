"""BuildKit `--progress=rawjson` streams -> steps, cache imports and the cache export.

Format (reference buildkit-cache.md §5): one JSON `SolveStatus` per line on stderr, with
`vertexes`, `statuses`, `logs`, `warnings`; plain-text lines (warnings, the final `ERROR:`)
are mixed in. A vertex is reported several times (announced, started, completed); counting
follows BuildKit's own history code: one step per unique digest, cached if any event said
`cached`, completed if any event carried `completed`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cicache.builders.spec import ExportOutcome, Step

__all__ = ["Progress", "RawJsonParser", "is_instruction"]

# `[build 3/6] RUN ...`, `[linux/arm64 stage-1 2/5] COPY ...`, `[app-amd64 build 1/2] ...`
_INSTRUCTION = re.compile(r"^\[(?:[^\]]+ )?\d+/\d+\] (?P<keyword>\S+)")
_IMPORT = "importing cache manifest from "
_EXPORT = re.compile(r"^exporting (?:cache to |to GitHub Actions Cache)")
_EMPTY_EXPORT = "skipping cache export for empty result"
_FRACTION = re.compile(r"(\.\d{6})\d+")


def is_instruction(name: str) -> bool:
    """A Dockerfile instruction vertex, `FROM` excepted (that is a resolve or a load)."""
    match = _INSTRUCTION.match(name)
    return match is not None and match.group("keyword").upper() != "FROM"


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:  # Go writes nanoseconds; Python takes microseconds
        return datetime.fromisoformat(_FRACTION.sub(r"\1", text).replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass
class _Vertex:
    name: str = ""
    started: datetime | None = None
    completed: datetime | None = None
    cached: bool = False
    error: str = ""
    statuses: set[str] = field(default_factory=set)

    def seconds(self) -> float:
        if self.cached or self.started is None or self.completed is None:
            return 0.0
        return max(0.0, (self.completed - self.started).total_seconds())


@dataclass(frozen=True)
class Progress:
    steps: tuple[Step, ...]
    export: ExportOutcome | None  # None: no cache export vertex was seen
    imports_failed: tuple[str, ...]
    plain: tuple[str, ...]  # non-JSON lines, e.g. `ERROR: failed to solve: ...`


class RawJsonParser:
    """Feed lines as they arrive; `finished_steps` tells what just completed (for a log)."""

    def __init__(self) -> None:
        self._vertices: dict[str, _Vertex] = {}
        self._plain: list[str] = []

    def feed(self, line: str) -> list[Step]:
        text = line.strip()
        if not text:
            return []
        try:
            status = json.loads(text)
        except ValueError:
            self._plain.append(text)
            return []
        if not isinstance(status, dict):
            return []
        for item in status.get("statuses") or []:
            self._status(item)
        return [s for item in status.get("vertexes") or [] if (s := self._vertex(item))]

    def _status(self, item: Any) -> None:
        if isinstance(item, dict) and isinstance(item.get("vertex"), str):
            vertex = self._vertices.setdefault(item["vertex"], _Vertex())
            vertex.statuses.add(str(item.get("id") or item.get("name") or ""))

    def _vertex(self, item: Any) -> Step | None:
        if not isinstance(item, dict) or not isinstance(item.get("digest"), str):
            return None
        vertex = self._vertices.setdefault(item["digest"], _Vertex())
        was_done = vertex.completed is not None
        vertex.name = str(item.get("name") or vertex.name)
        started = _time(item.get("started"))
        if started and (vertex.started is None or started < vertex.started):
            vertex.started = started
        completed = _time(item.get("completed"))
        if completed and (vertex.completed is None or completed > vertex.completed):
            vertex.completed = completed
        vertex.cached = vertex.cached or bool(item.get("cached"))
        vertex.error = str(item.get("error") or vertex.error)
        return self._step(vertex) if vertex.completed and not was_done else None

    @staticmethod
    def _step(vertex: _Vertex) -> Step:
        return Step(
            name=vertex.name,
            cached=vertex.cached,
            seconds=vertex.seconds(),
            instruction=is_instruction(vertex.name),
            error=vertex.error,
        )

    def result(self) -> Progress:
        vertices = list(self._vertices.values())
        return Progress(
            steps=tuple(self._step(v) for v in vertices if v.name),
            export=_export(vertices),
            imports_failed=tuple(
                f"{v.name.removeprefix(_IMPORT)}: {v.error}"
                for v in vertices
                if v.name.startswith(_IMPORT) and v.error
            ),
            plain=tuple(self._plain),
        )


def _export(vertices: list[_Vertex]) -> ExportOutcome | None:
    exports = [v for v in vertices if _EXPORT.match(v.name)]
    if not exports:
        return None
    failed = [v for v in exports if v.error]
    if failed:
        return ExportOutcome("failed", "; ".join(v.error for v in failed))
    if all(any(_EMPTY_EXPORT in s for s in v.statuses) for v in exports):
        return ExportOutcome("nothing-to-export", _EMPTY_EXPORT)
    if all(v.completed for v in exports):
        return ExportOutcome("written", ", ".join(v.name for v in exports))
    return ExportOutcome("failed", "the cache export did not finish")
