"""`cicache build` and `cicache report` in-process: no builder process is spawned."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from cicache.builders import buildah, buildx

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "monorepo"
RECORDED = Path(__file__).resolve().parents[1] / "builders" / "data" / "buildah"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CICACHE_HISTORY", str(tmp_path / "builds.jsonl"))
    monkeypatch.setattr(buildx, "capture", lambda argv, timeout=20.0: "buildx v0.20.1")
    monkeypatch.setattr(buildah, "capture", lambda argv, timeout=20.0: "buildah version 1.28.2")


class Replayer:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def run(
        self,
        argv: Sequence[str],
        on_line: Callable[[str, float], None],
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        self.calls.append(list(argv))
        for i, line in enumerate((RECORDED / "cold.txt").read_text().splitlines()):
            on_line(line, float(i))
        return 0


PUSH = ("--event", "push", "--ref", "main", "--at", "2026-12-02")


def test_dry_run_prints_exact_buildx_commands(run_cli: Callable[..., Any]) -> None:
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:*", "--builder", "buildx",
                  "--dry-run", *PUSH)  # fmt: skip
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert len(lines) == 2
    first = shlex.split(lines[0])
    assert first[:4] == ["docker", "buildx", "build", "--progress=rawjson"]
    assert "type=registry,ref=quay.io/example/ci-cache:cache-app" in first
    assert first[-1] == "."
    assert "read+write" in res.err


def test_dry_run_buildah_in_a_pull_request(run_cli: Callable[..., Any]) -> None:
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:cache-app", "--builder",
                  "buildah", "--dry-run", "--event", "pull_request", "--ref",
                  "refs/pull/4/merge", "--base-ref", "main")  # fmt: skip
    assert res.code == 0, res.err
    (line,) = res.out.splitlines()
    argv = shlex.split(line)
    assert argv[:3] == ["buildah", "bud", "--layers"]
    assert "quay.io/example/ci-cache/cache-app" in argv and "--cache-to" not in argv


def test_build_json_and_report(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cicache.build import run as run_mod

    replayer = Replayer()
    monkeypatch.setattr(run_mod, "SubprocessRunner", lambda: replayer)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:cache-app", "--builder",
                  "buildah", "--json", *PUSH)  # fmt: skip
    assert res.code == 0, res.err
    (item,) = json.loads(res.out)
    assert item["entry"] == "root:cache-app"
    assert item["cache_ref"] == "quay.io/example/ci-cache/cache-app"
    assert (item["steps_total"], item["steps_cached"], item["wrote_cache"]) == (3, 0, True)
    assert "STEP 2/4: RUN echo one" in res.err  # the builder's log goes to stderr
    assert "| root:cache-app | buildah | read+write | 3 | 0 | 0% |" in summary.read_text()
    assert replayer.calls[0][:2] == ["buildah", "bud"]

    report = run_cli("report", "--json")
    (stats,) = json.loads(report.out)
    assert (stats["entry"], stats["builds"], stats["writes"]) == ("root:cache-app", 1, 1)


def test_report_without_history(run_cli: Callable[..., Any]) -> None:
    res = run_cli("report")
    assert res.code == 0 and res.out == ""
    assert "no builds recorded" in res.err


def test_report_last_must_be_positive(run_cli: Callable[..., Any]) -> None:
    res = run_cli("report", "--last", "0")
    assert res.code == 2 and res.err.startswith("error: Invalid value for '--last'")


def test_entry_is_required(run_cli: Callable[..., Any]) -> None:
    res = run_cli("build", "-C", str(EXAMPLE), "--dry-run")
    assert res.code == 2 and "--entry" in res.err


class FailSecond(Replayer):
    def run(
        self,
        argv: Sequence[str],
        on_line: Callable[[str, float], None],
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        if not self.calls:
            return super().run(argv, on_line, cwd=cwd, env=env)
        self.calls.append(list(argv))
        for line in (RECORDED / "build-failed.txt").read_text().splitlines():
            on_line(line, 0.0)
        return 3


def test_failure_exits_5_and_the_summary_keeps_earlier_entries(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cicache.build import run as run_mod

    monkeypatch.setattr(run_mod, "SubprocessRunner", FailSecond)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:*", "--builder", "buildah",
                  "--json", *PUSH)  # fmt: skip
    assert res.code == 5 and res.out == ""
    assert "error: build of `root:cache-app-gpu-vulkan` failed: buildah exited with status 3" in (
        res.err
    )
    text = summary.read_text()
    assert "| root:cache-app |" in text and "gpu-vulkan" not in text


def test_dry_run_json_prints_the_commands_as_json(run_cli: Callable[..., Any]) -> None:
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:*", "--builder", "buildx",
                  "--dry-run", "--json", *PUSH)  # fmt: skip
    assert res.code == 0, res.err
    argvs = json.loads(res.out)
    assert [argv[:3] for argv in argvs] == [["docker", "buildx", "build"]] * 2


def test_push_without_an_image_is_a_usage_error_before_any_build(
    run_cli: Callable[..., Any],
) -> None:
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:cache-app", "--builder", "buildx",
                  "--push", *PUSH)  # fmt: skip
    assert (res.code, res.out) == (2, "")
    assert res.err.splitlines()[0] == (
        "error: `--push` needs an image, and `root:cache-app` has none"
    )


def test_unwritable_job_summary_only_warns(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cicache.build import run as run_mod

    monkeypatch.setattr(run_mod, "SubprocessRunner", Replayer)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:cache-app", "--builder",
                  "buildah", "--json", *PUSH)  # fmt: skip
    assert res.code == 0, res.err
    assert json.loads(res.out)[0]["entry"] == "root:cache-app"
    assert "warning: cannot write the job summary to" in res.err


def test_unwritable_history_only_warns(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cicache.build import run as run_mod

    monkeypatch.setattr(run_mod, "SubprocessRunner", Replayer)
    (tmp_path / "history").mkdir()
    monkeypatch.setenv("CICACHE_HISTORY", str(tmp_path / "history"))  # a directory
    res = run_cli("build", "-C", str(EXAMPLE), "--entry", "root:cache-app", "--builder",
                  "buildah", "--json", *PUSH)  # fmt: skip
    assert res.code == 0, res.err
    assert "warning: cannot record the build in" in res.err
