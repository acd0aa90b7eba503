"""Blob transfer: HEAD before upload, cross-repo mount, monolithic or chunked upload, and
downloads verified against their digest.

distribution 2.8 ignores the `Content-Range` start of a PATCH and encodes the offset in the
`_state` of `Location`, so every chunk uses the latest `Location` and the final PUT's digest
check is the safety net (reference oci-registries.md §2.1).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

import httpx

from cicache.errors import RegistryError
from cicache.oci.manifest import sha256_digest
from cicache.oci.transport import Transport

__all__ = ["CHUNK_SIZE", "blob_size", "get_blob", "get_blob_stream", "push_blob"]

# GHCR rejects PATCH bodies over 4 MiB (reference §2.4); one chunk size for every registry.
CHUNK_SIZE = 4 * 1024 * 1024
READ_SIZE = 1024 * 1024


def blob_size(t: Transport, repo: str, digest: str) -> int | None:
    """Size of the blob if the repository has it, else None."""
    response = t.request("HEAD", f"/v2/{repo}/blobs/{digest}", repo=repo, allow=(404,))
    if response.status_code == 404:
        return None
    return int(response.headers.get("content-length", "0"))


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(READ_SIZE):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def _location(response: httpx.Response, host: str) -> str:
    loc: str | None = response.headers.get("location")
    if not loc:
        raise RegistryError(f"registry {host} started an upload without a Location")
    return urljoin(str(response.request.url), loc)


def _with_digest(location: str, digest: str) -> str:
    return f"{location}{'&' if '?' in location else '?'}digest={digest}"


def _start(t: Transport, repo: str, digest: str, mount_from: str | None) -> str | None:
    """Open an upload session; None when a mount already made the blob present."""
    params = {"mount": digest, "from": mount_from} if mount_from else None
    response = t.request(
        "POST",
        f"/v2/{repo}/blobs/uploads/",
        repo=repo,
        actions="pull,push",
        ok=(201, 202),
        params=params,
    )
    return None if response.status_code == 201 else _location(response, t.host)


def _send_part(t: Transport, repo: str, method: str, url: str, body: bytes, span: str = "") -> str:
    """One PATCH (with a `Content-Range` span) or the closing PUT; never retried on its own."""
    headers = {"Content-Type": "application/octet-stream"}
    if span:
        headers["Content-Range"] = span
    ok = (202,) if method == "PATCH" else (201,)
    response = t.request(
        method,
        url,
        repo=repo,
        actions="pull,push",
        ok=ok,
        headers=headers,
        content=body,
        retry=False,
    )
    return _location(response, t.host) if method == "PATCH" else url


def _upload_chunks(t: Transport, repo: str, location: str, fh: BinaryIO, digest: str) -> None:
    chunk, offset = fh.read(CHUNK_SIZE), 0
    while chunk:
        following = fh.read(CHUNK_SIZE)
        if not following:  # the last chunk goes with the closing PUT
            break
        end = offset + len(chunk) - 1
        location = _send_part(t, repo, "PATCH", location, chunk, f"{offset}-{end}")
        offset, chunk = end + 1, following
    _send_part(t, repo, "PUT", _with_digest(location, digest), chunk)


def _upload(t: Transport, repo: str, location: str, data: bytes | Path, digest: str) -> None:
    if isinstance(data, bytes) and len(data) <= CHUNK_SIZE:
        _send_part(t, repo, "PUT", _with_digest(location, digest), data)
    elif isinstance(data, bytes):
        _upload_chunks(t, repo, location, io.BytesIO(data), digest)
    else:
        with data.open("rb") as fh:
            _upload_chunks(t, repo, location, fh, digest)


def _cancel(t: Transport, repo: str, location: str) -> None:
    with contextlib.suppress(RegistryError):
        t.request("DELETE", location, repo=repo, actions="pull,push", ok=(204,), allow=(404,))


def push_blob(
    t: Transport,
    repo: str,
    data: bytes | Path,
    digest: str | None = None,
    mount_from: str | None = None,
) -> tuple[str, int]:
    """Upload `data` (bytes or a file) unless present; returns (digest, size).

    A failed upload is cancelled and started over in a fresh session (chunks are never
    resent into the same session: distribution 2.8 would append them twice), up to the
    transport's retry attempts; if the blob turns up meanwhile (another writer, or our last
    PUT landed before the connection broke) that counts as done.
    """
    if isinstance(data, Path):
        digest, size = digest or _file_digest(data), data.stat().st_size
    else:
        digest, size = digest or sha256_digest(data), len(data)
    if blob_size(t, repo, digest) is not None:
        return digest, size
    for attempt in range(t.retry.attempts):
        location = _start(t, repo, digest, mount_from if attempt == 0 else None)
        if location is None:
            return digest, size
        try:
            _upload(t, repo, location, data, digest)
            return digest, size
        except RegistryError:
            _cancel(t, repo, location)
            # Concurrent uploads of one blob can fail on distribution 2.8 (DIGEST_INVALID at
            # the closing PUT) while another writer's copy lands: that blob is what we wanted.
            if blob_size(t, repo, digest) is not None:
                return digest, size
            if attempt == t.retry.attempts - 1:
                raise
            t.backoff(attempt)
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def get_blob_stream(t: Transport, repo: str, digest: str) -> Iterator[Iterator[bytes]]:
    """Stream a blob; the digest is checked when the stream is exhausted."""
    response = t.request("GET", f"/v2/{repo}/blobs/{digest}", repo=repo, stream=True)
    try:
        yield _verified(response, digest, t.host)
    finally:
        response.close()


def _verified(response: httpx.Response, digest: str, host: str) -> Iterator[bytes]:
    h = hashlib.sha256()
    try:
        for chunk in response.iter_bytes(READ_SIZE):
            h.update(chunk)
            yield chunk
    except httpx.TransportError as exc:
        raise RegistryError(
            f"registry {host} broke off blob {digest[:19]}: {exc.__class__.__name__}"
        ) from exc
    if "sha256:" + h.hexdigest() != digest:
        raise RegistryError(f"registry {host} sent blob {digest[:19]} with a different digest")


def get_blob(t: Transport, repo: str, digest: str, max_size: int | None = None) -> bytes:
    """A whole (small) blob in memory, verified."""
    response = t.request("GET", f"/v2/{repo}/blobs/{digest}", repo=repo)
    data = response.content
    if max_size is not None and len(data) > max_size:
        raise RegistryError(f"blob {digest[:19]} in {repo} is larger than {max_size} bytes")
    if sha256_digest(data) != digest:
        raise RegistryError(f"registry {t.host} sent blob {digest[:19]} with a different digest")
    return data
