"""The OCI store: native cache entries as artifacts in a registry repository.

One image manifest per entry, tagged `native-<id>` (the id hashes key and version, since
keys are not valid tags). `artifactType` marks it, the config is the empty descriptor, the
layers are the archive parts in order, and annotations carry the key, the writer and the
full entry metadata (`dev.cicache.entry`), so listing needs no blob downloads.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, BinaryIO, cast

from cicache.errors import CicacheError, StoreError
from cicache.oci import mediatypes
from cicache.oci.client import EMPTY_CONFIG, RegistryClient
from cicache.store.entry import Entry, Part, entry_id
from cicache.store.parts import part_name

__all__ = ["ARTIFACT_TYPE", "OciStore", "tag_of"]

ARTIFACT_TYPE = "application/vnd.cicache.native.v1"
LAYER_TYPE = "application/vnd.cicache.native.part.v1.tar+zstd"
TAG_PREFIX = "native-"
ANNOTATION = "dev.cicache.entry"


def tag_of(entry: Entry) -> str:
    return TAG_PREFIX + entry_id(entry.key, entry.version)


class _BlobReader:
    """A file-like view of a streamed blob (`get_blob_stream` yields chunks)."""

    def __init__(self, stream: AbstractContextManager[Iterator[bytes]]) -> None:
        self._cm = stream
        self._chunks: Iterator[bytes] | None = None
        self._buf = b""

    def read(self, n: int = -1) -> bytes:
        if self._chunks is None:
            self._chunks = self._cm.__enter__()
        while not self._buf:
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._buf = chunk
        size = len(self._buf) if n < 0 else n
        data, self._buf = self._buf[:size], self._buf[size:]
        return data

    def close(self) -> None:
        if self._chunks is not None:
            self._cm.__exit__(None, None, None)
            self._chunks = None


class OciStore:
    def __init__(self, client: RegistryClient, repo: str, *, concurrency: int = 8) -> None:
        self.client, self.repo, self.concurrency = client, repo, concurrency

    @property
    def description(self) -> str:
        return f"registry store `{self.client.host}/{self.repo}`"

    def list(self) -> list[Entry]:
        tags = [t for t in self.client.list_tags(self.repo) if t.startswith(TAG_PREFIX)]
        with ThreadPoolExecutor(self.concurrency) as pool:
            found = list(pool.map(self._entry, tags))
        return [e for e in found if e is not None]

    def _entry(self, tag: str) -> Entry | None:
        manifest = self.client.find_manifest(self.repo, tag)
        if manifest is None:
            return None
        try:
            note = manifest.json(tag).get("annotations", {}).get(ANNOTATION, "")
            return Entry.from_json(note)
        except (CicacheError, AttributeError):
            return None  # not ours, or damaged: never restored

    def new_upload(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="cicache-upload-"))

    def discard(self, upload: Path) -> None:
        shutil.rmtree(upload, ignore_errors=True)

    def commit(self, upload: Path, entry: Entry) -> bool:
        try:
            tag = tag_of(entry)
            if self.client.head_manifest(self.repo, tag) is not None:
                return False
            for index, part in enumerate(entry.parts):
                self.client.push_blob(self.repo, upload / part_name(index), part.digest)
            config_digest, _ = self.client.push_blob(self.repo, EMPTY_CONFIG)
            raw = _manifest(entry, config_digest)
            digest = self.client.put_manifest(self.repo, tag, raw, mediatypes.OCI_MANIFEST)
            return self.client.head_manifest(self.repo, tag) == digest
        finally:
            self.discard(upload)

    def read_parts(self, entry: Entry) -> Iterator[tuple[Part, BinaryIO]]:
        for part in entry.parts:
            stream = self.client.get_blob_stream(self.repo, part.digest)
            yield part, cast(BinaryIO, _BlobReader(stream))

    def delete(self, entry: Entry) -> None:
        digest = self.client.head_manifest(self.repo, tag_of(entry))
        if digest is None:
            raise StoreError(f"`{entry.key}` is not in the {self.description}")
        self.client.delete_manifest(self.repo, digest)


def _manifest(entry: Entry, config_digest: str) -> bytes:
    doc: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": mediatypes.OCI_MANIFEST,
        "artifactType": ARTIFACT_TYPE,
        "config": {"mediaType": mediatypes.OCI_EMPTY, "digest": config_digest, "size": 2},
        "layers": [
            {"mediaType": LAYER_TYPE, "digest": p.digest, "size": p.size} for p in entry.parts
        ],
        "annotations": {
            "org.opencontainers.image.created": entry.created,
            "dev.cicache.key": entry.key,
            "dev.cicache.cache": entry.cache,
            "dev.cicache.writer.event": entry.writer.event,
            "dev.cicache.writer.ref": entry.writer.ref,
            "dev.cicache.writer.sha": entry.writer.sha,
            ANNOTATION: entry.to_json(),
        },
    }
    return json.dumps(doc, separators=(",", ":")).encode()
