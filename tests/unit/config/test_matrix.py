"""Matrix entries from YAML files: key paths, filters, clear errors for a bad file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cicache.config import load_config
from cicache.config.matrix import load_entries
from cicache.errors import ConfigError

CONFIG = """
[cache]
registry = "ghcr.io/o/cache"
[target.backend]
matrix = {{ file = ".github/matrix.yml", key = "{key}" }}
{extra}
"""

MATRIX = """
jobs:
  build:
    strategy:
      matrix:
        include:
          - tag-suffix: -cpu-vllm
            platform-tag: amd64
            platforms: [linux/amd64]
            gpu: false
          - tag-suffix: -cpu-vllm
            platform-tag: arm64
            platforms: [linux/arm64]
            gpu: false
          - tag-suffix: -gpu-vllm
            gpu: true
"""


def entries(project: Callable[..., Path], key: str, extra: str = "", matrix: str = MATRIX):
    root = project(
        **{"cicache.toml": CONFIG.format(key=key, extra=extra), ".github__matrix.yml": matrix}
    )
    return load_entries(load_config(root), "backend")


def test_key_path_and_scalar_conversion(project: Callable[..., Path]) -> None:
    got = entries(project, "jobs.build.strategy.matrix.include")
    assert [e.fields["tag-suffix"] for e in got] == ["-cpu-vllm", "-cpu-vllm", "-gpu-vllm"]
    assert got[0].fields["platforms"] == "linux/amd64"
    assert got[2].fields["gpu"] == "true"
    assert got[1].origin == ".github/matrix.yml:10"


def test_filter_keeps_matching_entries(project: Callable[..., Path]) -> None:
    got = entries(project, "jobs.build.strategy.matrix.include", 'filter = { gpu = "false" }')
    assert [e.fields["platform-tag"] for e in got] == ["amd64", "arm64"]


def test_wrong_key_path(project: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError) as exc:
        entries(project, "jobs.build.matrix.include")
    assert (
        exc.value.message == ".github/matrix.yml: no key `matrix` (of `jobs.build.matrix.include`)"
    )
    assert exc.value.hint and "matrix.key" in exc.value.hint


def test_missing_matrix_file(project: Callable[..., Path]) -> None:
    root = project(**{"cicache.toml": CONFIG.format(key="include", extra="")})
    with pytest.raises(ConfigError) as exc:
        load_entries(load_config(root), "backend")
    assert exc.value.message == "matrix file `.github/matrix.yml` does not exist"


def test_malformed_yaml_names_the_line(project: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError) as exc:
        entries(project, "include", matrix="include:\n  - a: 1\n   b: [\n")
    assert exc.value.message.startswith(".github/matrix.yml:3")


def test_entry_that_is_not_a_mapping(project: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError) as exc:
        entries(project, "include", matrix="include:\n  - just-a-string\n")
    assert exc.value.message == ".github/matrix.yml:2: matrix entry 0 is not a mapping"


def test_matrix_file_that_is_not_utf8(project: Callable[..., Path]) -> None:
    root = project(**{"cicache.toml": CONFIG.format(key="include", extra="")})
    (root / ".github").mkdir()
    (root / ".github" / "matrix.yml").write_bytes(b"include:\n  - a: \xff\n")
    with pytest.raises(ConfigError) as exc:
        load_entries(load_config(root), "backend")
    assert exc.value.message == ".github/matrix.yml: not UTF-8 text (byte 16)"
