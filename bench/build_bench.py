"""Benchmark: `cicache build` cold vs warm with real buildah, and cicache's own overhead.

Starts a throwaway docker-registry on 127.0.0.1, pushes a busybox base image, writes a
project with two entries whose steps do real work (write and hash `--blob-mib` MiB of random,
incompressible data, then a `--compile-s` "compile"), and measures, each run on a fresh
runner (local storage wiped):

1. cold: `cicache build --entry '*'` on an empty cache registry (push context: writes);
2. warm: the same command again, every step served by the registry cache;
3. direct: the exact buildah commands `cicache build --dry-run` prints, run by hand;
   cicache's overhead = warm - direct (process start, config, plan, version probe, parsing),
   and, less noisy, the wall time of a warm run minus the builder time its reports record.

Needs root, buildah and busybox-static (as in CI).

Usage: `.venv/bin/python bench/build_bench.py [--runs 3] [--blob-mib 32] [--compile-s 3]`
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CICACHE = [sys.executable, "-m", "cicache"]
STEPS = """\
FROM {base}
RUN dd if=/dev/urandom of=/blob bs=1M count={mib} 2>/dev/null && sha256sum /blob > /{name}.sum
COPY data.txt /data.txt
RUN sleep {compile} && echo {name} > /built.txt
"""
CONFIG = """\
[cache]
registry = "{host}/cache"
[registry]
insecure = ["{host}"]
[policy]
default-branch = "main"
[target.app]
tag = "cache-{{name}}"
name = "{{name}}"
dockerfile = "Dockerfile.{{name}}"
entries = [{{ name = "api" }}, {{ name = "worker" }}]
"""
ARGS = ["--entry", "*", "--event", "push", "--ref", "main", "-C"]


def _fixtures() -> Any:
    spec = importlib.util.spec_from_file_location(
        "registry_fixture", ROOT / "tests/integration/conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["registry_fixture"] = module
    spec.loader.exec_module(module)
    return module


def _env(tmp: Path, host: str) -> Path:
    storage = tmp / "storage"
    (tmp / "storage.conf").write_text(
        f'[storage]\ndriver = "vfs"\nrunroot = "{storage}/run"\ngraphroot = "{storage}/root"\n'
    )
    (tmp / "registries.conf").write_text(f'[[registry]]\nlocation = "{host}"\ninsecure = true\n')
    os.environ.update(
        CONTAINERS_STORAGE_CONF=str(tmp / "storage.conf"),
        CONTAINERS_REGISTRIES_CONF=str(tmp / "registries.conf"),
        BUILDAH_ISOLATION="chroot",
        CICACHE_HISTORY=str(tmp / "history.jsonl"),
    )
    return storage


def _project(tmp: Path, host: str, mib: int, compile_s: float) -> Path:
    base = tmp / "base"
    (base / "bin").mkdir(parents=True)
    shutil.copy2("/bin/busybox", base / "bin" / "busybox")
    for tool in ("sh", "dd", "sha256sum", "sleep", "echo"):
        (base / "bin" / tool).symlink_to("busybox")
    (base / "Dockerfile").write_text("FROM scratch\nCOPY bin /bin\n")
    image = f"{host}/base:1"
    subprocess.run(
        ["buildah", "bud", "-q", "-t", image, str(base)], check=True, capture_output=True
    )
    subprocess.run(["buildah", "push", "-q", "--tls-verify=false", image], check=True)
    project = tmp / "project"
    project.mkdir()
    (project / "data.txt").write_text("bench\n")
    (project / "cicache.toml").write_text(CONFIG.format(host=host))
    for name in ("api", "worker"):
        text = STEPS.format(base=image, name=name, mib=mib, compile=compile_s)
        (project / f"Dockerfile.{name}").write_text(text)
    return project


def _timed(argv: list[str], cwd: Path | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def _cicache(project: Path, storage: Path) -> tuple[float, list[dict[str, Any]]]:
    shutil.rmtree(storage, ignore_errors=True)
    seconds, out = _timed([*CICACHE, "build", "--json", "-q", *ARGS, str(project)])
    return seconds, json.loads(out)


def _direct(project: Path, storage: Path) -> float:
    _, out = _timed([*CICACHE, "build", "--dry-run", *ARGS, str(project)])
    shutil.rmtree(storage, ignore_errors=True)
    start = time.perf_counter()
    for line in out.splitlines():
        subprocess.run(shlex.split(line), cwd=project, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--blob-mib", type=int, default=32, help="random data per entry")
    parser.add_argument("--compile-s", type=float, default=3.0, help="simulated compile step")
    opts = parser.parse_args()
    runs = opts.runs
    with tempfile.TemporaryDirectory(prefix="cicache-build-bench-") as tmp_text:
        tmp = Path(tmp_text)
        reg = _fixtures().start_registry(tmp / "registry")
        try:
            storage = _env(tmp, reg.host)
            project = _project(tmp, reg.host, opts.blob_mib, opts.compile_s)
            cold, cold_reports = _cicache(project, storage)
            warm, direct, own, warm_reports = [], [], [], []
            for _ in range(runs):
                seconds, warm_reports = _cicache(project, storage)
                warm.append(seconds)
                own.append(seconds - sum(r["seconds"] for r in warm_reports))
                direct.append(_direct(project, storage))
            dry = [
                _timed([*CICACHE, "build", "--dry-run", *ARGS, str(project)])[0]
                for _ in range(runs)
            ]
        finally:
            reg.stop()
    _print(cold, cold_reports, warm, warm_reports, direct, dry)
    mine = statistics.median(own)
    print(f"cicache's own time (wall - builder time in the reports, median) = {mine:.2f} s")


def _print(
    cold: float,
    cold_reports: list[dict[str, Any]],
    warm: list[float],
    warm_reports: list[dict[str, Any]],
    direct: list[float],
    dry: list[float],
) -> None:
    w, d = statistics.median(warm), statistics.median(direct)
    print("| entry | cold s | cold cached/total | warm s | warm cached/total |")
    print("|---|---|---|---|---|")
    for c, h in zip(cold_reports, warm_reports, strict=True):
        print(
            f"| {c['entry']} | {c['seconds']:.2f} | {c['steps_cached']}/{c['steps_total']} "
            f"| {h['seconds']:.2f} | {h['steps_cached']}/{h['steps_total']} |"
        )
    print()
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| cold `cicache build` (both entries, wall) | {cold:.2f} |")
    print(f"| warm `cicache build` (median of {len(warm)}, wall) | {w:.2f} |")
    print(f"| warm, the same buildah commands run directly (median) | {d:.2f} |")
    startup = statistics.median(dry)
    print(f"| `cicache build --dry-run` (start-up, config, plan, probe; median) | {startup:.2f} |")
    print()
    print(f"warm/cold = {w / cold:.0%}; cicache overhead (warm - direct) = {w - d:+.2f} s")


if __name__ == "__main__":
    main()
