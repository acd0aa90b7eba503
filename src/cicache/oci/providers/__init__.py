"""Registry providers: tag deletion and tag metadata where the OCI API falls short.

A provider is chosen by registry host (or named in config / `--provider`). Adding one: a
module implementing `Provider`, one line in `PROVIDERS`, one line in `HOSTS` if it has a
well-known host.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol

from cicache.errors import UsageError
from cicache.oci.client import RegistryClient
from cicache.oci.providers.distribution import Distribution
from cicache.oci.providers.dockerhub import DockerHub
from cicache.oci.providers.ghcr import Ghcr
from cicache.oci.providers.quay import Quay

__all__ = ["HOSTS", "PROVIDERS", "Provider", "get_provider", "provider_name"]


class Provider(Protocol):
    name: str

    def tag_times(self, repo: str) -> dict[str, datetime]:
        """Last-written time per tag, where the registry keeps one ({} when it does not)."""
        ...

    def delete_tag(self, repo: str, tag: str, digest: str) -> None:
        """Remove `tag` only; other tags on `digest` must survive."""
        ...

    def delete_manifest(self, repo: str, digest: str, tags: tuple[str, ...]) -> None:
        """Remove the manifest `digest` and all its `tags` (all of them are meant to go)."""
        ...


Factory = Callable[[RegistryClient, Mapping[str, str]], Provider]


def _distribution(client: RegistryClient, env: Mapping[str, str]) -> Provider:
    return Distribution(client)


def _quay(client: RegistryClient, env: Mapping[str, str]) -> Provider:
    return Quay(client, env.get("CICACHE_QUAY_TOKEN"))


def _ghcr(client: RegistryClient, env: Mapping[str, str]) -> Provider:
    return Ghcr(client, env.get("CICACHE_GITHUB_TOKEN") or env.get("GITHUB_TOKEN"))


def _dockerhub(client: RegistryClient, env: Mapping[str, str]) -> Provider:
    user, token = env.get("CICACHE_DOCKERHUB_USERNAME"), env.get("CICACHE_DOCKERHUB_TOKEN")
    return DockerHub(client, user, token)


PROVIDERS: dict[str, Factory] = {
    "distribution": _distribution,
    "quay": _quay,
    "ghcr": _ghcr,
    "dockerhub": _dockerhub,
}
HOSTS: dict[str, str] = {
    "quay.io": "quay",
    "ghcr.io": "ghcr",
    "registry-1.docker.io": "dockerhub",
}


def provider_name(host: str, configured: str | None = None) -> str:
    name = configured or HOSTS.get(host, "distribution")
    if name not in PROVIDERS:
        known = ", ".join(sorted(PROVIDERS))
        raise UsageError(f"unknown registry provider `{name}`", hint=f"use one of: {known}")
    return name


def get_provider(
    client: RegistryClient, env: Mapping[str, str], configured: str | None = None
) -> Provider:
    return PROVIDERS[provider_name(client.host, configured)](client, env)
