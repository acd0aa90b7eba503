"""quay.io / Red Hat Quay: REST tag list (`start_ts`, `last_modified`), tag delete, expiration.

The REST API (`/api/v1`) takes an OAuth application token only (`CICACHE_QUAY_TOKEN`), not
robot credentials (reference oci-registries.md §2.3). Without one, quay's v2 API still
deletes single tags (`DELETE /v2/<repo>/manifests/<tag>`), so deletion works either way;
only timestamps need the token.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from cicache.oci.client import RegistryClient
from cicache.oci.providers.rest import RestApi

__all__ = ["Quay"]

PAGE_LIMIT = 100  # the API's maximum
MAX_PAGES = 1000


class Quay:
    name = "quay"

    def __init__(self, client: RegistryClient, token: str | None) -> None:
        self.client = client
        self.token = token
        self.api = RestApi(client, f"https://{client.host}/api/v1", token, "CICACHE_QUAY_TOKEN")

    def _tags_path(self, repo: str, tag: str = "") -> str:
        return f"/repository/{repo}/tag/" + (quote(tag, safe="") if tag else "")

    def list_tags(self, repo: str) -> list[dict[str, object]]:
        """Active tags with `name`, `manifest_digest`, `start_ts`, `last_modified`, `expiration`."""
        out: list[dict[str, object]] = []
        for page in range(1, MAX_PAGES + 1):
            params = {"page": str(page), "limit": str(PAGE_LIMIT), "onlyActiveTags": "true"}
            doc = self.api.json(
                self.api.call("GET", self._tags_path(repo), repo=repo, params=params), repo
            )
            out += [t for t in doc.get("tags", []) if isinstance(t, dict)]
            if not doc.get("has_additional"):
                break
        return out

    def tag_times(self, repo: str) -> dict[str, datetime]:
        if not self.token:
            return {}
        times = {}
        for tag in self.list_tags(repo):
            start = tag.get("start_ts")
            if isinstance(start, int | float):
                times[str(tag["name"])] = datetime.fromtimestamp(start, UTC)
        return times

    def delete_tag(self, repo: str, tag: str, digest: str) -> None:
        if not self.token:
            self.client.delete_tag(repo, tag)  # quay's v2 tag DELETE removes just that tag
            return
        self.api.call("DELETE", self._tags_path(repo, tag), repo=repo, ok=(204, 200), allow=(404,))

    def delete_manifest(self, repo: str, digest: str, tags: tuple[str, ...]) -> None:
        for tag in tags:
            self.delete_tag(repo, tag, digest)

    def set_expiration(self, repo: str, tag: str, when: datetime | None) -> None:
        """Let quay expire `tag` at `when` (None clears the expiration)."""
        body = {"expiration": int(when.timestamp()) if when else None}
        self.api.call("PUT", self._tags_path(repo, tag), repo=repo, ok=(200, 201), body=body)
