"""Rule nuances beyond the fixtures: which gates protect a cache write, and which do not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cicache.lint import check

WRITE = "type=registry,ref=ghcr.io/o/c:cache-x,mode=max,ignore-error=true"


def workflow(
    tmp_path: Path, on: str, job_if: str = "", step_if: str = "", cache_to: str = WRITE
) -> Path:
    text = f"""
        on: {on}
        jobs:
          build:
            {f"if: {job_if}" if job_if else ""}
            runs-on: ubuntu-latest
            steps:
              - uses: docker/build-push-action@v6
                {f"if: {step_if}" if step_if else ""}
                with:
                  cache-from: type=registry,ref=ghcr.io/o/c:cache-x
                  cache-to: {cache_to}
        """
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return tmp_path


def codes(root: Path) -> list[str]:
    return [f.code for f in check(root).findings]


@pytest.mark.parametrize(
    ("on", "job_if", "step_if"),
    [
        ("[push, pull_request]", "", "github.event_name != 'pull_request'"),
        ("[push, pull_request]", "github.event_name == 'push'", ""),
        (
            "[push, pull_request]",
            "",
            "github.ref == 'refs/heads/main'",
        ),  # PR ref is refs/pull/N/merge
        ("[push, pull_request]", "", "github.event.pull_request == null"),
        ("[push, pull_request]", "", "${{ !startsWith(github.event_name, 'pull_request') }}"),
        ("[push, workflow_dispatch, schedule]", "", ""),
        ("[pull_request]", "false", ""),
    ],
)
def test_gated_writes_are_fine(tmp_path: Path, on: str, job_if: str, step_if: str) -> None:
    assert codes(workflow(tmp_path, on, job_if, step_if)) == []


@pytest.mark.parametrize(
    ("on", "job_if", "step_if"),
    [
        ("[push, pull_request]", "", ""),
        ("pull_request_target", "", "github.ref == 'refs/heads/main'"),  # runs on the base ref
        ("[push, pull_request]", "", "always()"),
        ("[push, pull_request]", "", "github.event_name != 'pull_request_target'"),
        ("[push, pull_request]", "", "contains(github.event.pull_request.labels.*.name, 'ok')"),
    ],
)
def test_writes_that_can_run_for_a_pr(tmp_path: Path, on: str, job_if: str, step_if: str) -> None:
    assert codes(workflow(tmp_path, on, job_if, step_if)) == ["CC101"]


def test_an_expression_that_renders_empty_on_prs_is_fine(tmp_path: Path) -> None:
    cache_to = f"${{{{ github.event_name == 'push' && '{WRITE}' || '' }}}}"
    assert codes(workflow(tmp_path, "[push, pull_request]", cache_to=cache_to)) == []


def test_a_cache_to_computed_at_run_time_is_not_judged(tmp_path: Path) -> None:
    cache_to = "${{ steps.plan.outputs.cache-to }}"
    assert codes(workflow(tmp_path, "[push, pull_request]", cache_to=cache_to)) == []


@pytest.mark.parametrize(
    ("script", "fires"),
    [
        ('echo "w=$(date -u +%Y-W%V)"', True),
        ("date +%Y%V", True),
        ("python -c 'print(d.strftime(\"%Y-%V\"))'", True),
        ('echo "w=$(date -u +%G-W%V)"', False),
        ("date +%Y-%m-%d && date +%V", False),
    ],
)
def test_iso_week_patterns(tmp_path: Path, script: str, fires: bool) -> None:
    path = tmp_path / ".github" / "workflows" / "w.yml"
    path.parent.mkdir(parents=True)
    path.write_text(
        f"on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {script}\n"
    )
    found = [(f.code, f.line) for f in check(tmp_path).findings]
    assert found == ([("CC204", 6)] if fires else [])
