"""Benchmark: `cicache check` on a generated repo, 40 workflows and a 500-entry matrix (goal < 3 s).

The repo is shaped like a real monorepo:
- `.github/backend-matrix.yml`: 500 entries (250 amd64/arm64 pairs sharing a tag-suffix),
  named by `cicache.toml` as the matrix of target `backend`;
- `backend.yml`: a 500-entry inline matrix calling the reusable `backend_build.yml`, which
  builds with `docker/build-push-action` and renders its cache refs from the inputs (so each
  entry is expanded, rendered and checked for collisions, for `push` and `pull_request`);
- `plan.yml`: the `cicache plan` flavour (generated matrix, config-planned entries);
- 37 small workflows, each with a 4-entry matrix and a `docker buildx build` script.

Every rule runs; the tree is clean, so the time is the full analysis, not an early exit.
Times the whole command (start-up included) and, separately, the in-process check.

    .venv/bin/python bench/check_bench.py [--entries 500] [--workflows 40] [--runs 5]
"""

# ruff: noqa: E501 (the generated workflows quote whole lines)
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
[cache]
registry = "quay.io/bench/ci-cache"
image-manifest = true
oci-mediatypes = true
[refresh]
dockerfiles = ["backend/Dockerfile.python"]
[target.backend]
matrix = { file = ".github/backend-matrix.yml", key = "include" }
tag = "cache{tag-suffix}-{platform-tag|amd64}"
dockerfile = "{dockerfile}"
platforms = "{platforms}"
"""

DOCKERFILE = """\
FROM python:3.12-slim
COPY requirements.txt .
ARG DEPS_REFRESH=initial
RUN pip install -r requirements.txt
"""

CALLER = """\
on: [push, pull_request]
jobs:
  build:
    strategy:
      matrix:
        include:
{entries}
    uses: ./.github/workflows/backend_build.yml
    with:
      tag-suffix: ${{{{ matrix.tag-suffix }}}}
      platform-tag: ${{{{ matrix.platform-tag }}}}
      platforms: ${{{{ matrix.platforms }}}}
      runs-on: ${{{{ matrix.runs-on }}}}
"""

REUSABLE = """\
on:
  workflow_call:
    inputs:
      tag-suffix: {type: string}
      platform-tag: {type: string}
      platforms: {type: string}
      runs-on: {type: string}
jobs:
  build:
    runs-on: ${{ inputs.runs-on }}
    steps:
      - id: refresh
        run: echo "value=$(date -u +%G-W%V)" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          file: backend/Dockerfile.python
          platforms: ${{ inputs.platforms }}
          build-args: |
            DEPS_REFRESH=${{ steps.refresh.outputs.value }}
          cache-from: type=registry,ref=ghcr.io/bench/cache:cache${{ inputs.tag-suffix }}-${{ inputs.platform-tag }}
          cache-to: ${{ github.event_name != 'pull_request' && format('type=registry,ref=ghcr.io/bench/cache:cache{0}-{1},mode=max,ignore-error=true', inputs.tag-suffix, inputs.platform-tag) || '' }}
"""

PLAN = """\
on: [push, pull_request]
jobs:
  matrix:
    runs-on: ubuntu-latest
    outputs:
      matrix: ${{ steps.plan.outputs.matrix }}
    steps:
      - id: plan
        run: cicache plan --target backend --format github
  build:
    needs: matrix
    strategy:
      matrix:
        include: ${{ fromJSON(needs.matrix.outputs.matrix) }}
    runs-on: ubuntu-latest
    steps:
      - id: cache
        run: cicache plan --entry '${{ matrix.entry }}' --format github
      - uses: docker/build-push-action@v6
        with:
          file: ${{ matrix.dockerfile }}
          build-args: ${{ steps.cache.outputs.build-args }}
          cache-from: ${{ steps.cache.outputs.cache-from }}
          cache-to: ${{ steps.cache.outputs.cache-to }}
"""

SMALL = """\
on: [push, pull_request]
jobs:
  build:
    strategy:
      matrix:
        variant: [a, b, c, d]
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker buildx build \\
            --cache-from type=registry,ref=ghcr.io/bench/small:w{n}-${{{{ matrix.variant }}}} \\
            --cache-to type=registry,ref=ghcr.io/bench/small:w{n}-${{{{ matrix.variant }}}},mode=max,ignore-error=true \\
            .
        if: github.event_name == 'push'
"""


def _entries(count: int, indent: str) -> str:
    rows = []
    for i in range(count):
        arch = "amd64" if i % 2 == 0 else "arm64"
        runner = "ubuntu-latest" if arch == "amd64" else "ubuntu-24.04-arm"
        rows.append(
            f"{indent}- tag-suffix: -cpu-backend-{i // 2}\n{indent}  platform-tag: {arch}\n"
            f"{indent}  platforms: linux/{arch}\n{indent}  runs-on: {runner}\n"
            f"{indent}  dockerfile: backend/Dockerfile.python"
        )
    return "\n".join(rows)


def generate(root: Path, entries: int, workflows: int) -> None:
    flows = root / ".github" / "workflows"
    flows.mkdir(parents=True)
    (root / "backend").mkdir()
    (root / "backend" / "Dockerfile.python").write_text(DOCKERFILE)
    (root / "Dockerfile").write_text("FROM scratch\n")
    (root / "cicache.toml").write_text(CONFIG)
    (root / ".github" / "backend-matrix.yml").write_text(
        "include:\n" + _entries(entries, "  ") + "\n"
    )
    (flows / "backend.yml").write_text(CALLER.format(entries=_entries(entries, " " * 10)))
    (flows / "backend_build.yml").write_text(REUSABLE)
    (flows / "plan.yml").write_text(PLAN)
    for n in range(workflows - 3):
        (flows / f"small_{n:02d}.yml").write_text(SMALL.format(n=n))


def _time(command: list[str], runs: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def _in_process(root: Path, runs: int) -> float:
    from cicache.lint import check
    from cicache.lint.configured import settings_for

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check(root, settings_for(root))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--workflows", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.entries, args.workflows)
        floor, _ = _time([sys.executable, "-c", "pass"], args.runs)
        cli = [sys.executable, "-m", "cicache", "check", str(root)]
        seconds, result = _time(cli, args.runs)
        if result.returncode != 0 or result.stdout:
            sys.exit(f"the generated repo is not clean:\n{result.stdout}{result.stderr}")
        inside = _in_process(root, args.runs)
    print(f"repo: {args.workflows} workflows, {args.entries}-entry matrix; {result.stderr.strip()}")
    print("| command | seconds |\n|---|---|")
    print(f"| `python -c pass` | {floor:.3f} |")
    print(f"| `cicache check` (whole command) | {seconds:.3f} |")
    print(f"| `cicache.lint.check()` in process | {inside:.3f} |")


if __name__ == "__main__":
    main()
