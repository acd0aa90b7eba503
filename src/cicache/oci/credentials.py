"""Where registry credentials come from, in order:

1. `CICACHE_REGISTRY_USERNAME` + `CICACHE_REGISTRY_PASSWORD` (basic, or exchanged for a token);
2. `CICACHE_REGISTRY_TOKEN` (a registry bearer token, sent as is);
3. docker `config.json` (`$DOCKER_CONFIG/config.json`, `~/.docker/config.json`, then the
   podman/skopeo `$REGISTRY_AUTH_FILE` / `$XDG_RUNTIME_DIR/containers/auth.json`):
   `credHelpers[host]`, then `auths[host]` (`auth` or `identitytoken`), then `credsStore`.

Credential helpers are `docker-credential-<name> get` programs; the runner is injectable so
unit tests spawn nothing. Secrets never appear in `repr()` or in error messages.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Credentials", "HelperRunner", "resolve_credentials", "run_helper"]

HelperRunner = Callable[[str, str], "str | None"]  # (program, host) -> stdout or None


@dataclass(frozen=True)
class Credentials:
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)  # a ready bearer token
    source: str = "anonymous"

    @property
    def has_basic(self) -> bool:
        return bool(self.username and self.password)


ANONYMOUS = Credentials()


def run_helper(program: str, host: str) -> str | None:
    """Run `docker-credential-<x> get` with the host on stdin; None when it fails."""
    try:
        done = subprocess.run(
            [program, "get"], input=host, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _config_paths(env: Mapping[str, str], home: Path) -> list[Path]:
    paths = [Path(env["DOCKER_CONFIG"]) / "config.json"] if env.get("DOCKER_CONFIG") else []
    paths.append(home / ".docker" / "config.json")
    if env.get("REGISTRY_AUTH_FILE"):
        paths.append(Path(env["REGISTRY_AUTH_FILE"]))
    if env.get("XDG_RUNTIME_DIR"):
        paths.append(Path(env["XDG_RUNTIME_DIR"]) / "containers" / "auth.json")
    return paths


def _host_keys(host: str) -> list[str]:
    keys = [host, f"https://{host}", f"http://{host}", f"https://{host}/v1/", f"https://{host}/v2/"]
    if host in {"registry-1.docker.io", "docker.io", "index.docker.io"}:
        keys += ["https://index.docker.io/v1/", "index.docker.io", "docker.io"]
    return keys


def _from_helper(program: str, host: str, runner: HelperRunner, source: str) -> Credentials | None:
    # Docker stores Hub credentials under its v1 index URL; everything else under the host.
    server = "https://index.docker.io/v1/" if "docker.io" in host else host
    out = runner(program, server)
    try:
        doc = json.loads(out) if out else None
    except ValueError:
        return None
    if not isinstance(doc, dict) or not doc.get("Secret"):
        return None
    return Credentials(doc.get("Username") or None, doc["Secret"], source=source)


def _from_auth_entry(entry: Mapping[str, object], source: str) -> Credentials | None:
    raw = entry.get("auth")
    if isinstance(raw, str) and raw:
        try:
            user, _, password = base64.b64decode(raw).decode().partition(":")
        except ValueError:
            return None
        return Credentials(user, password, source=source)
    token = entry.get("identitytoken")
    if isinstance(token, str) and token:
        # An identity token is a refresh token; registries take it as the password of the
        # `<token>` user when exchanging for an access token.
        return Credentials("<token>", token, source=source)
    return None


def _from_config(
    doc: Mapping[str, object], host: str, runner: HelperRunner, source: str
) -> Credentials | None:
    helpers = doc.get("credHelpers")
    if isinstance(helpers, dict):
        for key in _host_keys(host):
            if isinstance(helpers.get(key), str):
                return _from_helper(f"docker-credential-{helpers[key]}", host, runner, source)
    auths = doc.get("auths")
    if isinstance(auths, dict):
        for key in _host_keys(host):
            if isinstance(auths.get(key), dict) and (found := _from_auth_entry(auths[key], source)):
                return found
    store = doc.get("credsStore")
    if isinstance(store, str) and store:
        return _from_helper(f"docker-credential-{store}", host, runner, source)
    return None


def resolve_credentials(
    host: str,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    runner: HelperRunner = run_helper,
) -> Credentials:
    env = os.environ if env is None else env
    user, password = env.get("CICACHE_REGISTRY_USERNAME"), env.get("CICACHE_REGISTRY_PASSWORD")
    if user and password:
        return Credentials(user, password, source="CICACHE_REGISTRY_USERNAME")
    if env.get("CICACHE_REGISTRY_TOKEN"):
        return Credentials(token=env["CICACHE_REGISTRY_TOKEN"], source="CICACHE_REGISTRY_TOKEN")
    for path in _config_paths(env, home or Path.home()):
        try:
            doc = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict) and (found := _from_config(doc, host, runner, str(path))):
            return found
    return ANONYMOUS
