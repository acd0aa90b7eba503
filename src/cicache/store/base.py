"""The `Store` protocol: where native cache entries live (local directory, OCI registry)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from cicache.store.entry import Entry, Part

__all__ = ["Store"]


class Store(Protocol):
    """Entries are immutable: one per (key, version); the first commit of a key wins."""

    @property
    def description(self) -> str:
        """Where the store is, for messages (`local store ~/.cache/...`)."""
        ...

    def list(self) -> list[Entry]:
        """Every readable entry (unreadable metadata is skipped)."""
        ...

    def new_upload(self) -> Path:
        """A fresh directory to write an entry's parts into (see `PartWriter`)."""
        ...

    def commit(self, upload: Path, entry: Entry) -> bool:
        """Publish the parts in `upload` as `entry`; False when the key already exists."""
        ...

    def discard(self, upload: Path) -> None:
        """Remove an upload that will not be committed."""
        ...

    def read_parts(self, entry: Entry) -> Iterator[tuple[Part, BinaryIO]]:
        """The entry's parts in order, each as an open stream (verified by the caller)."""
        ...

    def delete(self, entry: Entry) -> None: ...
