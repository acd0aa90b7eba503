"""The buildah/podman driver: commands, recorded buildah 1.28.2 output, ignore-error retry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cicache.builders.buildah import Buildah
from cicache.builders.buildah_output import BuildahParser
from cicache.builders.podman import Podman
from cicache.builders.spec import BuildSpec
from cicache.errors import BuildError

from .conftest import FakeRunner, Replay

REG = "127.0.0.1:5799/cache"
SPEC = BuildSpec(
    dockerfile="Dockerfile.plain",
    context=".",
    build_args={"DEPS_REFRESH": "2026-W49"},
    platforms=("linux/amd64",),
    cache_from=(
        f"type=registry,ref={REG}:cache-plain-release,registry.insecure=true",
        f"type=registry,ref={REG}:cache-plain,registry.insecure=true",
    ),
    cache_to=f"type=registry,ref={REG}:cache-plain,mode=max,ignore-error=true,"
    "registry.insecure=true",
    cwd=Path("/repo"),
)


def test_command_maps_tags_to_repositories() -> None:
    assert Buildah("buildah version 1.28.2").commands(SPEC) == [
        [
            "buildah", "bud", "--layers", "--file", "Dockerfile.plain",
            "--platform", "linux/amd64",
            "--build-arg", "DEPS_REFRESH=2026-W49",
            "--cache-from", f"{REG}/cache-plain-release",
            "--cache-from", f"{REG}/cache-plain",
            "--cache-to", f"{REG}/cache-plain",
            "--tls-verify=false",
            ".",
        ]
    ]  # fmt: skip


def test_read_only_secure_build_with_push() -> None:
    spec = BuildSpec(
        dockerfile="Dockerfile",
        context="app",
        cache_from=("type=registry,ref=quay.io/o/c:cache-x",),
        image="quay.io/o/app:1",
        push=True,
    )
    bud, push = Podman("podman version 4.3.1").commands(spec)
    assert bud[:2] == ["podman", "build"]
    assert "--cache-to" not in bud and "--tls-verify=false" not in bud
    assert bud[-3:] == ["--tag", "quay.io/o/app:1", "app"]
    assert push == ["podman", "push", "quay.io/o/app:1"]


def test_non_registry_caches_are_not_passed() -> None:
    spec = BuildSpec(dockerfile="D", context=".", cache_from=("type=gha,scope=x",))
    assert "--cache-from" not in Buildah("buildah version 1.33.0").commands(spec)[0]


def parse(lines: list[str]) -> list[tuple[str, bool]]:
    parser = BuildahParser()
    for i, line in enumerate(lines):
        parser.feed(line, float(i))
    return [(s.name, s.cached) for s in parser.finish().steps if s.instruction]


def test_cold_output(buildah_out: Callable[[str], list[str]]) -> None:
    parser = BuildahParser()
    for i, line in enumerate(buildah_out("cold")):
        parser.feed(line, float(i))
    out = parser.finish()
    assert [s.cached for s in out.steps if s.instruction] == [False, False, False]
    assert [s.instruction for s in out.steps] == [False, True, True, True]
    assert len(out.pushed) == 3 and not out.pulled
    assert out.image_id.startswith("sha256:") and len(out.image_id) == 71


def test_warm_output_every_step_pulled_and_used(
    buildah_out: Callable[[str], list[str]],
) -> None:
    assert [cached for _, cached in parse(buildah_out("warm"))] == [True, True, True]


def test_arg_pitfall_output(buildah_out: Callable[[str], list[str]]) -> None:
    steps = parse(buildah_out("arg-pitfall"))
    assert [c for _, c in steps] == [True, True, False, False]
    assert steps[2][0].startswith("ARG DEPS_REFRESH")


def test_multistage_names_keep_the_stage(buildah_out: Callable[[str], list[str]]) -> None:
    steps = parse(buildah_out("multistage"))
    assert steps[0] == ("[1/2] RUN echo built > /out.txt", True)
    assert [n.split(" ")[0] for n, _ in steps] == ["[1/2]", "[2/2]", "[2/2]"]


def test_step_durations_come_from_line_times(buildah_out: Callable[[str], list[str]]) -> None:
    parser = BuildahParser()
    for i, line in enumerate(buildah_out("cold")):
        parser.feed(line, float(i))
    steps = parser.finish().steps
    assert all(s.seconds >= 0 for s in steps)
    assert sum(s.seconds for s in steps) > 0


def test_build_reports_steps_and_export(buildah_out: Callable[[str], list[str]]) -> None:
    runner = FakeRunner([Replay(buildah_out("cold"))])
    outcome = Buildah("buildah version 1.28.2").build(SPEC, runner, lambda _l: None)
    assert outcome.export.status == "written"
    assert outcome.export.detail == f"3 step images to {REG}/rec-plain"  # as recorded
    assert len(outcome.instructions) == 3
    assert runner.calls[0][:2] == ["buildah", "bud"]


def test_warm_build_writes_nothing(buildah_out: Callable[[str], list[str]]) -> None:
    runner = FakeRunner([Replay(buildah_out("warm"))])
    outcome = Buildah("buildah version 1.28.2").build(SPEC, runner, lambda _l: None)
    assert outcome.export.status == "nothing-to-export" and not outcome.export.wrote


def test_failed_cache_push_with_ignore_error_builds_again_without_cache_to(
    buildah_out: Callable[[str], list[str]],
) -> None:
    runner = FakeRunner(
        [Replay(buildah_out("push-failed"), status=125), Replay(buildah_out("multistage"))]
    )
    log: list[str] = []
    outcome = Buildah("buildah version 1.28.2").build(SPEC, runner, log.append)
    assert "--cache-to" in runner.calls[0] and "--cache-to" not in runner.calls[1]
    assert outcome.export.status == "failed"
    assert "connection refused" in outcome.export.detail
    assert outcome.warnings and "ignore-error is on" in outcome.warnings[0]
    # the first run executed step 2 of stage 1; the rerun supplies the rest
    assert [s.name.split(" ")[0] for s in outcome.instructions] == ["[1/2]", "[2/2]", "[2/2]"]
    assert outcome.instructions[0].cached is False


def test_failed_cache_push_without_ignore_error_fails(
    buildah_out: Callable[[str], list[str]],
) -> None:
    spec = BuildSpec(**{**SPEC.__dict__, "cache_to": f"type=registry,ref={REG}:cache-plain"})
    runner = FakeRunner([Replay(buildah_out("push-failed"), status=125)])
    with pytest.raises(BuildError, match="failed pushing cache"):
        Buildah("buildah version 1.28.2").build(spec, runner, lambda _l: None)
    assert len(runner.calls) == 1


def test_build_failure_carries_buildahs_error_line(
    buildah_out: Callable[[str], list[str]],
) -> None:
    runner = FakeRunner([Replay(buildah_out("build-failed"), status=3)])
    with pytest.raises(BuildError) as exc:
        Buildah("buildah version 1.28.2").build(SPEC, runner, lambda _l: None)
    assert exc.value.message == (
        'buildah exited with status 3: Error: building at STEP "RUN echo boom >&2 && exit 3": '
        "exit status 3"
    )


def test_push_runs_after_the_build(buildah_out: Callable[[str], list[str]]) -> None:
    spec = BuildSpec(**{**SPEC.__dict__, "image": "127.0.0.1:5799/app:1", "push": True})
    runner = FakeRunner([Replay(buildah_out("cold")), Replay(["Error: denied"], status=1)])
    with pytest.raises(BuildError, match="buildah push exited with status 1: Error: denied"):
        Buildah("buildah version 1.28.2").build(spec, runner, lambda _l: None)
    assert runner.calls[1] == ["buildah", "push", "--tls-verify=false", "127.0.0.1:5799/app:1"]


def test_one_platform_per_entry() -> None:
    spec = BuildSpec(dockerfile="D", context=".", platforms=("linux/amd64", "linux/arm64"))
    with pytest.raises(BuildError, match="one platform per entry"):
        Buildah("buildah version 1.28.2").commands(spec)
