"""Workflows, matrices and Dockerfiles keep line and column; matrices expand like GitHub's."""

from __future__ import annotations

import textwrap
from pathlib import Path

from cicache.lint.dockerfile import parse_dockerfile
from cicache.lint.matrix import load_file
from cicache.lint.project import load_project
from cicache.lint.rules._refresh import declared_before_install
from cicache.lint.workflow import parse_workflow


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


def test_workflow_values_keep_positions(tmp_path: Path) -> None:
    write(
        tmp_path,
        "w.yml",
        """
        on:
          push:
          pull_request:
        env:
          A: "1"
        jobs:
          build:
            if: github.event_name == 'push'
            runs-on: ubuntu-latest
            steps:
              - id: refresh
                run: |
                  date
              - uses: docker/build-push-action@v6
                with:
                  cache-to: type=registry,ref=x
                  push: true
        """,
    )
    wf = parse_workflow(tmp_path, "w.yml")
    assert wf.triggers == ("push", "pull_request")
    (job,) = wf.jobs
    assert (job.id, job.line, job.if_.text if job.if_ else None) == (
        "build",
        7,
        "github.event_name == 'push'",
    )
    refresh, build = job.steps
    assert (refresh.id, refresh.line, refresh.run.line if refresh.run else 0) == ("refresh", 11, 12)
    assert build.action == "docker/build-push-action"
    cache_to = build.with_["cache-to"]
    assert (cache_to.text, cache_to.line, cache_to.column) == ("type=registry,ref=x", 16, 21)
    assert build.with_["push"].text == "true"


def test_matrix_expansion_follows_github(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".github/workflows/m.yml",
        """
        on: push
        jobs:
          j:
            strategy:
              matrix:
                os: [linux, mac]
                py: ["3.11", "3.12"]
                exclude:
                  - {os: mac, py: "3.11"}
                include:
                  - {os: linux, extra: yes}
                  - {os: windows, py: "3.12"}
            runs-on: ubuntu-latest
            steps: []
        """,
    )
    (job,) = parse_workflow(tmp_path, ".github/workflows/m.yml").jobs
    values = [e.values for e in job.matrix or ()]
    assert values == [
        {"os": "linux", "py": "3.11", "extra": "yes"},
        {"os": "linux", "py": "3.12", "extra": "yes"},
        {"os": "mac", "py": "3.12"},
        {"os": "windows", "py": "3.12"},
    ]
    assert [e.line for e in job.matrix or ()][-1] == 12


def test_matrix_file_entries_have_positions(tmp_path: Path) -> None:
    write(
        tmp_path,
        "m.yml",
        """
        matrix:
          include:
            - tag-suffix: -cpu
              platform-tag: amd64
            - tag-suffix: -gpu
        """,
    )
    first, second = load_file(tmp_path, "m.yml", "matrix.include")
    assert (first.line, first.field_pos["platform-tag"]) == (3, (4, 7))
    assert second.values == {"tag-suffix": "-gpu"}


def test_dockerfile_instructions_stages_and_mounts(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Dockerfile",
        """
        # syntax=docker/dockerfile:1
        ARG BASE=python:3.12
        FROM ${BASE} AS builder
        ARG DEPS_REFRESH=initial
        RUN --mount=type=cache,target=/root/.cache/pip \\
            # a comment inside the continuation
            pip install -r requirements.txt
        RUN <<EOF
        echo hi
        EOF
        FROM scratch
        COPY --from=builder /x /x
        """,
    )
    df = parse_dockerfile(tmp_path, "Dockerfile")
    assert [(i.keyword, i.line, i.stage) for i in df.instructions] == [
        ("ARG", 2, -1), ("FROM", 3, 0), ("ARG", 4, 0), ("RUN", 5, 0),
        ("RUN", 8, 0), ("FROM", 11, 1), ("COPY", 12, 1),
    ]  # fmt: skip
    run = df.instructions[3]
    assert run.cache_mounts() == [{"type": "cache", "target": "/root/.cache/pip"}]
    assert "pip install" in run.args
    assert declared_before_install(df, "DEPS_REFRESH")
    assert not declared_before_install(df, "BASE")  # a global ARG is not in the stage


def test_reusable_workflow_runs_with_caller_events_and_inputs(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".github/workflows/caller.yml",
        """
        on: [push, pull_request]
        jobs:
          call:
            strategy:
              matrix:
                suffix: [-a, -b]
            uses: ./.github/workflows/called.yml
            with:
              suffix: ${{ matrix.suffix }}
              write: ${{ github.event_name == 'push' }}
        """,
    )
    write(
        tmp_path,
        ".github/workflows/called.yml",
        """
        on:
          workflow_call:
            inputs:
              suffix: {type: string}
              write: {type: boolean, default: false}
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: docker/build-push-action@v6
                if: inputs.write
                with:
                  cache-to: type=registry,ref=r:c${{ inputs.suffix }},mode=max,ignore-error=true
        """,
    )
    project = load_project(tmp_path)
    called = [b for b in project.builds if b.run.workflow.path.endswith("called.yml")]
    seen = sorted((b.run.event, b.cache_to[0].ref, b.runs) for b in called)
    assert seen == [
        ("pull_request", "r:c-a", False),
        ("pull_request", "r:c-b", False),
        ("push", "r:c-a", True),
        ("push", "r:c-b", True),
    ]


