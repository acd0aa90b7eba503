"""Any OCI distribution registry (distribution 2.8/3.x, zot, Harbor, ACR...): v2 API only.

No timestamps; tag-only delete via `RegistryClient.delete_tag` (tag DELETE, else the
temporary-manifest trick).
"""

from __future__ import annotations

from datetime import datetime

from cicache.oci.client import RegistryClient

__all__ = ["Distribution"]


class Distribution:
    name = "distribution"

    def __init__(self, client: RegistryClient) -> None:
        self.client = client

    def tag_times(self, repo: str) -> dict[str, datetime]:
        return {}

    def delete_tag(self, repo: str, tag: str, digest: str) -> None:
        self.client.delete_tag(repo, tag)

    def delete_manifest(self, repo: str, digest: str, tags: tuple[str, ...]) -> None:
        self.client.delete_manifest(repo, digest)
