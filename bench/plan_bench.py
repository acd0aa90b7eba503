"""Benchmark: `cicache plan` for a 500-entry matrix, start-up included (goal: under 1 s).

Generates a repo with one target whose matrix file holds 500 entries (250 amd64/arm64 pairs
sharing a tag-suffix), then times the whole command, as CI runs it, for each output format,
next to a bare `python -c pass` (the floor any Python CLI pays). Prints a table and ratios.

    .venv/bin/python bench/plan_bench.py [--entries 500] [--runs 5]
"""

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
build-args = { BACKEND = "{backend}", BUILD_TYPE = "{build-type|}" }
"""


def write_repo(root: Path, entries: int) -> None:
    (root / ".github").mkdir()
    (root / "cicache.toml").write_text(CONFIG)
    lines = ["include:"]
    for i in range(entries):
        arch = ("amd64", "arm64")[i % 2]
        lang = ("python", "golang", "cpp")[(i // 2) % 3]
        lines += [
            f"  - backend: backend{i // 2}",
            f"    tag-suffix: -cpu-backend{i // 2}",
            f"    platform-tag: {arch}",
            f"    platforms: linux/{arch}",
            f"    dockerfile: backend/Dockerfile.{lang}",
            "    build-type: ''",
        ]
    (root / ".github" / "backend-matrix.yml").write_text("\n".join(lines) + "\n")


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cicache = str(Path(sys.executable).with_name("cicache"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_repo(root, args.entries)
        base = [cicache, "plan", "-C", tmp, "--event", "push", "--ref", "main"]
        floor = timed([sys.executable, "-c", "pass"], args.runs)
        print(f"{args.entries} entries, median of {args.runs} runs")
        print(f"{'command':<32}{'seconds':>10}{'x python -c pass':>20}")
        print(f"{'python -c pass':<32}{floor:>10.3f}{1.0:>20.1f}")
        for fmt in ("json", "buildx", "bake", "github", "table"):
            seconds = timed([*base, "--format", fmt], args.runs)
            print(f"{'cicache plan --format ' + fmt:<32}{seconds:>10.3f}{seconds / floor:>20.1f}")


if __name__ == "__main__":
    main()
