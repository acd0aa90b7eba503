"""A vendor REST API reached through the same injected `httpx.Client`, with the registry
transport's retries and one-line errors (`registry quay.io answered 401 for org/repo: ...`)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

import httpx

from cicache.errors import RegistryError
from cicache.oci.client import RegistryClient
from cicache.oci.credentials import Credentials
from cicache.oci.transport import Transport

__all__ = ["RestApi"]


class RestApi:
    def __init__(
        self, client: RegistryClient, base: str, token: str | None, token_env: str
    ) -> None:
        host = httpx.URL(base).host
        self.base = base.rstrip("/")
        self.token_env = token_env
        self.transport = Transport(
            host,
            client.http,
            Credentials(token=token, source=token_env) if token else Credentials(),
            retry=client.transport.retry,
            hint_401=f"set {token_env} to an API token with the needed scopes",
        )

    def call(
        self,
        method: str,
        path: str,
        *,
        repo: str,
        ok: Collection[int] = (200,),
        allow: Collection[int] = (),
        body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        url = path if "://" in path else f"{self.base}{path}"
        headers = {"Accept": "application/json"}
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(body).encode()
        return self.transport.request(
            method,
            url,
            repo=repo,
            ok=ok,
            allow=allow,
            headers=headers,
            content=content,
            params=params,
        )

    def json(self, response: httpx.Response, repo: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise RegistryError(
                f"{self.transport.host} sent a malformed answer for {repo}"
            ) from None
