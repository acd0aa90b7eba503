"""The OCI store against a real registry: manifest shape, truncated upload, registry dying
mid-save. Save must never fail the job and must never leave a usable-looking broken entry."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cicache.native.save import save
from cicache.native.spec import CacheSpec
from cicache.oci.client import RegistryClient
from cicache.store.entry import Writer
from cicache.store.oci import ARTIFACT_TYPE, OciStore, tag_of

pytestmark = pytest.mark.integration


def tree(root: Path) -> Path:
    (root / "deps").mkdir(parents=True)
    (root / "deps" / "blob").write_bytes(os.urandom(3 << 20))
    return root


def client(reg: Any) -> RegistryClient:
    return RegistryClient(reg.host, insecure=True)


SPEC = CacheSpec("wheels", ("deps",), "unused")
WRITER = Writer("push", "refs/heads/main", "abc123", "42", "github")


def test_manifest_carries_key_writer_and_parts(
    registry: Callable[..., Any], tmp_path: Path
) -> None:
    reg = registry()
    store = OciStore(client(reg), "native")
    result = save(SPEC, "wheels-1", store, root=tree(tmp_path), writer=WRITER, part_size=1 << 20)
    assert result.status == "saved", result.message
    [entry] = store.list()
    doc = json.loads(client(reg).get_manifest("native", tag_of(entry)).raw)
    assert doc["artifactType"] == ARTIFACT_TYPE
    notes = doc["annotations"]
    assert notes["dev.cicache.key"] == "wheels-1"
    assert (notes["dev.cicache.writer.event"], notes["dev.cicache.writer.sha"]) == (
        "push",
        "abc123",
    )
    assert [layer["digest"] for layer in doc["layers"]] == [p.digest for p in entry.parts]
    assert len(entry.parts) >= 3  # random data does not compress: 3 MiB in 1 MiB parts


class TruncatingStore(OciStore):
    """Cuts the last part file short after it was hashed: an upload that lost bytes."""

    def commit(self, upload: Path, entry: Any) -> bool:
        last = sorted(upload.glob("part-*"))[-1]
        last.write_bytes(last.read_bytes()[:100])
        return super().commit(upload, entry)


def test_truncated_upload_is_rejected_and_leaves_no_entry(
    registry: Callable[..., Any], tmp_path: Path
) -> None:
    reg = registry()
    store = TruncatingStore(client(reg), "native")
    result = save(SPEC, "k", store, root=tree(tmp_path), writer=WRITER, part_size=1 << 20)
    assert result.status == "failed"
    assert store.list() == []


class DyingClient(RegistryClient):
    """The registry goes away after the first blob arrived."""

    def __init__(self, reg: Any) -> None:
        super().__init__(reg.host, insecure=True)
        self.reg, self.pushed = reg, 0

    def push_blob(self, *args: Any, **kwargs: Any) -> tuple[str, int]:
        if self.pushed == 1:
            self.reg.stop()
        self.pushed += 1
        return super().push_blob(*args, **kwargs)


def test_registry_down_mid_save_is_a_failed_save_not_an_exception(
    registry: Callable[..., Any], tmp_path: Path
) -> None:
    reg = registry()
    dying = DyingClient(reg)
    store = OciStore(dying, "native")
    result = save(SPEC, "k", store, root=tree(tmp_path), writer=WRITER, part_size=1 << 20)
    assert result.status == "failed"
    assert dying.pushed == 2
    assert "save failed" in result.message
