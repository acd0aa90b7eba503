"""Benchmark: `cicache status` over N cache tags vs a skopeo list-tags + inspect --raw loop.

Starts a throwaway docker-registry on 127.0.0.1, writes N BuildKit cache tags (both envelope
forms, sharing base layers like a real matrix), then in one run times:

1. `cicache status --registry R --insecure --json` (a fresh process, start-up included);
2. `skopeo list-tags` + one `skopeo inspect --raw` per tag, summing the same per-tag sizes
   (`len(manifest) + config + layers`, or `+ manifests[]` for the index form).

Both totals must agree. `--rtt-ms N` puts a TCP proxy in front of the registry that delays
every chunk by N/2 ms each way, to model a registry that is not on loopback (the setup of
reference oci-registries.md §5.2).

Usage: `.venv/bin/python bench/status_bench.py [--tags 300] [--rtt-ms 0]`
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CICACHE = [sys.executable, "-m", "cicache"]


def _fixtures() -> Any:
    spec = importlib.util.spec_from_file_location(
        "registry_fixture", ROOT / "tests/integration/conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["registry_fixture"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class DelayProxy:
    """127.0.0.1:<port> -> target, each chunk held `delay` seconds in each direction."""

    def __init__(self, target_port: int, delay: float) -> None:
        self.target_port, self.delay = target_port, delay
        self.loop = asyncio.new_event_loop()
        self.port = 0
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while chunk := await reader.read(65536):
                await asyncio.sleep(self.delay)
                writer.write(chunk)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def populate(fx: Any, reg: Any, count: int) -> None:
    client = fx.client_for(reg)
    bases = [bytes([i]) * 4096 for i in range(8)]

    def write(i: int) -> None:
        layers = [bases[i % 8], f"entry-{i}".encode() * 200]
        form = "index" if i % 3 == 0 else "image-manifest"
        fx.write_cache(client, "ci-cache", f"cache-entry-{i:04d}", layers, form=form)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(write, range(count)))
    client.close()


def time_cicache(ref: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [*CICACHE, "status", "--registry", ref, "--insecure", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    doc = json.loads(done.stdout)
    return elapsed, len(doc["tags"]), doc["total_size"]


def _size(raw: bytes) -> int:
    doc = json.loads(raw)
    descs = [doc["config"], *doc["layers"]] if "config" in doc else doc["manifests"]
    return len(raw) + sum(d["size"] for d in descs)


def time_skopeo(ref: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    listed = subprocess.run(
        ["skopeo", "list-tags", "--tls-verify=false", f"docker://{ref}"],
        capture_output=True,
        check=True,
    )
    tags = json.loads(listed.stdout)["Tags"]
    total = 0
    for tag in tags:
        raw = subprocess.run(
            ["skopeo", "inspect", "--raw", "--tls-verify=false", f"docker://{ref}:{tag}"],
            capture_output=True,
            check=True,
        ).stdout
        total += _size(raw)
    return time.perf_counter() - start, len(tags), total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", type=int, default=300)
    parser.add_argument("--rtt-ms", type=float, default=0.0)
    args = parser.parse_args()
    fx = _fixtures()
    with tempfile.TemporaryDirectory() as tmp:
        reg = fx.start_registry(Path(tmp))
        try:
            populate(fx, reg, args.tags)
            ref = reg.ref("ci-cache")
            proxy = None
            if args.rtt_ms:
                proxy = DelayProxy(int(reg.host.rsplit(":", 1)[1]), args.rtt_ms / 2000)
                ref = f"127.0.0.1:{proxy.port}/ci-cache"
            c_time, c_tags, c_total = time_cicache(ref)
            s_time, s_tags, s_total = time_skopeo(ref)
            if proxy:
                proxy.stop()
        finally:
            reg.stop()
    print(f"tags: {args.tags}, simulated RTT: {args.rtt_ms:g} ms")
    print(f"cicache status: {c_time:.2f} s  ({c_tags} tags, total {c_total} bytes)")
    print(f"skopeo loop:    {s_time:.2f} s  ({s_tags} tags, total {s_total} bytes)")
    same = "match" if c_total == s_total else "DIFFER"
    print(f"ratio: {s_time / c_time:.1f}x faster; totals {same}")
    return 0 if (c_total, c_tags) == (s_total, s_tags) else 1


if __name__ == "__main__":
    sys.exit(main())
