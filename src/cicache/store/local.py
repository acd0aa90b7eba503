"""The local store: a directory (default `$XDG_CACHE_HOME/cicache/native`).

Layout: `entries/<id>/{entry.json,part-00000,...}` with `<id>` derived from key and version,
`uploads/<random>/` for entries being written, and a `lock` file. An upload becomes an entry
by one `rename()` of its directory: atomic, and it fails if the entry already exists, so of
concurrent savers of one key exactly one wins and nobody sees a half-written entry.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cicache.errors import StoreError
from cicache.store.entry import Entry, Part, entry_id
from cicache.store.parts import CorruptEntryError, part_name

__all__ = ["LocalStore", "default_path"]

META = "entry.json"
STALE_UPLOAD_SECONDS = 24 * 3600


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cicache" / "native"


class LocalStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_path()).expanduser()
        self.entries_dir = self.root / "entries"
        self.uploads_dir = self.root / "uploads"

    @property
    def description(self) -> str:
        return f"local store `{self.root}`"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure()
        with (self.root / "lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _ensure(self) -> None:
        try:
            self.entries_dir.mkdir(parents=True, exist_ok=True)
            self.uploads_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the {self.description}: {exc.strerror}") from exc

    def list(self) -> list[Entry]:
        if not self.entries_dir.is_dir():
            return []
        result = []
        for meta in sorted(self.entries_dir.glob(f"*/{META}")):
            with contextlib.suppress(OSError, StoreError):
                result.append(Entry.from_json(meta.read_bytes()))
        return result

    def new_upload(self) -> Path:
        self._ensure()
        self._remove_stale_uploads()
        return Path(tempfile.mkdtemp(prefix="up-", dir=self.uploads_dir))

    def _remove_stale_uploads(self) -> None:
        """Uploads of saves that crashed (older than a day) are never committed: drop them."""
        cutoff = time.time() - STALE_UPLOAD_SECONDS
        for upload in self.uploads_dir.iterdir():
            with contextlib.suppress(OSError):
                if upload.stat().st_mtime < cutoff:
                    shutil.rmtree(upload, ignore_errors=True)

    def commit(self, upload: Path, entry: Entry) -> bool:
        (upload / META).write_text(entry.to_json(), encoding="utf-8")
        final = self.entries_dir / entry_id(entry.key, entry.version)
        with self._locked():
            if final.exists() and not self._readable(final):
                self._trash(final)  # damaged metadata: list() skips it, so the key is free
            try:
                upload.rename(final)
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    self.discard(upload)
                    return False
                raise StoreError(f"cannot commit to the {self.description}: {exc}") from exc
        return True

    @staticmethod
    def _readable(directory: Path) -> bool:
        try:
            Entry.from_json((directory / META).read_bytes())
        except (OSError, StoreError):
            return False
        return True

    def _trash(self, directory: Path) -> None:
        trash = Path(tempfile.mkdtemp(prefix="del-", dir=self.uploads_dir))
        directory.rename(trash / "entry")
        shutil.rmtree(trash, ignore_errors=True)

    def discard(self, upload: Path) -> None:
        shutil.rmtree(upload, ignore_errors=True)

    def read_parts(self, entry: Entry) -> Iterator[tuple[Part, BinaryIO]]:
        directory = self.entries_dir / entry_id(entry.key, entry.version)
        for index, part in enumerate(entry.parts):
            try:
                stream = (directory / part_name(index)).open("rb")
            except OSError as exc:
                raise CorruptEntryError(f"cache part missing: {exc.strerror}") from exc
            yield part, stream

    def delete(self, entry: Entry) -> None:
        directory = self.entries_dir / entry_id(entry.key, entry.version)
        with self._locked():
            if directory.exists():
                self._trash(directory)
