"""Shared real-registry fixture: `docker-registry` (distribution 2.8) on 127.0.0.1.

Usage::

    def test_x(registry):
        reg = registry()                       # anonymous, delete enabled
        reg = registry(auth=("ciuser", "cipass"))  # htpasswd basic auth
        reg.url            # "http://127.0.0.1:PORT"
        reg.host           # "127.0.0.1:PORT"
        reg.ref("cache")   # "127.0.0.1:PORT/cache"
        reg.http()         # httpx.Client on reg.url with the fixture's credentials

Every registry started through the factory is killed at the end of the test.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REGISTRY_BIN = "/usr/bin/docker-registry"

_CONFIG = """\
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {root}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:{port}
  secret: cicache-test-secret
{auth}"""

_AUTH = """\
auth:
  htpasswd:
    realm: cicache-test
    path: {htpasswd}
"""


@dataclass
class Registry:
    """A running test registry."""

    host: str
    url: str
    root: Path
    config: Path
    auth: tuple[str, str] | None
    process: subprocess.Popen[bytes]

    def ref(self, repo: str, tag: str | None = None) -> str:
        """`HOST:PORT/REPO[:TAG]`, the form `--registry` takes."""
        return f"{self.host}/{repo}" + (f":{tag}" if tag else "")

    def http(self) -> httpx.Client:
        """A plain HTTP client for verifying what the registry holds."""
        return httpx.Client(base_url=self.url, auth=self.auth, timeout=10.0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _htpasswd(path: Path, user: str, password: str) -> None:
    line = subprocess.run(
        ["htpasswd", "-Bbn", user, password], check=True, capture_output=True, text=True
    ).stdout.strip()
    path.write_text(line + "\n")


def _wait_ready(reg: Registry, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if reg.process.poll() is not None:
            raise RuntimeError(f"docker-registry exited with {reg.process.returncode}")
        try:
            # 200 anonymous, 401 with auth: either way it is serving /v2/.
            if httpx.get(f"{reg.url}/v2/", timeout=1.0).status_code in (200, 401):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("docker-registry did not answer /v2/ in time")


def start_registry(workdir: Path, auth: tuple[str, str] | None = None) -> Registry:
    """Start one registry in `workdir`; the caller must `stop()` it."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    auth_block = ""
    if auth is not None:
        htpasswd = workdir / "htpasswd"
        _htpasswd(htpasswd, *auth)
        auth_block = _AUTH.format(htpasswd=htpasswd)
    root = workdir / "data"
    config = workdir / "config.yml"
    config.write_text(_CONFIG.format(root=root, port=port, auth=auth_block))
    process = subprocess.Popen(
        [REGISTRY_BIN, "serve", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    host = f"127.0.0.1:{port}"
    reg = Registry(host, f"http://{host}", root, config, auth, process)
    try:
        _wait_ready(reg)
    except BaseException:
        reg.stop()
        raise
    return reg


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Callable[..., Registry]]:
    """Factory fixture: `registry(auth=None)` starts a fresh registry; all are stopped after."""
    if shutil.which(REGISTRY_BIN) is None:
        pytest.skip("docker-registry is not installed")
    started: list[Registry] = []

    def factory(auth: tuple[str, str] | None = None) -> Registry:
        reg = start_registry(tmp_path / f"registry-{len(started)}", auth)
        started.append(reg)
        return reg

    yield factory
    for reg in started:
        reg.stop()
