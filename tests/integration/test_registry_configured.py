"""status / evict / prune driven by a cicache.toml (entries -> cache tags) on a real registry."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cicache.cli.main import main

pytestmark = pytest.mark.integration

CONFIG = """
[cache]
registry = "{registry}"

[registry]
insecure = ["{host}"]

[target.backend]
tag = "cache{{tag-suffix}}-{{platform-tag|amd64}}"
entries = [
  {{ tag-suffix = "-cpu-vllm" }},
  {{ tag-suffix = "-cpu-vllm", platform-tag = "arm64" }},
  {{ tag-suffix = "-gpu-llama" }},
]
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture
def project(
    registry: Callable[..., Any],
    registry_tools: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Any, Path]:
    monkeypatch.setenv("HOME", "/nonexistent")
    monkeypatch.delenv("CICACHE_CONFIG", raising=False)
    reg = registry()
    client = registry_tools.client_for(reg)
    for tag in ("cache-cpu-vllm-amd64", "cache-cpu-vllm-arm64", "cache-old-entry-amd64"):
        registry_tools.write_cache(
            client, "ci-cache", tag, [tag.encode() * 10], created="2026-06-01T00:00:00Z"
        )
    registry_tools.write_image(client, "ci-cache", "base-image", [b"base"])
    client.close()
    root = tmp_path / "repo"
    root.mkdir()
    (root / "cicache.toml").write_text(CONFIG.format(registry=reg.ref("ci-cache"), host=reg.host))
    return reg, root


def _tags(reg: Any) -> set[str]:
    with reg.http() as http:
        return set(http.get("/v2/ci-cache/tags/list").json()["tags"])


def test_status_rows_per_entry_then_orphans(
    project: tuple[Any, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, root = project
    code, out, _ = run(capsys, "status", "-C", str(root), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["entries"] == [
        {
            "entry": "backend:cache-cpu-vllm-amd64",
            "tag": "cache-cpu-vllm-amd64",
            "state": "warm",
            "size": doc["entries"][0]["size"],
        },
        {
            "entry": "backend:cache-cpu-vllm-arm64",
            "tag": "cache-cpu-vllm-arm64",
            "state": "warm",
            "size": doc["entries"][1]["size"],
        },
        {"entry": "backend:cache-gpu-llama-amd64", "tag": "cache-gpu-llama-amd64", "state": "cold"},
    ]
    assert doc["orphans"] == ["base-image", "cache-old-entry-amd64"]
    code, out, _ = run(capsys, "status", "-C", str(root))
    assert code == 0 and "cold" in out and "orphans" in out


def test_prune_orphans_spares_entries_and_other_images(
    project: tuple[Any, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    reg, root = project
    code, out, _ = run(capsys, "prune", "-C", str(root), "--orphans", "--json")
    assert code == 0 and json.loads(out)["deleted"] == ["cache-old-entry-amd64"]
    assert _tags(reg) == {"cache-cpu-vllm-amd64", "cache-cpu-vllm-arm64", "base-image"}


def test_evict_by_entry_selector(
    project: tuple[Any, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    reg, root = project
    code, out, _ = run(capsys, "evict", "-C", str(root), "--dry-run", "--json", "--", "-cpu-vllm")
    assert code == 0 and json.loads(out)["deleted"] == [
        "cache-cpu-vllm-amd64",
        "cache-cpu-vllm-arm64",
    ]
    code, out, _ = run(capsys, "evict", "-C", str(root), "backend:cache-cpu-vllm-arm64", "--json")
    assert code == 0 and json.loads(out)["deleted"] == ["cache-cpu-vllm-arm64"]
    assert "cache-cpu-vllm-arm64" not in _tags(reg)
    code, _, err = run(capsys, "evict", "-C", str(root), "nothing-like-this")
    assert code == 2 and err.startswith("error: no configured entry matches")


def test_inspect_bare_tag_in_configured_repository(
    project: tuple[Any, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, root = project
    code, out, _ = run(capsys, "inspect", "-C", str(root), "cache-cpu-vllm-amd64", "--json")
    assert code == 0 and json.loads(out)["kind"] == "buildkit-cache"


def test_prune_with_a_config_needs_a_rule(
    project: tuple[Any, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    reg, root = project
    code, _, err = run(capsys, "prune", "-C", str(root))
    assert code == 2 and err.startswith("error: say what to prune")
    assert len(_tags(reg)) == 4
    code, out, _ = run(
        capsys, "prune", "-C", str(root), "--older-than", "30d", "--dry-run", "--json"
    )
    assert code == 0
    # template glob `cache*-*`: every cache tag is old, the base image is never a candidate
    assert json.loads(out)["deleted"] == [
        "cache-cpu-vllm-amd64",
        "cache-cpu-vllm-arm64",
        "cache-old-entry-amd64",
    ]
