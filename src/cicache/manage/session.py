"""One cache repository opened for management: the client, the provider, the knobs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from cicache.oci.client import RegistryClient, default_http_client
from cicache.oci.credentials import Credentials
from cicache.oci.providers import Provider, get_provider
from cicache.oci.reference import RepoRef, parse_repo_ref

__all__ = ["RepoSession", "open_session"]


@dataclass
class RepoSession:
    repo: RepoRef
    client: RegistryClient
    provider: Provider
    concurrency: int

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> RepoSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_session(
    registry: str,
    *,
    insecure: bool = False,
    provider: str | None = None,
    concurrency: int = 16,
    http: httpx.Client | None = None,
    credentials: Credentials | None = None,
    env: Mapping[str, str] | None = None,
) -> RepoSession:
    """Open `HOST[:PORT]/REPO`; `http` and `credentials` are injectable for tests."""
    repo = parse_repo_ref(registry)
    client = RegistryClient(
        repo.host,
        http=http or default_http_client(concurrency),
        credentials=credentials,
        insecure=insecure,
    )
    chosen = get_provider(client, os.environ if env is None else env, provider)
    return RepoSession(repo, client, chosen, concurrency)
