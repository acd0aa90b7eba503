"""hashFiles() against golden digests from the GitHub runner's own script.

Each case in data/hashfiles_cases.json says which tricky rule it pins (negation order,
implicit descendants, dotfiles, nested search paths, symlinks, unicode names, no match...).
The `expected` digests were produced by running actions/runner's shipped
`src/Misc/layoutbin/hashFiles/index.js` (commit 258d6c85, node 20) with cwd = the tree built
by conftest.build(): `patterns=$'...' node index.js`. A case marked `error` is one the
runner's script fails on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from cicache.keys.hashfiles import HashFilesError, hash_files, matched_files

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "hashfiles_cases.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_runner_digest(tree: Path, case: dict[str, Any]) -> None:
    follow = bool(case.get("follow"))
    if case.get("error"):
        with pytest.raises(HashFilesError):
            hash_files(case["patterns"], tree, follow_symlinks=follow)
        return
    assert hash_files(case["patterns"], tree, follow_symlinks=follow) == case["expected"]


def test_reference_order_is_depth_first_not_sorted(tree: Path) -> None:
    got = [Path(p).relative_to(tree).as_posix() for p in matched_files(["**/*.txt"], tree)]
    assert got[:5] == [".hidden/requirements.txt", "a/b/x.txt", "a/b.txt", "a-b.txt", "empty.txt"]
    assert got != sorted(got)


def test_digest_is_sha256_of_raw_digests(tree: Path) -> None:
    files = list(matched_files(["**/requirements*.txt"], tree))
    outer = hashlib.sha256()
    for f in files:
        outer.update(hashlib.sha256(Path(f).read_bytes()).digest())
    assert hash_files(["**/requirements*.txt"], tree) == outer.hexdigest()


def test_absolute_pattern_inside_workspace(tree: Path) -> None:
    single = next(c for c in CASES if c["name"] == "single-file")["expected"]
    assert hash_files([f"{tree}/requirements.txt"], tree) == single


def test_reference_empty_digest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    expected = "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"
    assert hash_files(["empty.txt"], tmp_path) == expected


def test_symlinked_workspace_is_resolved_like_node_cwd(tmp_path: Path) -> None:
    # node's process.cwd() is the real path: an absolute pattern through the symlinked
    # spelling of the workspace is "outside" it (checked against the runner's script).
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "empty.txt").write_bytes(b"")
    (tmp_path / "ws").symlink_to("real")
    expected = "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"
    assert hash_files(["empty.txt"], tmp_path / "ws") == expected
    assert hash_files([f"{tmp_path}/ws/empty.txt"], tmp_path / "ws") == ""
    assert hash_files([f"{tmp_path}/real/empty.txt"], tmp_path / "ws") == expected
