"""Native caches through the CLI as a process, on both stores (local dir, real registry).

Same behaviour through both: round trip of a tree with symlinks, empty dirs, executable bits
and a large multi-part file; 8 concurrent saves of one key (one valid winner, no corrupt
entry); a corrupted stored blob (restore warns, target untouched); a dead registry (save and
restore exit 0 with a warning).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(("GITHUB_", "GITLAB_", "CICACHE_")) and k != "CI"
}


def cicache(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cicache", *args]
    return subprocess.run(
        command, cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=300, check=False
    )


def make_tree(root: Path, big: int = 24 << 20) -> Path:
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "tool").write_text("#!/bin/sh\necho hi\n")
    (root / "bin" / "tool").chmod(0o755)
    (root / "empty" / "nested").mkdir(parents=True)
    (root / "big.bin").write_bytes(os.urandom(big))
    (root / "text.txt").write_text("hello\n" * 1000)
    (root / "lib").mkdir()
    (root / "lib" / "libx.so.1").write_text("x")
    (root / "lib" / "libx.so").symlink_to("libx.so.1")
    (root / "current").symlink_to("bin")
    return root


def snapshot(root: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = ("link", str(p.readlink()))
        elif p.is_dir():
            out[rel] = ("dir", stat.S_IMODE(st.st_mode))
        else:
            out[rel] = ("file", stat.S_IMODE(st.st_mode), p.read_bytes(), int(st.st_mtime))
    return out


class Backend:
    """CLI arguments for one store, and where its blobs live on disk (to corrupt them)."""

    def __init__(self, args: list[str], blobs: Path, reg: Any = None) -> None:
        self.args, self.blobs, self.reg = args, blobs, reg

    def part_files(self) -> list[Path]:
        return [p for p in self.blobs.rglob("*") if p.is_file() and p.stat().st_size > 1 << 16]


@pytest.fixture(params=["local", "oci"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        return Backend(["--store", str(tmp_path / "store")], tmp_path / "store" / "entries")
    registry: Callable[..., Any] = request.getfixturevalue("registry")
    reg = registry()
    return Backend(["--registry", reg.ref("native"), "--insecure"], reg.root, reg)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    make_tree(tmp_path / "ws" / "deps")
    return tmp_path / "ws"


def test_roundtrip_multi_part(backend: Backend, ws: Path) -> None:
    want = snapshot(ws / "deps")
    saved = cicache(
        "save", "-p", "deps", "-k", "k1", *backend.args, "--part-size", "4194304", cwd=ws
    )
    assert saved.returncode == 0 and saved.stdout == "k1\n", saved.stderr
    assert len(backend.part_files()) >= 6  # 24 MiB of random data in 4 MiB parts
    shutil.rmtree(ws / "deps")
    got = cicache("restore", "-p", "deps", "-k", "k2", "--restore-key", "k", *backend.args, cwd=ws)
    assert got.returncode == 0 and got.stdout == "k1\n", got.stderr
    assert snapshot(ws / "deps") == want


def test_eight_concurrent_saves_of_one_key(backend: Backend, ws: Path) -> None:
    def one(_: int) -> tuple[int, str]:
        r = cicache("save", "-p", "deps", "-k", "same", *backend.args, cwd=ws)
        return r.returncode, r.stdout + r.stderr

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
    assert all(code == 0 for code, _ in results), results
    assert not any("warning" in out for _, out in results), results
    saved = [out for _, out in results if "saved `same`" in out]
    assert 1 <= len(saved) <= 8
    if backend.reg is None:  # the local store's rename admits exactly one winner
        assert len(saved) == 1, results
    want = snapshot(ws / "deps")
    shutil.rmtree(ws / "deps")
    got = cicache("restore", "-p", "deps", "-k", "same", *backend.args, cwd=ws)
    assert got.returncode == 0 and got.stdout == "same\n", got.stderr
    assert snapshot(ws / "deps") == want


def test_corrupted_blob_leaves_target_untouched(backend: Backend, ws: Path) -> None:
    assert cicache("save", "-p", "deps", "-k", "k", *backend.args, cwd=ws).returncode == 0
    for part in backend.part_files():
        data = bytearray(part.read_bytes())
        data[len(data) // 3] ^= 0x55
        part.write_bytes(bytes(data))
    (ws / "deps" / "marker").write_text("mine")
    before = snapshot(ws / "deps")
    got = cicache("restore", "-p", "deps", "-k", "k", *backend.args, cwd=ws)
    assert got.returncode == 0 and got.stdout == "", got.stderr
    assert "warning:" in got.stderr and "failed" in got.stderr
    assert snapshot(ws / "deps") == before
    assert sorted(p.name for p in ws.iterdir()) == ["deps"]


def test_dead_registry_never_fails_the_job(registry: Callable[..., Any], ws: Path) -> None:
    reg = registry()
    args = ["--registry", reg.ref("native"), "--insecure"]
    reg.stop()
    saved = cicache("save", "-p", "deps", "-k", "k", *args, cwd=ws)
    assert saved.returncode == 0, saved.stderr
    assert saved.stderr.startswith("warning: save failed") or "warning:" in saved.stderr
    assert "Traceback" not in saved.stderr
    got = cicache("restore", "-p", "deps", "-k", "k", *args, cwd=ws)
    assert (got.returncode, got.stdout) == (0, "")
    assert "warning:" in got.stderr and "Traceback" not in got.stderr
