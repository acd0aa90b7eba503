"""Shared real-registry fixture: `docker-registry` (distribution 2.8) on 127.0.0.1.

Usage::

    def test_x(registry):
        reg = registry()                       # anonymous, delete enabled
        reg = registry(auth=("ciuser", "cipass"))  # htpasswd basic auth
        reg = registry(auth=("ciuser", "cipass"), token_auth=True)  # bearer tokens
        reg.url            # "http://127.0.0.1:PORT"
        reg.host           # "127.0.0.1:PORT"
        reg.ref("cache")   # "127.0.0.1:PORT/cache"
        reg.http()         # httpx.Client on reg.url with the fixture's credentials

Every registry started through the factory is killed at the end of the test.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

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

_TOKEN_AUTH = """\
auth:
  token:
    realm: {realm}
    service: cicache-registry
    issuer: cicache-test-issuer
    rootcertbundle: {cert}
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
    tokens: TokenServer | None = None  # set when the registry uses bearer-token auth

    def ref(self, repo: str, tag: str | None = None) -> str:
        """`HOST:PORT/REPO[:TAG]`, the form `--registry` takes."""
        return f"{self.host}/{repo}" + (f":{tag}" if tag else "")

    def http(self) -> httpx.Client:
        """A plain HTTP client for verifying what the registry holds."""
        auth: httpx.Auth | tuple[str, str] | None = self.auth
        if self.tokens is not None:
            auth = _ChallengeAuth(self.auth)
        return httpx.Client(base_url=self.url, auth=auth, timeout=10.0)

    def stop(self) -> None:
        if self.tokens is not None:
            self.tokens.stop()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


