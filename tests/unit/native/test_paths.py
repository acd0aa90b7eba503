from __future__ import annotations

from pathlib import Path

import pytest

from cicache.errors import UsageError
from cicache.native.paths import allowed, expand, label_of, path_of
from cicache.native.spec import CacheSpec, applies


def test_expand_globs_literals_and_missing(tmp_path: Path) -> None:
    for d in ("Cellar/a", "Cellar/b", "other"):
        (tmp_path / d).mkdir(parents=True)
    got = expand(("Cellar/*", "other", "missing", "Cellar/a"), tmp_path)
    assert got == [tmp_path / "Cellar/a", tmp_path / "Cellar/b", tmp_path / "other"]


def test_exclusions_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="exclusions"):
        expand(("!x",), tmp_path)


@pytest.mark.parametrize("line", [".", "~", "/", "..", "./sub/.."])
def test_paths_a_restore_would_refuse_are_not_saved(tmp_path: Path, line: str) -> None:
    (tmp_path / "sub").mkdir()
    with pytest.raises(UsageError, match="a restore never replaces it"):
        expand((line,), tmp_path)


def test_labels_are_portable(tmp_path: Path) -> None:
    home = Path.home()
    assert label_of(home / ".cache" / "pip", tmp_path) == "~/.cache/pip"
    assert label_of(tmp_path / "node_modules", tmp_path) == "node_modules"
    assert label_of(Path("/opt/x"), tmp_path) == "/opt/x"
    assert path_of("~/.cache/pip", tmp_path) == home / ".cache" / "pip"


@pytest.mark.parametrize(
    ("label", "ok"),
    [
        ("~/.cache/pip", True),
        ("/opt/homebrew/Cellar/python", True),
        ("/opt/homebrew/Cellar/python/sub", False),  # a * never spans a /
        ("/etc", False),
        ("~/.ssh", False),
        ("deps", True),
        ("deps/../..", False),
        (".", False),  # the project itself: a restore replaces its target
        ("~", False),
        ("/", False),
    ],
)
def test_restore_only_into_configured_paths(tmp_path: Path, label: str, ok: bool) -> None:
    lines = ("~/.cache/pip", "/opt/homebrew/Cellar/*", "deps", ".", "~", "/")
    assert allowed(label, lines, tmp_path) is ok


def test_when_matches_entry_fields() -> None:
    spec = CacheSpec("w", ("x",), "k", when={"lang": "python", "backend": "v*"})
    assert applies(spec, {"lang": "python", "backend": "vllm"})
    assert not applies(spec, {"lang": "go", "backend": "vllm"})
    assert not applies(spec, {"lang": "python"})
