"""Recorded-style rawjson streams -> steps, imports, export (BuildKit's counting, §5.3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cicache.builders.rawjson import Progress, RawJsonParser, is_instruction


def parse(lines: list[str]) -> tuple[Progress, list[str]]:
    parser = RawJsonParser()
    completed = [step.name for line in lines for step in parser.feed(line)]
    return parser.result(), completed


def instruction_counts(progress: Progress) -> tuple[int, int]:
    steps = [s for s in progress.steps if s.instruction]
    return len(steps), sum(s.cached for s in steps)


@pytest.mark.parametrize(
    ("name", "total", "cached", "export"),
    [
        ("cold", 4, 0, "written"),
        ("warm", 4, 4, "written"),
        ("pr-readonly", 4, 3, None),
        ("export-failed", 1, 0, "failed"),
        ("multiplatform", 2, 1, None),
        ("empty-export", 0, 0, "nothing-to-export"),
    ],
)
def test_counts_and_export(
    rawjson: Callable[[str], list[str]], name: str, total: int, cached: int, export: str | None
) -> None:
    progress, _ = parse(rawjson(name))
    assert instruction_counts(progress) == (total, cached)
    assert (progress.export.status if progress.export else None) == export


def test_each_vertex_is_one_step_reported_once(rawjson: Callable[[str], list[str]]) -> None:
    progress, completed = parse(rawjson("cold"))
    # 10 unique digests (load, metadata, import, FROM, context, 4 steps, export)
    assert len(progress.steps) == 10
    assert len(completed) == len(set(completed)) == 10


def test_durations_come_from_started_and_completed(rawjson: Callable[[str], list[str]]) -> None:
    progress, _ = parse(rawjson("cold"))
    seconds = {s.name: s.seconds for s in progress.steps}
    assert seconds["[build 4/5] RUN go mod download"] == pytest.approx(12.5)
    assert seconds["[build 5/5] RUN go build -o /out/server ./cmd/server"] == pytest.approx(40.0)
    warm, _ = parse(rawjson("warm"))
    assert all(s.seconds == 0 for s in warm.steps if s.cached)


def test_failed_imports_name_the_ref(rawjson: Callable[[str], list[str]]) -> None:
    cold, _ = parse(rawjson("cold"))
    assert cold.imports_failed == (
        "quay.io/example/ci-cache:cache-go-amd64: "
        "quay.io/example/ci-cache:cache-go-amd64: not found",
    )
    pr, _ = parse(rawjson("pr-readonly"))
    assert len(pr.imports_failed) == 1
    assert pr.imports_failed[0].startswith("quay.io/example/ci-cache:cache-go-amd64-release-1.2:")


def test_export_failure_keeps_the_cause(rawjson: Callable[[str], list[str]]) -> None:
    progress, _ = parse(rawjson("export-failed"))
    assert progress.export is not None
    assert "401 Unauthorized" in progress.export.detail
    assert any(p.startswith("WARNING: failed to export cache") for p in progress.plain)


def test_build_failure_keeps_errors_and_the_plain_error_line(
    rawjson: Callable[[str], list[str]],
) -> None:
    progress, _ = parse(rawjson("build-failed"))
    errors = {s.name: s.error for s in progress.steps if s.error}
    assert "exit code: 2" in errors["[build 2/3] RUN make"]
    assert errors["[build 3/3] RUN make install"] == "context canceled"
    assert progress.plain[-1].startswith("ERROR: failed to solve:")


def test_garbage_lines_are_kept_as_plain_or_ignored() -> None:
    progress, completed = parse(["", "not json", "[1, 2]", '{"vertexes": [{"name": "x"}]}'])
    assert progress.steps == () and completed == []
    assert progress.plain == ("not json",)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("[build 3/6] RUN go mod download", True),
        ("[stage-1 2/5] COPY . .", True),
        ("[linux/arm64 build 2/2] RUN make", True),
        ("[2/2] RUN true", True),
        ("[build 1/6] FROM docker.io/library/golang:1.22", False),
        ("[internal] load build definition from Dockerfile", False),
        ("exporting cache to registry", False),
        ("importing cache manifest from r:t", False),
    ],
)
def test_instruction_vertices(name: str, expected: bool) -> None:
    assert is_instruction(name) is expected
