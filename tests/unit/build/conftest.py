"""A fake builder and a small plan for the build use case."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cicache.builders.base import Log
from cicache.builders.pitfalls import Pitfall, Version
from cicache.builders.process import Runner
from cicache.builders.spec import BuildOutcome, BuildSpec, ExportOutcome, Step
from cicache.ci import Context
from cicache.errors import BuildError
from cicache.plan.model import EntryPlan, Plan
from cicache.plan.policy import Access


def entry(name: str, write: bool = True) -> EntryPlan:
    ref = f"reg.example/cache:cache-{name}"
    return EntryPlan(
        target="app",
        name=name,
        fields={"name": name},
        origin="cicache.toml",
        cache_ref=ref,
        cache_from=(f"type=registry,ref={ref}",),
        cache_to=f"type=registry,ref={ref},mode=max,ignore-error=true" if write else None,
        cache_to_reason="test",
        build_args={},
        platforms=(),
        dockerfile="Dockerfile",
        context=".",
    )


def make_plan(*names: str, write: bool = True) -> Plan:
    ctx = Context(
        provider="github",
        event="push" if write else "pull_request",
        ref="refs/heads/main",
        default_branch="main",
        sha="abc123",
    )
    return Plan(
        ctx,
        Access(write, "test"),
        "DEPS_REFRESH",
        "2026-W49",
        tuple(entry(n, write) for n in names),
    )


def outcome(cached: int, executed: int, export: str = "written") -> BuildOutcome:
    steps = [Step("FROM base", False, instruction=False)]
    steps += [Step(f"RUN c{i}", True) for i in range(cached)]
    steps += [Step(f"RUN e{i}", False, 1.0) for i in range(executed)]
    return BuildOutcome(tuple(steps), ExportOutcome(export, "detail"), 3.5, digest="sha256:d")  # type: ignore[arg-type]


@dataclass
class FakeBuilder:
    outcomes: list[BuildOutcome | BuildError]
    found: list[Pitfall] = field(default_factory=list)
    built: list[BuildSpec] = field(default_factory=list)
    name: str = "buildah"

    def version(self) -> Version | None:
        return (1, 28, 2)

    def cache_location(self, ref: str) -> str:
        return ref.replace(":", "/", 1) if ref.count(":") == 1 else ref

    def commands(self, spec: BuildSpec) -> list[list[str]]:
        return [["fake", "build", spec.dockerfile, spec.label]]

    def pitfalls(self, spec: BuildSpec) -> list[Pitfall]:
        return self.found

    def build(self, spec: BuildSpec, runner: Runner, log: Log) -> BuildOutcome:
        self.built.append(spec)
        log(f"building {spec.label}")
        result = self.outcomes.pop(0)
        if isinstance(result, BuildError):
            raise result
        return result


@pytest.fixture(autouse=True)
def history_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "state" / "builds.jsonl"
    monkeypatch.setenv("CICACHE_HISTORY", str(path))
    yield path
