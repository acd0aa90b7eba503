"""The registry client: one host, one injected `httpx.Client`, methods per operation.

This is the API other layers use (status/prune here, the OCI native-cache store elsewhere):
`list_tags`, `get_manifest`/`find_manifest`/`head_manifest`, `put_manifest`,
`delete_manifest`, `delete_tag`, `push_blob`, `get_blob`, `get_blob_stream`, `blob_size`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, suppress
from datetime import UTC, datetime
from pathlib import Path

import httpx

from cicache.errors import RegistryError
from cicache.oci import blobs, mediatypes, tags
from cicache.oci.credentials import Credentials, resolve_credentials
from cicache.oci.manifest import Manifest
from cicache.oci.transport import RetryPolicy, Transport

__all__ = ["RegistryClient", "default_http_client"]

_ACCEPT = {"Accept": mediatypes.MANIFEST_ACCEPT}
EMPTY_CONFIG = b"{}"


def default_http_client(concurrency: int = 16, timeout: float = 30.0) -> httpx.Client:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0), limits=limits)


class RegistryClient:
    def __init__(
        self,
        host: str,
        *,
        http: httpx.Client | None = None,
        credentials: Credentials | None = None,
        insecure: bool = False,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.host = host
        self.http = http or default_http_client()
        creds = credentials if credentials is not None else resolve_credentials(host)
        self.transport = Transport(host, self.http, creds, insecure=insecure, retry=retry)

    def close(self) -> None:
        self.http.close()

    # -- tags -------------------------------------------------------------------------------
    def list_tags(self, repo: str) -> list[str]:
        return tags.list_tags(self.transport, repo)

    # -- manifests --------------------------------------------------------------------------
    def find_manifest(self, repo: str, reference: str) -> Manifest | None:
        """The manifest, or None when the tag or digest does not exist."""
        r = self.transport.request(
            "GET", f"/v2/{repo}/manifests/{reference}", repo=repo, headers=_ACCEPT, allow=(404,)
        )
        if r.status_code == 404:
            return None
        return Manifest.from_bytes(r.content, r.headers.get("content-type", ""))

    def get_manifest(self, repo: str, reference: str) -> Manifest:
        found = self.find_manifest(repo, reference)
        if found is None:
            sep = "@" if reference.startswith("sha256:") else ":"
            raise RegistryError(f"{self.host}/{repo}{sep}{reference} not found")
        return found

    def head_manifest(self, repo: str, reference: str) -> str | None:
        """The digest a tag points at (HEAD: not counted as a pull on Docker Hub), or None."""
        r = self.transport.request(
            "HEAD", f"/v2/{repo}/manifests/{reference}", repo=repo, headers=_ACCEPT, allow=(404,)
        )
        if r.status_code == 404:
            return None
        return r.headers.get("docker-content-digest") or self.get_manifest(repo, reference).digest

    def put_manifest(self, repo: str, reference: str, raw: bytes, media_type: str) -> str:
        """PUT a manifest. A `MANIFEST_BLOB_UNKNOWN` answer is retried with backoff: while
        another writer commits the same blob, distribution 2.8 rewrites the repository's link
        file in place, and a concurrent manifest check reads it empty."""
        headers = {"Content-Type": media_type}
        for attempt in range(self.transport.retry.attempts):
            response = self.transport.request(
                "PUT",
                f"/v2/{repo}/manifests/{reference}",
                repo=repo,
                actions="pull,push",
                ok=(201,),
                allow=(400,),
                headers=headers,
                content=raw,
            )
            if response.status_code == 201:
                break
            last = attempt == self.transport.retry.attempts - 1
            if last or "MANIFEST_BLOB_UNKNOWN" not in response.text:
                raise self.transport.status_error(response, repo)
            self.transport.backoff(attempt)
        return Manifest.from_bytes(raw).digest

    def _delete(self, repo: str, path: str) -> None:
        """DELETE that treats an already missing object as done."""
        self.transport.request(
            "DELETE", path, repo=repo, actions="delete", ok=(202, 200, 204), allow=(404,)
        )

    def delete_manifest(self, repo: str, digest: str) -> None:
        """Delete by digest: on most registries every tag pointing at it goes too."""
        self._delete(repo, f"/v2/{repo}/manifests/{digest}")

    def delete_tag(self, repo: str, tag: str) -> None:
        """Remove one tag and only that tag.

        Try the tag DELETE (quay, distribution v3); where it is refused (distribution 2.8
        answers 400 DIGEST_INVALID, others 405) push a unique throwaway manifest to the tag and
        delete that by digest, which leaves other tags on the old manifest alone (what
        `regctl tag rm` does; reference oci-registries.md §2.1).
        """
        r = self.transport.request(
            "DELETE",
            f"/v2/{repo}/manifests/{tag}",
            repo=repo,
            actions="delete",
            ok=(202, 200, 204),
            allow=(400, 404, 405),
        )
        if r.status_code in (400, 405):
            original = self.find_manifest(repo, tag)
            if original is None:
                return  # already gone
            marker = self.isolate_tag(repo, tag)
            try:
                self.delete_manifest(repo, marker)
            except RegistryError:  # deletes disabled: put the tag back where it was
                with suppress(RegistryError):
                    self.put_manifest(repo, tag, original.raw, original.media_type)
                raise

    def isolate_tag(self, repo: str, tag: str) -> str:
        """Point `tag` at a unique empty manifest (so deleting it touches no other tag)."""
        config_digest, _ = self.push_blob(repo, EMPTY_CONFIG)
        doc = {
            "schemaVersion": 2,
            "mediaType": mediatypes.OCI_MANIFEST,
            "config": {
                "mediaType": mediatypes.OCI_EMPTY,
                "digest": config_digest,
                "size": len(EMPTY_CONFIG),
            },
            "layers": [],
            "annotations": {
                "org.opencontainers.image.created": datetime.now(UTC).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                ),
                "dev.cicache.delete-marker": secrets.token_hex(16),
            },
        }
        raw = json.dumps(doc, separators=(",", ":")).encode()
        return self.put_manifest(repo, tag, raw, mediatypes.OCI_MANIFEST)

    # -- blobs ------------------------------------------------------------------------------
    def blob_size(self, repo: str, digest: str) -> int | None:
        return blobs.blob_size(self.transport, repo, digest)

    def push_blob(
        self,
        repo: str,
        data: bytes | Path,
        digest: str | None = None,
        mount_from: str | None = None,
    ) -> tuple[str, int]:
        return blobs.push_blob(self.transport, repo, data, digest, mount_from)

    def get_blob(self, repo: str, digest: str, max_size: int | None = None) -> bytes:
        return blobs.get_blob(self.transport, repo, digest, max_size)

    def get_blob_stream(self, repo: str, digest: str) -> AbstractContextManager[Iterator[bytes]]:
        return blobs.get_blob_stream(self.transport, repo, digest)

    def delete_blob(self, repo: str, digest: str) -> None:
        self._delete(repo, f"/v2/{repo}/blobs/{digest}")
