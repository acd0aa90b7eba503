"""The archive stream cut into parts (files on disk, layers in a registry), and read back.

Every part's sha256 is computed on write and verified on read; a mismatch or a short part
raises before the restore moves anything into place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cicache.errors import StoreError
from cicache.store.entry import Part

__all__ = ["CorruptEntryError", "PartWriter", "VerifyingReader", "part_name"]

DEFAULT_PART_SIZE = 512 << 20


class CorruptEntryError(StoreError):
    """A stored part does not match its recorded digest or size."""


def part_name(index: int) -> str:
    return f"part-{index:05d}"


class PartWriter:
    """A write-only file object that rolls over to a new part file every `part_size` bytes."""

    def __init__(self, directory: Path, part_size: int = DEFAULT_PART_SIZE) -> None:
        self.directory, self.part_size = directory, part_size
        self.parts: list[Part] = []
        self._file: BinaryIO | None = None
        self._hash = hashlib.sha256()
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        view = memoryview(data)
        while view:
            if self._file is None:
                self._file = (self.directory / part_name(len(self.parts))).open("wb")
            room = self.part_size - self._size
            chunk = view[:room]
            self._file.write(chunk)
            self._hash.update(chunk)
            self._size += len(chunk)
            view = view[len(chunk) :]
            if self._size >= self.part_size:
                self._finish_part()
        return len(data)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def _finish_part(self) -> None:
        assert self._file is not None
        self._file.close()
        self.parts.append(Part(f"sha256:{self._hash.hexdigest()}", self._size))
        self._file, self._hash, self._size = None, hashlib.sha256(), 0

    def close(self) -> list[Part]:
        if self._file is not None:
            self._finish_part()
        return self.parts


class VerifyingReader:
    """A read-only stream over parts that checks each part's size and digest at its end."""

    def __init__(self, parts: Iterator[tuple[Part, BinaryIO]]) -> None:
        self._parts = parts
        self._current: tuple[Part, BinaryIO] | None = None
        self._hash = hashlib.sha256()
        self._size = 0
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while True:
            if self._current is None and not self._next():
                return b""
            assert self._current is not None
            data = self._current[1].read(n if n > 0 else 1 << 20)
            if data:
                self._hash.update(data)
                self._size += len(data)
                self.bytes_read += len(data)
                return data
            self._check()

    def _next(self) -> bool:
        nxt = next(self._parts, None)
        if nxt is None:
            return False
        self._current, self._hash, self._size = nxt, hashlib.sha256(), 0
        return True

    def _check(self) -> None:
        assert self._current is not None
        part, stream = self._current
        stream.close()
        self._current = None
        digest = f"sha256:{self._hash.hexdigest()}"
        if self._size != part.size or digest != part.digest:
            raise CorruptEntryError(
                f"corrupt cache part {part.digest[:19]}: got {self._size} bytes, {digest[:19]}",
                hint="the entry is not restored; a new save of its key replaces it",
            )

    def drain(self) -> None:
        """Read to the end, so every part's digest is checked even if the consumer stopped."""
        while self.read(1 << 20):
            pass