def test_generated_matrix_is_fed_by_the_matrix_file_config_names(tmp_path: Path) -> None:
    write(
        tmp_path,
        "cicache.toml",
        """
        [cache]
        registry = "ghcr.io/org/cache"
        [target.a]
        matrix = { file = ".github/a.yml", key = "include" }
        [target.b]
        matrix = { file = ".github/b.yml", key = "include" }
        """,
    )
    write(tmp_path, ".github/a.yml", "include:\n  - {tag-suffix: -x}\n")
    write(
        tmp_path,
        ".github/b.yml",
        """
        include:
          - tag-suffix: -cpu
          - tag-suffix: -gpu
          - tag-suffix: -cpu
        """,
    )
    write(tmp_path, "scripts/matrix.py", "print(open('.github/b.yml').read())\n")
    write(
        tmp_path,
        ".github/workflows/ci.yml",
        """
        on: push
        jobs:
          gen:
            runs-on: ubuntu-latest
            steps:
              - id: m
                run: python scripts/matrix.py >> "$GITHUB_OUTPUT"
          build:
            needs: gen
            strategy:
              matrix:
                include: ${{ fromJSON(needs.gen.outputs.matrix) }}
            runs-on: ubuntu-latest
            steps:
              - uses: docker/build-push-action@v6
                with:
                  cache-from: type=registry,ref=ghcr.io/org/cache:cache${{ matrix.tag-suffix }}
                  cache-to: >-
                    type=registry,ref=ghcr.io/org/cache:cache${{ matrix.tag-suffix }},mode=max,
                    ignore-error=true
        """,
    )
    from cicache.lint import check
    from cicache.lint.configured import settings_for

    result = check(tmp_path, settings_for(tmp_path))
    assert [(f.code, f.path, f.line) for f in result.findings] == [("CC104", ".github/b.yml", 4)]


def test_bake_files_targets_groups_inherits_and_overrides(tmp_path: Path) -> None:
    write(
        tmp_path,
        "docker-bake.hcl",
        """
        group "default" {
          targets = ["app", "worker"]
        }
        target "_common" {
          cache-to = ["type=registry,ref=ghcr.io/org/cache:common,mode=max"]
        }
        target "app" {
          inherits = ["_common"]
          dockerfile = "Dockerfile.app"
          platforms = ["linux/amd64", "linux/arm64"]
          args = {
            DEPS_REFRESH = "initial"
          }
        }
        target "worker" {
          cache-to = [
            "type=registry,ref=ghcr.io/org/cache:worker,mode=max,ignore-error=true",
          ]
        }
        """,
    )
    write(
        tmp_path,
        "ci-bake.json",
        """
        {"target": {"json": {"cache-to": ["type=registry,ref=ghcr.io/org/cache:json,mode=max"]}}}
        """,
    )
    write(
        tmp_path,
        ".github/workflows/ci.yml",
        """
        on: push
        jobs:
          bake:
            runs-on: ubuntu-latest
            steps:
              - uses: docker/bake-action@v5
                with:
                  set: |
                    worker.cache-to=type=registry,ref=ghcr.io/org/cache:worker,mode=min,ignore-error=true
              - run: docker buildx bake -f ci-bake.json json
        """,
    )
    from cicache.lint import check

    found = [(f.code, f.path, f.line) for f in check(tmp_path).findings]
    assert found == [
        ("CC103", ".github/workflows/ci.yml", 9),  # the `set:` override replaced worker's spec
        ("CC102", "ci-bake.json", 1),
        ("CC102", "docker-bake.hcl", 5),  # app inherits _common's cache-to
    ]
    project = load_project(tmp_path)
    app = next(b for b in project.builds if b.dockerfile == "Dockerfile.app")
    assert app.platforms == ("linux/amd64", "linux/arm64")
    assert app.build_args["DEPS_REFRESH"] == ("initial", 12, 5)
    assert app.args_file == "docker-bake.hcl"


def test_matrix_with_a_malformed_exclude_still_expands() -> None:
    from cicache.lint.matrix import expand

    node = {"os": ["linux", "mac"], "include": [{"os": "win"}], "exclude": 5}
    assert [e.values for e in expand(node, "w.yml")] == [
        {"os": "linux"},
        {"os": "mac"},
        {"os": "win"},
    ]


def test_refresh_arg_before_an_unrecognised_installer_counts(tmp_path: Path) -> None:
    write(tmp_path, "a", "FROM python\nARG DEPS_REFRESH\nRUN ./scripts/install-deps.sh\n")
    write(tmp_path, "b", "FROM python\nRUN ./scripts/install-deps.sh\nARG DEPS_REFRESH\n")
    write(tmp_path, "c", "FROM python\nARG DEPS_REFRESH\nRUN ./x.sh\nRUN pip install x\n")
    write(tmp_path, "d", "FROM python\nRUN pip install x\nARG DEPS_REFRESH\nRUN ./x.sh\n")
    assert declared_before_install(parse_dockerfile(tmp_path, "a"), "DEPS_REFRESH")
    assert not declared_before_install(parse_dockerfile(tmp_path, "b"), "DEPS_REFRESH")
    assert declared_before_install(parse_dockerfile(tmp_path, "c"), "DEPS_REFRESH")
    assert not declared_before_install(parse_dockerfile(tmp_path, "d"), "DEPS_REFRESH")
