"""The native cache archive: a streamed tar (GNU/ustar headers) compressed with multi-threaded zstd.

Member `N` is the root `roots[N]` itself, member `N/rel` a path under it. Modes (permission
bits), mtimes and symlinks whose target stays inside their root are kept; owners are not.
Extraction writes into staging paths the caller chose (next to each target, so the final move
is a rename) and refuses absolute names, `..`, unknown roots, links leaving their root, hard
links and device files, never writing through a symlink.
"""

# ruff: noqa: PTH101 - os.chmod/utime on the paths just written, no Path round trips
from __future__ import annotations

import os
import stat
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import zstandard

from cicache.errors import StoreError
from cicache.store import walk
from cicache.store.prefetch import Prefetch
from cicache.store.tarreader import DataStream, Member, TarFormatError, read_members
from cicache.store.tarwriter import TarWriter

__all__ = ["DEFAULT_LEVEL", "ArchiveError", "ArchiveStats", "extract_archive", "write_archive"]

_BUF = 1 << 20
# zstd level 1: caches are written on every default-branch run; on the 2-core benchmark
# machine level 1 compresses ~1.5x faster than level 3 for ~5% more bytes (docs/benchmarks.md).
DEFAULT_LEVEL = 1
Progress = Callable[[int], None]


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class ArchiveError(StoreError):
    """An archive member is unsafe or malformed; nothing was moved into place."""


@dataclass
class ArchiveStats:
    files: int = 0
    raw_bytes: int = 0
    skipped: list[str] = field(default_factory=list)  # links leaving their root, sockets...


def write_archive(
    roots: list[Path], sink: Any, *, level: int = DEFAULT_LEVEL, progress: Progress | None = None
) -> ArchiveStats:
    """Stream `roots` as tar + zstd into `sink` (a writable binary file object)."""
    stats = ArchiveStats()
    params = zstandard.ZstdCompressor(level=level, threads=-1)
    with params.stream_writer(sink, closefd=False) as zst:
        batched = _Batched(zst)
        tar = TarWriter(batched)
        for index, root in enumerate(roots):
            for item in walk.items(root, str(index), stats.skipped):
                _add(tar, item, stats, progress)
        tar.close()
        batched.flush()
    return stats


class _Batched:
    """Hands the compressor big writes (tarfile's stream writes 10 KiB blocks)."""

    def __init__(self, raw: Any, size: int = 4 << 20) -> None:
        self.raw, self.size, self.buf = raw, size, bytearray()

    def write(self, data: bytes) -> int:
        self.buf += data
        if len(self.buf) >= self.size:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buf:
            self.raw.write(self.buf)
            self.buf = bytearray()


def _add(tar: TarWriter, item: walk.Item, stats: ArchiveStats, progress: Any) -> None:
    mode, mtime = stat.S_IMODE(item.st.st_mode), int(item.st.st_mtime)
    if item.link is not None:
        tar.header(item.name, tarfile.SYMTYPE, mode, mtime, link=item.link)
    elif stat.S_ISDIR(item.st.st_mode):
        tar.header(item.name, tarfile.DIRTYPE, mode, mtime)
    else:
        size = item.st.st_size
        with item.path.open("rb") as f:
            tar.header(item.name, tarfile.REGTYPE, mode, mtime, size)
            tar.data(f, size)
        stats.files += 1
        stats.raw_bytes += size
        if progress:
            progress(size)


def extract_archive(
    stream: Readable, staging: Callable[[int], Path], *, progress: Progress | None = None
) -> dict[int, Path]:
    """Extract into `staging(N)` for root N; returns the staged path of each root seen."""
    extractor = _Extractor(staging, progress)
    reader = zstandard.ZstdDecompressor().stream_reader(stream, read_size=_BUF)  # type: ignore[arg-type]  # any .read() works
    ahead = Prefetch(reader)
    try:
        for member, data in read_members(ahead):
            extractor.member(member, data)
            data.finish()
        while ahead.read(_BUF):  # to the end, so errors of the source (digests) surface
            pass
    except (TarFormatError, zstandard.ZstdError) as exc:
        raise ArchiveError(f"corrupt cache archive: {exc}") from exc
    finally:
        ahead.close()
    extractor.finish()
    return extractor.staged


