"""buildah/podman `bud --layers` output -> steps, cache pulls and cache pushes.

Observed with buildah 1.28.2 (reference buildkit-cache.md §7.4):

    [1/2] STEP 2/3: RUN make                      a step starts (stage prefix when multi-stage)
    --> Cache pulled from remote REPO:KEY          the step's image came from the remote cache
    --> Using cache 3343be952c8a...                the step was not executed: a hit
    --> Pushing cache REPO:KEY                     the step was executed and its image pushed
    Error: failed pushing cache to {...}: CAUSE    the cache push failed (exit 125)

Durations are measured from the arrival times of the lines: a step lasts from its `STEP`
line to the last line before the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cicache.builders.spec import Step

__all__ = ["BuildahOutput", "BuildahParser"]

_STEP = re.compile(r"^(?:(?P<stage>\[\d+/\d+\]) )?STEP \d+/\d+: (?P<text>.*)$")
_USING = re.compile(r"^--> Using cache ")
_PULLED = re.compile(r"^--> Cache pulled from remote (?P<ref>\S+)")
_PUSHING = re.compile(r"^--> Pushing cache (?P<ref>\S+)")
_PUSH_FAILED = re.compile(r"^Error: failed pushing cache to (?P<cause>.*)$")
_IMAGE_ID = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class _Open:
    name: str
    started: float
    last: float
    instruction: bool
    cached: bool = False


@dataclass
class BuildahOutput:
    steps: list[Step] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)
    pushed: list[str] = field(default_factory=list)
    push_error: str = ""
    errors: list[str] = field(default_factory=list)  # `Error: ...` lines, the builder's own
    image_id: str = ""


class BuildahParser:
    def __init__(self) -> None:
        self.out = BuildahOutput()
        self._open: _Open | None = None

    def feed(self, line: str, at: float) -> list[Step]:
        text = line.strip()
        if match := _STEP.match(text):
            done = self._close()
            name = " ".join(p for p in (match.group("stage"), match.group("text")) if p)
            is_from = match.group("text").upper().startswith("FROM ")
            self._open = _Open(name, at, at, instruction=not is_from)
            return done
        if self._open is not None:
            self._open.last = at
        self._record(text)
        return []

    def _record(self, text: str) -> None:
        if _USING.match(text) and self._open is not None:
            self._open.cached = True
        elif match := _PULLED.match(text):
            self.out.pulled.append(match.group("ref"))
        elif match := _PUSHING.match(text):
            self.out.pushed.append(match.group("ref"))
        elif match := _PUSH_FAILED.match(text):
            self.out.push_error = match.group("cause")
        elif _IMAGE_ID.match(text):
            self.out.image_id = f"sha256:{text}"
        if text.startswith("Error:"):
            self.out.errors.append(text)

    def _close(self) -> list[Step]:
        step, self._open = self._open, None
        if step is None:
            return []
        seconds = 0.0 if step.cached else step.last - step.started
        done = Step(step.name, step.cached, round(seconds, 3), instruction=step.instruction)
        self.out.steps.append(done)
        return [done]

    def finish(self) -> BuildahOutput:
        self._close()
        return self.out
