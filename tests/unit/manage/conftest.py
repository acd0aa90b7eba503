"""Fixtures for manage unit tests: a repository session over the in-memory registry."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "oci"))

from fake_registry import FakeRegistry

from cicache.manage.session import RepoSession
from cicache.oci.client import RegistryClient
from cicache.oci.credentials import Credentials
from cicache.oci.providers.distribution import Distribution
from cicache.oci.reference import RepoRef
from cicache.oci.transport import RetryPolicy

REPO = "ci-cache"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def seed_cache(
    fake: FakeRegistry, tag: str, layers: list[bytes], created: str | None, form: str = "image"
) -> str:
    notes = {"buildkit/createdat": created} if created else {}
    descs = [
        {"mediaType": LAYER, "digest": d, "size": s, "annotations": notes}
        for d, s in (fake.put_blob(REPO, data) for data in layers)
    ]
    cd, cs = fake.put_blob(REPO, b'{"layers":[],"records":[]}' + tag.encode())
    cfg = {"mediaType": "application/vnd.buildkit.cacheconfig.v0", "digest": cd, "size": cs}
    if form == "image":
        doc: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": cfg,
            "layers": descs,
        }
    else:
        doc = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [*descs, cfg],
        }
    return fake.put_manifest(REPO, tag, doc)


def seed_image(fake: FakeRegistry, tag: str) -> str:
    cd, cs = fake.put_blob(REPO, b'{"os":"linux"}')
    ld, ls = fake.put_blob(REPO, b"base layer")
    doc = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": cd,
            "size": cs,
        },
        "layers": [{"mediaType": LAYER, "digest": ld, "size": ls}],
    }
    return fake.put_manifest(REPO, tag, doc)


@pytest.fixture
def fake() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture
def session(fake: FakeRegistry) -> RepoSession:
    client = RegistryClient(
        fake.host, http=fake.client(), credentials=Credentials(), retry=RetryPolicy(backoff=0)
    )
    return RepoSession(RepoRef(fake.host, REPO), client, Distribution(client), concurrency=4)


@pytest.fixture
def seeded(fake: FakeRegistry) -> FakeRegistry:
    """cache-a (shared manifest with cache-a-main), cache-b (index form), cache-old, base image."""
    digest = seed_cache(fake, "cache-a", [b"A" * 100, b"S" * 50], "2026-11-20T00:00:00Z")
    fake.repo(REPO).tags["cache-a-main"] = digest
    seed_cache(fake, "cache-b", [b"B" * 200, b"S" * 50], "2026-11-25T00:00:00Z", form="index")
    seed_cache(fake, "cache-old", [b"O" * 300], "2026-08-01T00:00:00Z")
    seed_cache(fake, "cache-noage", [b"N" * 10], None)
    seed_image(fake, "base")
    return fake
