"""The OCI store over the in-memory registry of the oci unit tests (no sockets)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "oci"))

from fake_registry import FakeRegistry

from cicache.keys.resolve import ResolvedKey
from cicache.native.restore import restore
from cicache.native.save import save
from cicache.native.spec import CacheSpec
from cicache.oci.client import RegistryClient
from cicache.oci.credentials import Credentials
from cicache.oci.transport import RetryPolicy
from cicache.store.entry import Writer
from cicache.store.oci import ARTIFACT_TYPE, OciStore, tag_of

SPEC = CacheSpec("wheels", ("deps",), "k")
WRITER = Writer("push", "refs/heads/main", "abc", "7", "github")


@pytest.fixture
def store() -> OciStore:
    fake = FakeRegistry()
    client = RegistryClient(
        fake.host, http=fake.client(), credentials=Credentials(), retry=RetryPolicy(1, 0.0)
    )
    return OciStore(client, "ci/native")


def tree(root: Path) -> Path:
    (root / "deps" / "sub").mkdir(parents=True)
    (root / "deps" / "sub" / "a.txt").write_text("a" * 100_000)
    (root / "deps" / "link").symlink_to("sub/a.txt")
    return root


def test_save_list_restore_delete(store: OciStore, tmp_path: Path) -> None:
    root = tree(tmp_path)
    result = save(SPEC, "wheels-1", store, root=root, writer=WRITER, part_size=1 << 16)
    assert result.status == "saved", result.message
    [entry] = store.list()
    assert (entry.key, entry.cache, entry.writer) == ("wheels-1", "wheels", WRITER)
    manifest = json.loads(store.client.get_manifest("ci/native", tag_of(entry)).raw)
    assert manifest["artifactType"] == ARTIFACT_TYPE
    assert manifest["annotations"]["dev.cicache.key"] == "wheels-1"
    (root / "deps" / "sub" / "a.txt").write_text("changed")
    got = restore(
        SPEC,
        ResolvedKey("wheels-2", ("wheels-",)),
        store,
        root=root,
        trusted=lambda e: True,
        quiet=True,
    )
    assert (got.matched_key, got.exact, got.warning) == ("wheels-1", False, "")
    assert (root / "deps" / "link").read_text() == "a" * 100_000
    store.delete(entry)
    assert store.list() == []


def test_second_save_of_a_key_is_skipped(store: OciStore, tmp_path: Path) -> None:
    root = tree(tmp_path)
    assert save(SPEC, "k", store, root=root, writer=WRITER).status == "saved"
    assert save(SPEC, "k", store, root=root, writer=WRITER).status == "exists"


def test_foreign_tags_are_ignored(store: OciStore, tmp_path: Path) -> None:
    store.client.isolate_tag("ci/native", "native-notours")
    store.client.isolate_tag("ci/native", "latest")
    assert store.list() == []
