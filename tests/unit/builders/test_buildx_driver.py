"""The buildx driver: the exact command, rawjson parsing, metadata digest, failures."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cicache.build.run import spec_for
from cicache.builders.buildx import Buildx
from cicache.builders.spec import BuildSpec
from cicache.ci import Context
from cicache.config import load_config
from cicache.errors import BuildError
from cicache.plan import compute_plan
from cicache.plan.render.buildx import args as plan_render_args

from .conftest import FakeRunner, Replay

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "monorepo"

SPEC = BuildSpec(
    dockerfile="backend/Dockerfile.golang",
    context=".",
    build_args={"BACKEND": "whisper"},
    platforms=("linux/amd64",),
    cache_from=("type=registry,ref=quay.io/example/ci-cache:cache-go-amd64",),
    cache_to="type=registry,ref=quay.io/example/ci-cache:cache-go-amd64,mode=max,ignore-error=true",
    image="quay.io/example/app:go",
    cwd=Path("/repo"),
    label="backend:cache-go-amd64",
)


def test_command_is_exact(tmp_path: Path) -> None:
    (argv,) = Buildx("v0.20.0", metadata_dir=tmp_path).commands(SPEC)
    assert argv == [
        "docker", "buildx", "build", "--progress=rawjson",
        "--metadata-file", str(tmp_path / "backend-cache-go-amd64.metadata.json"),
        "--file", "backend/Dockerfile.golang",
        "--platform", "linux/amd64",
        "--build-arg", "BACKEND=whisper",
        "--cache-from", "type=registry,ref=quay.io/example/ci-cache:cache-go-amd64",
        "--cache-to",
        "type=registry,ref=quay.io/example/ci-cache:cache-go-amd64,mode=max,ignore-error=true",
        "--tag", "quay.io/example/app:go",
        ".",
    ]  # fmt: skip


def test_push_goes_before_the_context(tmp_path: Path) -> None:
    spec = BuildSpec(**{**SPEC.__dict__, "push": True})
    (argv,) = Buildx("v0.20.0", metadata_dir=tmp_path).commands(spec)
    assert argv[-2:] == ["--push", "."]


def test_push_without_an_image_is_refused() -> None:
    spec = BuildSpec(dockerfile="Dockerfile", context=".", push=True)
    with pytest.raises(BuildError, match="needs an image"):
        Buildx("v0.20.0").commands(spec)


@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_flags_match_the_plan_renderer(event: str) -> None:
    """The driver must pass exactly what `cicache plan --format buildx` shows."""
    config = load_config(EXAMPLE, None)
    ref = "refs/heads/main" if event == "push" else "refs/pull/7/merge"
    context = Context(provider="github", event=event, ref=ref, default_branch="main")
    at = datetime(2026, 12, 2, tzinfo=UTC)
    plan = compute_plan(config, context, at=at)
    assert plan.entries
    for entry in plan.entries:
        (argv,) = Buildx("v0.20.0").commands(spec_for(entry, EXAMPLE, push=False))
        assert argv[6:] == plan_render_args(entry)


def test_build_parses_progress_and_reads_the_digest(
    tmp_path: Path, rawjson: Callable[[str], list[str]]
) -> None:
    builder = Buildx("v0.20.0", metadata_dir=tmp_path)

    def write_metadata(argv: Sequence[str]) -> None:
        path = Path(argv[argv.index("--metadata-file") + 1])
        path.write_text(json.dumps({"containerimage.digest": "sha256:abc"}))

    runner = FakeRunner([Replay(rawjson("cold"), effect=write_metadata)])
    log: list[str] = []
    outcome = builder.build(SPEC, runner, log.append)
    assert [s.cached for s in outcome.instructions] == [False] * 4
    assert outcome.export.status == "written" and outcome.export.wrote
    assert outcome.digest == "sha256:abc"
    assert outcome.warnings == (
        "cache import failed: quay.io/example/ci-cache:cache-go-amd64: "
        "quay.io/example/ci-cache:cache-go-amd64: not found",
    )
    assert "[build 4/5] RUN go mod download: DONE 12.5s" in log
    assert not any(line.startswith("{") for line in log)  # raw JSON is not echoed


def test_ignored_export_failure_is_a_warning(
    tmp_path: Path, rawjson: Callable[[str], list[str]]
) -> None:
    runner = FakeRunner([Replay(rawjson("export-failed"))])
    outcome = Buildx("v0.20.0", metadata_dir=tmp_path).build(SPEC, runner, lambda _l: None)
    assert outcome.export.status == "failed" and not outcome.export.wrote
    assert any("401 Unauthorized" in w for w in outcome.warnings)
    assert outcome.digest == ""  # no metadata file written


def test_read_only_build_requests_no_export(
    tmp_path: Path, rawjson: Callable[[str], list[str]]
) -> None:
    spec = BuildSpec(**{**SPEC.__dict__, "cache_to": None})
    runner = FakeRunner([Replay(rawjson("pr-readonly"))])
    outcome = Buildx("v0.20.0", metadata_dir=tmp_path).build(spec, runner, lambda _l: None)
    assert outcome.export.status == "not-requested"
    assert sum(s.cached for s in outcome.instructions) == 3
    assert "--cache-to" not in runner.calls[0]


def test_build_failure_carries_buildkits_error_line(
    tmp_path: Path, rawjson: Callable[[str], list[str]]
) -> None:
    runner = FakeRunner([Replay(rawjson("build-failed"), status=1)])
    with pytest.raises(BuildError) as exc:
        Buildx("v0.20.0", metadata_dir=tmp_path).build(SPEC, runner, lambda _l: None)
    assert "exited with status 1" in exc.value.message
    assert 'ERROR: failed to solve: process "/bin/sh -c make"' in exc.value.message