class TokenServer:
    """A minimal distribution token server (reference oci-registries.md §6.3).

    RS256 JWTs signed with `openssl` (no Python crypto dependency), the self-signed cert in
    the `x5c` header and as the registry's `rootcertbundle`. Records every scope it granted.
    """

    def __init__(self, workdir: Path, user: tuple[str, str] | None) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.key, self.cert = workdir / "key.pem", workdir / "cert.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=cicache-test-token", "-keyout", str(self.key), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        der = subprocess.run(
            ["openssl", "x509", "-in", str(self.cert), "-outform", "DER"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        self.x5c = base64.b64encode(der).decode()
        self.user = user
        self.granted: list[tuple[str, str]] = []  # (account, scope)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.realm = f"http://127.0.0.1:{self.server.server_port}/token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _account(self, header: str | None) -> str | None:
        """'' for anonymous, the user name for good credentials, None for bad ones."""
        if not header:
            return ""
        try:
            user, _, password = base64.b64decode(header.split(" ", 1)[1]).decode().partition(":")
        except (ValueError, IndexError):
            return None
        return user if self.user and (user, password) == self.user else None

    def token(self, account: str, scopes: list[str]) -> str:
        access = []
        for scope in scopes:
            kind, name, actions = scope.split(":", 2) if scope.count(":") >= 2 else ("", "", "")
            wanted = [a for a in actions.split(",") if a]
            allowed = wanted if account else [a for a in wanted if a == "pull"]
            access.append({"type": kind, "name": name, "actions": allowed})
            self.granted.append((account, f"{kind}:{name}:{','.join(allowed)}"))
        now = int(time.time())
        claims = {
            "iss": "cicache-test-issuer", "sub": account, "aud": "cicache-registry",
            "exp": now + 300, "nbf": now - 10, "iat": now, "jti": f"{now}-{len(self.granted)}",
            "access": access,
        }  # fmt: skip
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]}
        signing = f"{_b64url(json.dumps(header))}.{_b64url(json.dumps(claims))}"
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(self.key)],
            input=signing.encode(), check=True, capture_output=True,
        ).stdout  # fmt: skip
        return f"{signing}.{_b64url(signature)}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                account = server._account(self.headers.get("Authorization"))
                if account is None:
                    self.send_response(401)
                    self.end_headers()
                    return
                scopes = [s for value in query.get("scope", []) for s in value.split(" ")]
                body = json.dumps({"token": server.token(account, scopes), "expires_in": 300})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _b64url(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class _ChallengeAuth(httpx.Auth):
    """Test-side bearer flow for verification requests (independent of cicache's client)."""

    def __init__(self, user: tuple[str, str] | None) -> None:
        self.user = user

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        response = yield request
        if response.status_code != 401:
            return
        params = dict(re.findall(r'(\w+)="([^"]*)"', response.headers["www-authenticate"]))
        scope = params.get("scope", "").replace(":pull", ":pull,push,delete")
        token = httpx.get(
            params["realm"], params={"service": params["service"], "scope": scope},
            auth=self.user, timeout=10,
        ).json()["token"]  # fmt: skip
        request.headers["Authorization"] = f"Bearer {token}"
        yield request


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


def start_registry(
    workdir: Path, auth: tuple[str, str] | None = None, token_auth: bool = False
) -> Registry:
    """Start one registry in `workdir`; the caller must `stop()` it.

    `auth` alone: htpasswd basic auth. With `token_auth`: bearer tokens from a token server
    that grants `auth`'s user what it asks for and anonymous users `pull` only.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    auth_block = ""
    tokens = None
    if token_auth:
        tokens = TokenServer(workdir / "token", auth)
        auth_block = _TOKEN_AUTH.format(realm=tokens.realm, cert=tokens.cert)
    elif auth is not None:
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
    reg = Registry(host, f"http://{host}", root, config, auth, process, tokens)
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

    def factory(auth: tuple[str, str] | None = None, token_auth: bool = False) -> Registry:
        reg = start_registry(tmp_path / f"registry-{len(started)}", auth, token_auth)
        started.append(reg)
        return reg

    yield factory
    for reg in started:
        reg.stop()


# -- writing BuildKit-format caches and plain images through the client ----------------------
# Follows moby/buildkit cache/remotecache/v1 (reference buildkit-cache.md §2): layer blobs,
# then the cache config blob, then the manifest in either envelope.

CACHE_CONFIG = "application/vnd.buildkit.cacheconfig.v0"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def _desc(
    media_type: str, digest: str, size: int, notes: dict[str, str] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"mediaType": media_type, "digest": digest, "size": size}
    if notes:
        out["annotations"] = notes
    return out


def write_cache(
    client: Any,
    repo: str,
    tag: str,
    layers: list[bytes],
    *,
    form: str = "image-manifest",
    created: str = "2026-11-01T10:00:00Z",
    config_padding: int = 0,
) -> dict[str, Any]:
    """Push a BuildKit cache tag; returns the manifest document. `form`: image-manifest,
    index (OCI index) or docker-index (Docker manifest list)."""
    descs = []
    for i, data in enumerate(layers):
        digest, size = client.push_blob(repo, data)
        notes = {"buildkit/createdat": created, "containerd.io/uncompressed": f"sha256:{i:064x}"}
        descs.append(_desc(LAYER, digest, size, notes))
    config = {
        "layers": [{"blob": d["digest"], "parent": i - 1} for i, d in enumerate(descs)],
        "records": [
            {"digest": f"sha256:{i + 1:064x}", "layers": [{"layer": i, "createdAt": created}]}
            for i in range(len(descs))
        ],
        "padding": "x" * config_padding,
    }
    raw_config = json.dumps(config).encode()
    cdigest, csize = client.push_blob(repo, raw_config)
    cdesc = _desc(CACHE_CONFIG, cdigest, csize)
    if form == "image-manifest":
        media = "application/vnd.oci.image.manifest.v1+json"
        doc = {"schemaVersion": 2, "mediaType": media, "config": cdesc, "layers": descs}
    else:
        media = (
            "application/vnd.oci.image.index.v1+json"
            if form == "index"
            else "application/vnd.docker.distribution.manifest.list.v2+json"
        )
        doc = {"schemaVersion": 2, "mediaType": media, "manifests": [*descs, cdesc]}
    client.put_manifest(repo, tag, json.dumps(doc).encode(), media)
    return doc


def write_image(client: Any, repo: str, tag: str, layers: list[bytes]) -> dict[str, Any]:
    """Push a plain (non-cache) OCI image."""
    descs = [_desc(LAYER, *client.push_blob(repo, data)) for data in layers]
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "2026-10-01T00:00:00Z",
        "rootfs": {"type": "layers", "diff_ids": []},
    }
    cdesc = _desc(
        "application/vnd.oci.image.config.v1+json",
        *client.push_blob(repo, json.dumps(config).encode()),
    )
    media = "application/vnd.oci.image.manifest.v1+json"
    doc = {"schemaVersion": 2, "mediaType": media, "config": cdesc, "layers": descs}
    client.put_manifest(repo, tag, json.dumps(doc).encode(), media)
    return doc


def client_for(reg: Registry, **kwargs: Any) -> Any:
    from cicache.oci.client import RegistryClient
    from cicache.oci.credentials import Credentials

    creds = Credentials(*reg.auth, source="test") if reg.auth else Credentials()
    return RegistryClient(reg.host, credentials=creds, insecure=True, **kwargs)


@pytest.fixture
def registry_tools() -> Any:
    """Helpers for tests: `client_for(reg)`, `write_cache(...)`, `write_image(...)`."""
    import types

    return types.SimpleNamespace(
        client_for=client_for, write_cache=write_cache, write_image=write_image
    )
