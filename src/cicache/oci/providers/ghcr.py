"""GHCR (ghcr.io): the GitHub Packages REST API for timestamps and deletion.

GHCR refuses OCI manifest deletes (405), so a manifest goes by deleting its package
*version* (`DELETE /{orgs|users}/{owner}/packages/container/{pkg}/versions/{id}`). A version
carries all its tags, so to remove one tag of several we first point that tag at a unique
throwaway manifest, then delete that manifest's version (reference oci-registries.md §2.4).
Token: `CICACHE_GITHUB_TOKEN` or `GITHUB_TOKEN` with `read:packages` + `delete:packages`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from cicache.errors import RegistryError
from cicache.oci.buildkit import parse_time
from cicache.oci.client import RegistryClient
from cicache.oci.providers.rest import RestApi

__all__ = ["Ghcr"]

API = "https://api.github.com"
MAX_PAGES = 1000


class Ghcr:
    name = "ghcr"

    def __init__(self, client: RegistryClient, token: str | None) -> None:
        self.client = client
        self.token = token
        self.api = RestApi(client, API, token, "CICACHE_GITHUB_TOKEN")
        self._owner_kind: dict[str, str] = {}

    def _versions_path(self, repo: str) -> str:
        owner, _, package = repo.partition("/")
        kind = self._owner_kind.get(owner, "orgs")
        return f"/{kind}/{owner}/packages/container/{quote(package, safe='')}/versions"

    def versions(self, repo: str) -> list[dict[str, Any]]:
        """Package versions (`id`, `name` = digest, `updated_at`, `metadata.container.tags`)."""
        owner = repo.partition("/")[0]
        out: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            params = {"per_page": "100", "page": str(page), "state": "active"}
            r = self.api.call(
                "GET", self._versions_path(repo), repo=repo, params=params, allow=(404,)
            )
            if r.status_code == 404 and owner not in self._owner_kind:
                self._owner_kind[owner] = "users"  # not an organisation: a user's package
                return self.versions(repo)
            if r.status_code == 404:
                raise RegistryError(f"GitHub has no container package for {repo}")
            batch = [v for v in self.api.json(r, repo) if isinstance(v, dict)]
            out += batch
            if len(batch) < 100:
                break
        return out

    @staticmethod
    def _tags(version: dict[str, Any]) -> list[str]:
        meta = version.get("metadata") or {}
        return list((meta.get("container") or {}).get("tags") or [])

    def tag_times(self, repo: str) -> dict[str, datetime]:
        if not self.token:
            return {}  # the packages API needs a token even for public packages' versions
        times = {}
        for v in self.versions(repo):
            stamp = parse_time(str(v.get("updated_at") or v.get("created_at") or ""))
            times.update({t: stamp for t in self._tags(v) if stamp})
        return times

    def _delete_version(self, repo: str, digest: str) -> None:
        match = [v for v in self.versions(repo) if v.get("name") == digest]
        if not match:
            raise RegistryError(f"GitHub lists no package version {digest[:19]} for {repo}")
        path = f"{self._versions_path(repo)}/{match[0]['id']}"
        self.api.call("DELETE", path, repo=repo, ok=(204,))

    def delete_manifest(self, repo: str, digest: str, tags: tuple[str, ...]) -> None:
        self._delete_version(repo, digest)

    def delete_tag(self, repo: str, tag: str, digest: str) -> None:
        self._delete_version(repo, self.client.isolate_tag(repo, tag))
