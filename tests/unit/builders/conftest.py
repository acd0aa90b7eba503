"""Fakes for builder tests: a runner that replays recorded output instead of spawning."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BUILDAH_DATA = Path(__file__).resolve().parent / "data" / "buildah"


@dataclass
class Replay:
    """One scripted run: the lines it prints, its exit status, and a side effect."""

    lines: list[str]
    status: int = 0
    effect: Callable[[Sequence[str]], None] | None = None


@dataclass
class FakeRunner:
    replays: list[Replay]
    calls: list[list[str]] = field(default_factory=list)
    step: float = 0.5  # seconds between lines, for duration measurement

    def run(
        self,
        argv: Sequence[str],
        on_line: Callable[[str, float], None],
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        self.calls.append(list(argv))
        replay = self.replays.pop(0)
        if replay.effect:
            replay.effect(argv)
        for i, line in enumerate(replay.lines):
            on_line(line, i * self.step)
        return replay.status


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def rawjson() -> Callable[[str], list[str]]:
    return lambda name: lines_of(FIXTURES / "rawjson" / f"{name}.jsonl")


@pytest.fixture
def buildah_out() -> Callable[[str], list[str]]:
    return lambda name: lines_of(BUILDAH_DATA / f"{name}.txt")
