"""Docker Hub: the Hub REST API for tag times (`tag_last_pushed`) and single-tag delete.

Auth: `POST https://hub.docker.com/v2/auth/token {"identifier", "secret"}` with a personal
access token (`CICACHE_DOCKERHUB_USERNAME` + `CICACHE_DOCKERHUB_TOKEN`, else the registry
credentials). Digest delete is refused by Hub (405), so manifests go tag by tag.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cicache.errors import RegistryError
from cicache.oci.buildkit import parse_time
from cicache.oci.client import RegistryClient
from cicache.oci.providers.rest import RestApi

__all__ = ["DockerHub"]

HUB = "https://hub.docker.com"
MAX_PAGES = 1000


class DockerHub:
    name = "dockerhub"

    def __init__(self, client: RegistryClient, username: str | None, token: str | None) -> None:
        creds = client.transport.auth.credentials
        self.client = client
        self.identifier = username or creds.username
        self.secret = token or creds.password
        self._api: RestApi | None = None

    @property
    def api(self) -> RestApi:
        if self._api is None:
            self._api = RestApi(self.client, HUB, self._login(), "CICACHE_DOCKERHUB_TOKEN")
        return self._api

    def _login(self) -> str:
        if not (self.identifier and self.secret):
            raise RegistryError(
                "Docker Hub API needs credentials",
                hint="set CICACHE_DOCKERHUB_USERNAME and CICACHE_DOCKERHUB_TOKEN (an access token)",
            )
        anon = RestApi(self.client, HUB, None, "CICACHE_DOCKERHUB_TOKEN")
        body = {"identifier": self.identifier, "secret": self.secret}
        doc = anon.json(anon.call("POST", "/v2/auth/token", repo="auth", body=body), "auth")
        token = doc.get("access_token") if isinstance(doc, dict) else None
        if not isinstance(token, str):
            raise RegistryError("Docker Hub sent no access token")
        return token

    def tags(self, repo: str) -> list[dict[str, Any]]:
        ns, _, name = repo.partition("/")
        url: str | None = f"/v2/namespaces/{ns}/repositories/{name}/tags?page_size=100"
        out: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if not url:
                break
            doc = self.api.json(self.api.call("GET", url, repo=repo), repo)
            out += [t for t in doc.get("results") or [] if isinstance(t, dict)]
            url = doc.get("next")
        return out

    def tag_times(self, repo: str) -> dict[str, datetime]:
        if not (self.identifier and self.secret):
            return {}
        times = {}
        for t in self.tags(repo):
            stamp = parse_time(str(t.get("tag_last_pushed") or t.get("last_updated") or ""))
            if stamp:
                times[str(t.get("name"))] = stamp
        return times

    def delete_tag(self, repo: str, tag: str, digest: str) -> None:
        ns, _, name = repo.partition("/")
        path = f"/v2/repositories/{ns}/{name}/tags/{tag}/"
        self.api.call("DELETE", path, repo=repo, ok=(204, 200), allow=(404,))

    def delete_manifest(self, repo: str, digest: str, tags: tuple[str, ...]) -> None:
        for tag in tags:
            self.delete_tag(repo, tag, digest)