class _Extractor:
    def __init__(self, staging: Callable[[int], Path], progress: Progress | None) -> None:
        self.staging, self.progress = staging, progress
        self.staged: dict[int, Path] = {}
        self.dirs: list[tuple[Path, int, float]] = []
        self.links: list[tuple[int, Path]] = []
        self.safe_dirs: set[Path] = set()

    def member(self, m: Member, data: DataStream) -> None:
        try:
            self._member(m, data)
        except OSError as exc:
            raise ArchiveError(f"cannot extract `{m.name}`: {exc.strerror or exc}") from exc

    def _member(self, m: Member, data: DataStream) -> None:
        index, rel = _split_name(m.name)
        if index not in self.staged:
            self.staged[index] = self.staging(index)
        target = self.staged[index].joinpath(*rel)
        self._check_parents(self.staged[index], rel)
        if m.type == tarfile.DIRTYPE:
            self._mkdir(target, m)
        elif m.type in (tarfile.REGTYPE, tarfile.AREGTYPE):
            self._write(data, m, target)
        elif m.type == tarfile.SYMTYPE:
            _check_link(m, rel)
            target.symlink_to(m.linkname)
            self.links.append((index, target))
        else:
            kind = "hard link" if m.type == tarfile.LNKTYPE else "device or special file"
            raise ArchiveError(f"refusing archive member `{m.name}`: {kind}")

    def _check_parents(self, base: Path, rel: list[str]) -> None:
        """Never write through a symlink: every parent inside the root must be a real dir."""
        current = base
        for part in rel[:-1]:
            current = current / part
            if current in self.safe_dirs:
                continue
            if not stat.S_ISDIR(current.lstat().st_mode):
                raise ArchiveError(f"refusing archive member under `{part}`: not a directory")
            self.safe_dirs.add(current)

    def _mkdir(self, target: Path, m: Member) -> None:
        try:
            target.mkdir(mode=0o700)
        except FileExistsError:
            if not stat.S_ISDIR(target.lstat().st_mode):
                raise ArchiveError(f"refusing archive member `{m.name}`: exists") from None
        self.safe_dirs.add(target)
        self.dirs.append((target, m.mode & 0o7777, float(m.mtime)))

    def _write(self, src: DataStream, m: Member, target: Path) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        try:
            fd = os.open(target, flags, 0o600)
        except FileExistsError:
            raise ArchiveError(f"refusing archive member `{m.name}`: duplicate") from None
        try:
            while chunk := src.read(_BUF):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
            os.fchmod(fd, m.mode & 0o777)
            os.utime(fd, (m.mtime, m.mtime))
        finally:
            os.close(fd)
        if self.progress:
            self.progress(m.size)

    def finish(self) -> None:
        for index, link in self.links:  # chains of in-root links must not leave the root
            root = self.staged[index].resolve()
            try:
                real = link.resolve()
            except (OSError, RuntimeError):  # a symlink loop
                raise ArchiveError(f"refusing symlink `{link.name}`: a loop") from None
            if real != root and root not in real.parents:
                raise ArchiveError(f"refusing symlink `{link.name}`: it resolves outside its root")
        for path, mode, mtime in reversed(self.dirs):
            os.chmod(path, mode)
            os.utime(path, (mtime, mtime))


def _split_name(name: str) -> tuple[int, list[str]]:
    if name.startswith("/"):  # a backslash is an ordinary character in POSIX names
        raise ArchiveError(f"refusing archive member `{name}`: absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or not parts[0].isdigit():
        raise ArchiveError(f"refusing archive member `{name}`: outside the cache roots")
    return int(parts[0]), parts[1:]


def _check_link(m: Member, rel: list[str]) -> None:
    if not rel or not walk.link_stays_inside(m.linkname, len(rel) - 1):
        raise ArchiveError(f"refusing symlink `{m.name}` -> `{m.linkname}`: leaves its root")
