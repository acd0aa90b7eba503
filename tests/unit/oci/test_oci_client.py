"""RegistryClient against the in-memory registry: retries, errors, uploads, deletes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_registry import FakeRegistry, digest_of

from cicache.errors import RegistryError
from cicache.oci import blobs
from cicache.oci.client import RegistryClient
from cicache.oci.credentials import Credentials
from cicache.oci.mediatypes import OCI_MANIFEST
from cicache.oci.transport import RetryPolicy, Transport

Make = Callable[..., RegistryClient]


def _image(fake: FakeRegistry, repo: str, tag: str, layer: bytes) -> str:
    cd, cs = fake.put_blob(repo, b"{}")
    ld, ls = fake.put_blob(repo, layer)
    doc: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": cd,
            "size": cs,
        },
        "layers": [
            {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": ld, "size": ls}
        ],
    }
    return fake.put_manifest(repo, tag, doc)


def test_retries_5xx_then_succeeds(fake: FakeRegistry, make_client: Make) -> None:
    _image(fake, "r", "t", b"x")
    fake.fail = [500, 503]
    assert make_client(fake).list_tags("r") == ["t"]
    assert len(fake.requests) == 3


def test_gives_up_after_attempts_with_one_line(fake: FakeRegistry, make_client: Make) -> None:
    fake.fail = [503, 503, 503, 503]
    with pytest.raises(RegistryError) as info:
        make_client(fake).list_tags("r")
    assert info.value.message == "registry fake.test:5000 answered 503 for r: UNAVAILABLE: injected"


def test_retry_after_is_honoured() -> None:
    answers = [
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(200, json={"tags": ["a"]}),
    ]
    waits: list[float] = []
    http = httpx.Client(transport=httpx.MockTransport(lambda r: answers.pop(0)))
    t = Transport("h", http, Credentials(), retry=RetryPolicy(attempts=3), sleep=waits.append)
    assert t.request("GET", "/v2/r/tags/list", repo="r").json() == {"tags": ["a"]}
    assert waits == [7.0]


def test_connection_errors_are_retried_then_reported(make_client: Make) -> None:
    calls = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused")

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    client = RegistryClient(
        "down:5000", http=http, credentials=Credentials(), retry=RetryPolicy(backoff=0)
    )
    with pytest.raises(RegistryError) as info:
        client.list_tags("r")
    assert info.value.message == "registry down:5000 is unreachable: connection refused"
    assert len(calls) == 4


def test_401_names_host_and_repo(make_client: Make) -> None:
    fake = FakeRegistry(auth=("ciuser", "cipass"))
    with pytest.raises(RegistryError) as info:
        make_client(fake).list_tags("ci-cache")
    assert (
        info.value.message
        == "registry fake.test:5000 answered 401 for ci-cache: check credentials (UNAUTHORIZED)"
    )
    assert info.value.hint and "CICACHE_REGISTRY_USERNAME" in info.value.hint
    assert make_client(fake, Credentials("ciuser", "cipass")).list_tags("ci-cache") == []


def test_missing_manifest(fake: FakeRegistry, make_client: Make) -> None:
    client = make_client(fake)
    assert client.find_manifest("r", "nope") is None
    with pytest.raises(RegistryError, match=r"^fake.test:5000/r:nope not found$"):
        client.get_manifest("r", "nope")


def test_manifest_is_byte_exact(fake: FakeRegistry, make_client: Make) -> None:
    digest = _image(fake, "r", "t", b"layer")
    m = make_client(fake).get_manifest("r", "t")
    assert m.digest == digest == digest_of(m.raw)
    assert m.media_type == OCI_MANIFEST
    assert make_client(fake).head_manifest("r", "t") == digest


def test_push_blob_heads_first_and_skips_present(fake: FakeRegistry, make_client: Make) -> None:
    client = make_client(fake)
    digest, size = client.push_blob("r", b"hello")
    assert (digest, size) == (digest_of(b"hello"), 5)
    before = len(fake.requests)
    client.push_blob("r", b"hello")
    assert [r.method for r in fake.requests[before:]] == ["HEAD"]


def test_chunked_upload_of_a_file(
    fake: FakeRegistry, make_client: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blobs, "CHUNK_SIZE", 1000)
    data = bytes(range(256)) * 10  # 2560 bytes: 2 PATCHes + a final PUT
    path = tmp_path / "blob"
    path.write_bytes(data)
    digest, size = make_client(fake).push_blob("r", path)
    assert fake.repo("r").blobs[digest] == data and size == 2560
    assert [r.method for r in fake.requests] == ["HEAD", "POST", "PATCH", "PATCH", "PUT"]
    assert fake.requests[2].headers["content-range"] == "0-999"
    assert fake.requests[3].headers["content-range"] == "1000-1999"


def test_mount_from_another_repo(fake: FakeRegistry, make_client: Make) -> None:
    digest, _ = fake.put_blob("src", b"shared")
    make_client(fake).push_blob("dst", b"shared", mount_from="src")
    assert fake.repo("dst").blobs[digest] == b"shared"
    assert [r.method for r in fake.requests] == ["HEAD", "POST"]


def test_blob_download_is_verified(fake: FakeRegistry, make_client: Make) -> None:
    digest, _ = fake.put_blob("r", b"payload")
    client = make_client(fake)
    assert client.get_blob("r", digest) == b"payload"
    with client.get_blob_stream("r", digest) as chunks:
        assert b"".join(chunks) == b"payload"
    fake.repo("r").blobs[digest] = b"tampered"
    with pytest.raises(RegistryError, match="different digest"):
        client.get_blob("r", digest)


def test_delete_tag_keeps_other_tags_on_the_manifest(fake: FakeRegistry, make_client: Make) -> None:
    digest = _image(fake, "r", "a", b"x")
    fake.repo("r").tags["b"] = digest
    client = make_client(fake)
    client.delete_tag("r", "a")
    assert fake.repo("r").tags == {"b": digest}
    assert digest in fake.repo("r").manifests


def test_delete_tag_puts_the_tag_back_when_deletes_are_disabled(
    fake: FakeRegistry, make_client: Make
) -> None:
    digest = _image(fake, "r", "a", b"x")
    fake.repo("r").tags["b"] = digest

    def no_deletes(request: httpx.Request) -> httpx.Response:  # distribution, delete disabled
        if request.method == "DELETE":
            return httpx.Response(405, json={"errors": [{"code": "UNSUPPORTED"}]})
        return fake.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(no_deletes))
    client = RegistryClient(fake.host, http=http, retry=RetryPolicy(attempts=1))
    with pytest.raises(RegistryError, match="405") as info:
        client.delete_tag("r", "a")
    assert "does not allow deletes" in str(info.value.hint)
    assert fake.repo("r").tags == {"a": digest, "b": digest}  # not left on a throwaway manifest


def test_delete_manifest_takes_every_tag(fake: FakeRegistry, make_client: Make) -> None:
    digest = _image(fake, "r", "a", b"x")
    fake.repo("r").tags["b"] = digest
    make_client(fake).delete_manifest("r", digest)
    assert fake.repo("r").tags == {}


def test_tag_pagination_follows_link() -> None:
    pages = {
        None: (["b", "a"], '</v2/r/tags/list?n=2&last=b>; rel="next"'),
        "b": (["c", "sha256-" + "f" * 64], None),
    }

    def handle(request: httpx.Request) -> httpx.Response:
        tags, link = pages[request.url.params.get("last")]
        return httpx.Response(200, json={"tags": tags}, headers={"Link": link} if link else {})

    client = RegistryClient(
        "h", http=httpx.Client(transport=httpx.MockTransport(handle)), credentials=Credentials()
    )
    assert client.list_tags("r") == ["a", "b", "c"]


def test_put_manifest_needs_its_blobs(fake: FakeRegistry, make_client: Make) -> None:
    doc = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "x", "digest": "sha256:" + "0" * 64, "size": 1},
        "layers": [],
    }
    with pytest.raises(RegistryError, match="MANIFEST_BLOB_UNKNOWN"):
        make_client(fake).put_manifest("r", "t", json.dumps(doc).encode(), OCI_MANIFEST)


def test_a_failed_chunk_restarts_the_upload_in_a_new_session(
    fake: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blobs, "CHUNK_SIZE", 1000)
    failures = {"PATCH": 1}
    seen: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        if failures.get(request.method):
            failures[request.method] -= 1
            fake.handle(request)  # the registry got the chunk, then the answer was lost
            return httpx.Response(503)
        return fake.handle(request)

    client = RegistryClient(
        fake.host,
        http=httpx.Client(transport=httpx.MockTransport(flaky)),
        credentials=Credentials(),
        retry=RetryPolicy(attempts=3, backoff=0),
    )
    data = bytes(range(256)) * 10
    path = tmp_path / "blob"
    path.write_bytes(data)
    digest, _ = client.push_blob("r", path)
    assert fake.repo("r").blobs[digest] == data
    # the broken session is cancelled, never resumed: no chunk is appended twice
    assert seen == ["HEAD", "POST", "PATCH", "DELETE", "HEAD", "POST", "PATCH", "PATCH", "PUT"]
    assert fake.uploads == {}  # the abandoned session was cancelled


def test_upload_gives_up_after_the_attempts(fake: FakeRegistry) -> None:
    def broken_put(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(
                500, json={"errors": [{"code": "UNKNOWN", "message": "disk full"}]}
            )
        return fake.handle(request)

    client = RegistryClient(
        fake.host,
        http=httpx.Client(transport=httpx.MockTransport(broken_put)),
        credentials=Credentials(),
        retry=RetryPolicy(attempts=2, backoff=0),
    )
    with pytest.raises(RegistryError, match="answered 500 for r: UNKNOWN: disk full"):
        client.push_blob("r", b"payload")
