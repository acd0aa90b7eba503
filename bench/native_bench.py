"""Native cache benchmark: cicache save/restore (local store) vs tar + zstd pipelines, and
`cicache key` with hashFiles('**/*') vs a plain sha256 walk, on one generated tree.

    .venv/bin/python bench/native_bench.py [--mb 500] [--files 20000] [--rounds 2]

The tree (half random bytes, half compressible text) goes under /tmp and is removed at the
end. Every timing is wall clock of a whole process, best of --rounds; ratios are
cicache / baseline (below 1.0 means cicache is faster).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CICACHE = [sys.executable, "-m", "cicache"]
HASH_ALL = "{hashFiles('**/*')}"
ENV = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI"))}


def generate(root: Path, total_mb: int, files: int) -> int:
    rnd = random.Random(4)
    per_file = total_mb * (1 << 20) // files
    words = [
        bytes(rnd.choices(b"abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9))) for _ in range(4000)
    ]
    written = 0
    for i in range(files):
        d = root / f"pkg{i % 200:03d}" / f"mod{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        size = max(1, int(per_file * rnd.uniform(0.2, 1.8)))
        if i % 2:
            data = os.urandom(size)
        else:
            text = b" ".join(rnd.choices(words, k=size // 5 + 1))
            data = text[:size]
        (d / f"f{i:05d}.{'bin' if i % 2 else 'py'}").write_bytes(data)
        written += len(data)
    return written


def timed_pair(
    a: Callable[[], None], b: Callable[[], None], rounds: int, reset: Callable[[], None]
) -> tuple[float, float]:
    """Best of `rounds` for a and b, interleaved (a, b, a, b), each after reset and a sync so
    neither pays for the other's page-cache writeback."""
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for i, run in enumerate((a, b)):
            reset()
            os.sync()
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def sh(cmd: str, cwd: Path) -> None:
    subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd, check=True, env=ENV)


def cli(*args: str, cwd: Path) -> str:
    r = subprocess.run(
        [*CICACHE, *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True
    )
    return r.stdout.strip()


def sha256_walk(root: Path) -> str:
    outer = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            with (Path(dirpath) / name).open("rb") as f:
                outer.update(hashlib.file_digest(f, "sha256").digest())
    return outer.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=500)
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="cicache-bench-", dir="/tmp"))
    try:
        run(base, args.mb, args.files, args.rounds)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run(base: Path, mb: int, files: int, rounds: int) -> None:
    ws, store = base / "ws", base / "store"
    size = generate(ws / "tree", mb, files)
    print(f"tree: {files} files, {size / 1e6:.0f} MB, {os.cpu_count()} CPUs")

    def clear_store() -> None:
        shutil.rmtree(store, ignore_errors=True)

    t_save, t_tar = timed_pair(
        lambda: cli("save", "-p", "tree", "-k", "bench", "--store", str(store), cwd=ws),
        lambda: sh("tar -cf - tree | zstd -q -T0 -o ../tree.tar.zst -f", ws),
        rounds,
        clear_store,
    )

    def save_level3() -> object:
        return cli("save", "-p", "tree", "-k", "bench", "--store", str(store),
                   "--compression-level", "3", cwd=ws)  # fmt: skip

    t_save3, t_tar3 = timed_pair(
        save_level3,
        lambda: sh("tar -cf - tree | zstd -q -T0 -o ../tree.tar.zst -f", ws),
        rounds,
        clear_store,
    )
    clear_store()
    save_level3()
    stored3 = sum(p.stat().st_size for p in store.rglob("part-*"))
    clear_store()
    cli("save", "-p", "tree", "-k", "bench", "--store", str(store), cwd=ws)
    stored = sum(p.stat().st_size for p in store.rglob("part-*"))
    tarred = (base / "tree.tar.zst").stat().st_size
    out = base / "out"
    out.mkdir()
    shutil.move(ws / "tree", base / "orig")

    def clear_out() -> None:
        shutil.rmtree(ws / "tree", ignore_errors=True)
        shutil.rmtree(out / "tree", ignore_errors=True)

    t_restore, t_untar = timed_pair(
        lambda: cli("restore", "-p", "tree", "-k", "bench", "--store", str(store), cwd=ws),
        lambda: sh("zstd -q -d -c ../tree.tar.zst | tar -x -C ../out", ws),
        rounds,
        clear_out,
    )
    clear_out()
    shutil.move(base / "orig", ws / "tree")
    t_key, t_walk = timed_pair(
        lambda: print("hashFiles:", cli("key", "-k", HASH_ALL, cwd=ws)),
        lambda: print(f"sha256 walk: {sha256_walk(ws / 'tree')}"),
        rounds,
        lambda: None,
    )
    rows = [
        ("save (local store, zstd -1, default)", t_save, "tar -cf - \\| zstd -T0", t_tar),
        ("save (local store, zstd -3)", t_save3, "tar -cf - \\| zstd -T0", t_tar3),
        ("restore (local store)", t_restore, "zstd -d \\| tar -x", t_untar),
        ("key hashFiles('**/*')", t_key, "plain sha256 walk (Python)", t_walk),
    ]
    print(
        f"archive: cicache {stored / 1e6:.0f} MB (level 3: {stored3 / 1e6:.0f} MB), "
        f"tar+zstd {tarred / 1e6:.0f} MB"
    )
    print("| operation | cicache s | baseline | baseline s | ratio |")
    print("|---|---|---|---|---|")
    for name, ours, other, theirs in rows:
        print(f"| {name} | {ours:.2f} | {other} | {theirs:.2f} | {ours / theirs:.2f} |")


if __name__ == "__main__":
    main()
