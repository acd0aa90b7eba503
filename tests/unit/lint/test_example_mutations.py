"""examples/monorepo checks clean; one mutated line per rule fires exactly that rule, there.

Each mutation replaces one line of a copy of the example. The finding is expected on the
mutated line, unless the rule reports where the damage shows (`at` names that line).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from cicache.lint import check
from cicache.lint.configured import settings_for
from cicache.lint.rules import REGISTRY

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "monorepo"
IMAGE = ".github/workflows/image_build.yml"
BACKEND = ".github/workflows/backend_build.yml"
DARWIN = ".github/workflows/backend_build_darwin.yml"
MATRIX = ".github/backend-matrix.yml"


@dataclass(frozen=True)
class Mutation:
    code: str
    file: str
    old: str  # a substring of exactly one line
    new: str
    at: tuple[str, str] | None = None  # (file, text on the expected line); None: mutated line


MUTATIONS = [
    Mutation(
        "CC101",
        IMAGE,
        "github.event_name != 'pull_request' &&",
        "github.event_name != 'schedule' &&",
    ),
    Mutation("CC102", IMAGE, "mode=max,ignore-error=true,", "mode=max,"),
    Mutation("CC103", IMAGE, "mode=max,ignore-error=true,", "mode=min,ignore-error=true,"),
    Mutation("CC104", MATRIX, "tag-suffix: -cpu-diffusers", "tag-suffix: -cpu-vllm"),
    Mutation(
        "CC105",
        MATRIX,
        "platform-tag: arm64\n    platforms: linux/arm64\n    dockerfile: backend/Dockerfile.go",
        "platform-tag: amd64\n    platforms: linux/arm64\n    dockerfile: backend/Dockerfile.go",
    ),
    Mutation("CC106", "cicache.toml", "image-manifest = true", "image-manifest = false"),
    Mutation(
        "CC107",
        IMAGE,
        "cache-from: type=registry,ref=quay.io/example/ci-cache:cache-app$",
        "cache-from: type=registry,ref=quay.io/example/ci-cache:cache-application$",
    ),
    Mutation(
        "CC201", "cicache.toml", 'dockerfiles = ["backend/Dockerfile.python"]', "dockerfiles = []"
    ),
    Mutation(
        "CC202",
        "backend/Dockerfile.python",
        "ARG DEPS_REFRESH=initial",
        "ARG DEPS_REFRESHED=initial",
        at=("backend/Dockerfile.python", "RUN pip install"),
    ),
    Mutation(
        "CC203",
        BACKEND,
        "build-args: ${{ steps.cache.outputs.build-args }}",
        "build-args: ${{ steps.plan.outputs.build-args }}",
    ),
    Mutation("CC204", "cicache.toml", 'cadence = "weekly"', 'cadence = "%Y-W%V"'),
    Mutation("CC301", DARWIN, "if: github.event_name != 'pull_request'", "if: always()"),
    Mutation(
        "CC302",
        DARWIN,
        'HOMEBREW_NO_INSTALL_CLEANUP: "1"',
        'HOMEBREW_NO_INSTALL_CLEANUP: "0"',
        at=(DARWIN, "run: cicache restore"),
    ),
    Mutation(
        "CC401",
        "backend/Dockerfile.python",
        "RUN pip install",
        "RUN --mount=type=cache,target=/root/.cache/pip pip install",
    ),
]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "monorepo"
    shutil.copytree(EXAMPLE, root)
    return root


def _line_of(root: Path, file: str, text: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, f"`{text}` is not on exactly one line of {file}"
    return found[0]


def test_every_rule_has_a_mutation() -> None:
    assert sorted(m.code for m in MUTATIONS) == sorted(REGISTRY)


def test_example_is_clean(copy: Path) -> None:
    assert check(EXAMPLE, settings_for(EXAMPLE)).findings == ()
    assert check(copy, settings_for(copy)).findings == ()


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.code)
def test_one_line_fires_exactly_its_rule(copy: Path, mutation: Mutation) -> None:
    target = copy / mutation.file
    text = target.read_text(encoding="utf-8")
    assert text.count(mutation.old) == 1, f"`{mutation.old}` must occur once in {mutation.file}"
    line = text[: text.index(mutation.old)].count("\n") + 1  # `old` may span lines to be unique
    target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    result = check(copy, settings_for(copy))
    assert {f.code for f in result.findings} == {mutation.code}, result.findings
    where = (mutation.at[0], _line_of(copy, *mutation.at)) if mutation.at else (mutation.file, line)
    assert {(f.path, f.line) for f in result.findings} == {where}
