"""The build use case with a fake builder: reports, history, warnings, failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicache.build import history
from cicache.build.run import build_entries, commands
from cicache.builders.pitfalls import Pitfall
from cicache.errors import BuildError

from .conftest import FakeBuilder, make_plan, outcome

ROOT = Path("/repo")


def test_reports_per_entry_and_history(history_file: Path) -> None:
    builder = FakeBuilder([outcome(0, 3), outcome(3, 0, "nothing-to-export")])
    reports = build_entries(make_plan("a", "b"), builder, root=ROOT)
    a, b = reports
    assert (a.entry, a.steps_total, a.steps_cached, a.wrote_cache) == ("app:a", 3, 0, True)
    assert (b.steps_cached, b.hit_ratio, b.wrote_cache, b.export) == (
        3, 1.0, False, "nothing-to-export",
    )  # fmt: skip
    assert a.cache_ref == "reg.example/cache/cache-a"  # the builder's own location
    assert a.cache_from == ("reg.example/cache/cache-a",)
    assert (a.event, a.sha, a.builder_version) == ("push", "abc123", "1.28.2")
    assert [r.entry for r in history.read(history_file)] == ["app:a", "app:b"]
    assert [s.label for s in builder.built] == ["app:a", "app:b"]
    assert all(s.cwd == ROOT for s in builder.built)


def test_read_only_plan(history_file: Path) -> None:
    builder = FakeBuilder([outcome(2, 1, "not-requested")])
    (report,) = build_entries(make_plan("a", write=False), builder, root=ROOT)
    assert report.read_cache and not report.write_requested and not report.wrote_cache
    assert builder.built[0].cache_to is None


def test_pitfalls_warn_and_are_recorded() -> None:
    warned: list[str] = []
    builder = FakeBuilder([outcome(1, 2)], found=[Pitfall("arg-defeats-remote-cache", "old")])
    (report,) = build_entries(make_plan("a"), builder, root=ROOT, warn=warned.append)
    assert warned == ["`app:a`: old"]
    assert report.pitfalls == ("arg-defeats-remote-cache",)
    assert "old" in report.warnings


def test_fatal_pitfall_stops_before_building() -> None:
    builder = FakeBuilder([], found=[Pitfall("no-remote-cache", "too old", fatal=True)])
    with pytest.raises(BuildError, match="too old"):
        build_entries(make_plan("a"), builder, root=ROOT)
    assert builder.built == []


def test_failure_is_recorded_and_names_the_entry(history_file: Path) -> None:
    builder = FakeBuilder([outcome(1, 1), BuildError("buildah exited with status 3: Error: x")])
    with pytest.raises(BuildError) as exc:
        build_entries(make_plan("a", "b"), builder, root=ROOT)
    assert exc.value.message == ("build of `app:b` failed: buildah exited with status 3: Error: x")
    recorded = history.read(history_file)
    assert [(r.entry, r.status) for r in recorded] == [("app:a", "ok"), ("app:b", "failed")]


def test_outcome_warnings_are_passed_on() -> None:
    warned: list[str] = []
    result = outcome(0, 1, "failed")
    result = type(result)(result.steps, result.export, 1.0, warnings=("cache export failed",))
    build_entries(make_plan("a"), FakeBuilder([result]), root=ROOT, warn=warned.append)
    assert warned == ["`app:a`: cache export failed"]


def test_commands_for_dry_run() -> None:
    assert commands(make_plan("a", "b"), FakeBuilder([]), ROOT, push=False) == [
        ["fake", "build", "Dockerfile", "app:a"],
        ["fake", "build", "Dockerfile", "app:b"],
    ]
