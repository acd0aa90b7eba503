"""The commands as a user runs them: exit codes, one-line errors, formats, $GITHUB_OUTPUT."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "monorepo"


PUSH = ("--event", "push", "--ref", "main", "--at", "2026-12-04")


def test_plan_json_on_example(run_cli: Callable[..., Any]) -> None:
    result = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert len(data) == 9
    assert "read+write" in result.err and "DEPS_REFRESH=2026-W49" in result.err


def test_plan_defaults_to_json_when_not_a_terminal(run_cli: Callable[..., Any]) -> None:
    result = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--target", "root")
    assert [e["entry"] for e in json.loads(result.out)] == [
        "root:cache-app",
        "root:cache-app-gpu-vulkan",
    ]


def test_plan_table(run_cli: Callable[..., Any]) -> None:
    result = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--format", "table", "--entry", "-cpu-vllm")
    lines = result.out.splitlines()
    assert lines[0].split() == [
        "entry",
        "cache",
        "ref",
        "reads",
        "writes",
        "build-args",
        "platforms",
    ]
    assert len(lines) == 3 and all(" yes " in line for line in lines[1:])


def test_github_format_writes_step_outputs(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    result = run_cli(
        "plan",
        "-C",
        str(EXAMPLE),
        *PUSH,
        "--format",
        "github",
        "--entry",
        "backend:cache-cpu-vllm-arm64",
    )
    assert result.code == 0 and result.out == ""
    text = out.read_text()
    assert "cache-ref=quay.io/example/ci-cache:cache-cpu-vllm-arm64\n" in text
    assert "platforms=linux/arm64\n" in text
    assert "native-restore=brew go wheels\nnative-save=brew go wheels\n" in text
    block = text.split("build-args<<", 1)[1]
    delimiter, rest = block.split("\n", 1)
    assert rest.split(f"\n{delimiter}\n")[0] == ("BACKEND=vllm\nBUILD_TYPE=\nDEPS_REFRESH=2026-W49")


def test_config_typo_is_one_error_line_exit_2(
    run_cli: Callable[..., Any], project: Callable[..., Path]
) -> None:
    root = project(**{"cicache.toml": '[cache]\nregistry = "q.io/o/c"\n[target.x]\ntgs = "c"\n'})
    result = run_cli("plan", "-C", str(root))
    assert result.code == 2
    assert result.err == (
        "error: cicache.toml:4: target.x.tgs: unknown key `tgs` (did you mean `tag`?)\n"
    )


def test_colliding_tags_exit_2_with_hint(
    run_cli: Callable[..., Any], project: Callable[..., Path]
) -> None:
    root = project(
        **{
            "cicache.toml": '[cache]\nregistry = "q.io/o/c"\n[target.x]\n'
            'entries = [{ tag-suffix = "-a" }, { tag-suffix = "-a" }]\n'
        }
    )
    result = run_cli("plan", "-C", str(root))
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith("error: entries `x:cache-a` (") and "share the cache ref" in lines[0]
    assert lines[1].startswith("hint: ")


def test_missing_matrix_file(run_cli: Callable[..., Any], project: Callable[..., Path]) -> None:
    root = project(
        **{
            "cicache.toml": '[cache]\nregistry = "q.io/o/c"\n[target.x]\n'
            'matrix = { file = "nope.yml" }\n'
        }
    )
    result = run_cli("plan", "-C", str(root))
    assert result.code == 2
    assert result.err.splitlines()[0] == "error: matrix file `nope.yml` does not exist"


def test_usage_error_is_one_line_exit_2(run_cli: Callable[..., Any]) -> None:
    result = run_cli("plan", "--format", "yaml")
    assert result.code == 2 and result.err.startswith("error: Invalid value for '--format'")


def test_unknown_entry(run_cli: Callable[..., Any]) -> None:
    result = run_cli("plan", "-C", str(EXAMPLE), "--entry", "nope")
    assert result.code == 2 and result.err.startswith("error: no entry matches 'nope'")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--at", "2027-01-01"), "2026-W53"),
        (("--at", "2027-01-01T10:00:00Z", "--cadence", "hourly"), "2027-01-01-10"),
        (("--cadence", "%Y", "--at", "2026-06-01"), "2026"),
    ],
)
def test_refresh_key(
    run_cli: Callable[..., Any], args: tuple[str, ...], expected: str, project: Callable[..., Path]
) -> None:
    project()  # an empty directory: no config, weekly by default
    result = run_cli("refresh-key", *args)
    assert (result.code, result.out) == (0, expected + "\n")


def test_refresh_key_bad_input(run_cli: Callable[..., Any], project: Callable[..., Path]) -> None:
    project()
    assert run_cli("refresh-key", "--cadence", "fortnightly").code == 2
    constant = run_cli("refresh-key", "--cadence", "v%Q")  # would never change
    assert constant.code == 2 and "`%Q`" in constant.err.splitlines()[0]
    bad = run_cli("refresh-key", "--at", "yesterday")
    assert bad.code == 2 and bad.err.startswith("error: `--at yesterday` is not an ISO-8601 time")


def test_config_prints_effective_toml(run_cli: Callable[..., Any]) -> None:
    result = run_cli("config", "-C", str(EXAMPLE), "--event", "pull_request")
    assert result.code == 0
    assert "# context: local `pull_request`" in result.out and "read-only" in result.out
    assert "ignore-error = true" in result.out and 'arg = "DEPS_REFRESH"' in result.out


def test_config_schema(run_cli: Callable[..., Any]) -> None:
    schema = json.loads(run_cli("config", "--schema").out)
    assert schema["properties"]["cache"]["additionalProperties"] is False


@pytest.mark.parametrize("target", ["missing-dir/output", "."])
def test_unwritable_github_output_is_a_usage_error(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / target))
    result = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--format", "github")
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: cannot write step outputs to")


def test_empty_entry_selector_selects_nothing(run_cli: Callable[..., Any]) -> None:
    # `--entry '${{ matrix.entry }}'` with a misspelt field renders as an empty selector
    result = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--entry", "")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("error: empty `--entry` selector\nhint: ")


@pytest.mark.parametrize("command", ["plan", "refresh-key"])
def test_empty_at_is_a_usage_error(run_cli: Callable[..., Any], command: str) -> None:
    result = run_cli(command, "-C", str(EXAMPLE), "--at", "")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("error: empty `--at`\n")


def test_summary_counts_one_entry_in_the_singular(run_cli: Callable[..., Any]) -> None:
    one = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--entry", "root:cache-app")
    assert one.err.startswith("1 entry; local `push`")
    two = run_cli("plan", "-C", str(EXAMPLE), *PUSH, "--target", "root")
    assert two.err.startswith("2 entries; ")


def test_refresh_key_follows_cicache_config(
    run_cli: Callable[..., Any], project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(**{"ci__cache.toml": '[refresh]\ncadence = "daily"\n'})
    monkeypatch.setenv("CICACHE_CONFIG", str(root / "ci" / "cache.toml"))
    result = run_cli("refresh-key", "--at", "2026-06-01")
    assert (result.code, result.out) == (0, "2026-06-01\n")  # as `cicache plan` would use


def test_target_with_no_entries_warns(
    run_cli: Callable[..., Any], project: Callable[..., Path]
) -> None:
    root = project(
        **{
            "cicache.toml": '[cache]\nregistry = "q.io/o/c"\n[target.x]\n'
            'matrix = { file = "m.yml" }\n[target.y]\ntag = "y"\n',
            "m.yml": "include: []\n",
        }
    )
    result = run_cli("plan", "-C", str(root), "--format", "json")
    assert result.code == 0 and [e["entry"] for e in json.loads(result.out)] == ["y:y"]
    assert "warning: target `x` plans no entries" in result.err
    assert "target `y`" not in result.err
