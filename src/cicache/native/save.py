"""Saving a native cache: archive its paths into a store under a resolved key.

A save never fails the job: store and disk problems come back as a `failed` result that the
command prints as a warning (exit 0), like actions/cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from cicache.console import human_size
from cicache.errors import CicacheError, UsageError
from cicache.native import paths
from cicache.native.progress import Progress
from cicache.native.spec import CacheSpec
from cicache.store.archive import DEFAULT_LEVEL, write_archive
from cicache.store.base import Store
from cicache.store.entry import Entry, Writer, version_of
from cicache.store.parts import DEFAULT_PART_SIZE, PartWriter

__all__ = ["SaveResult", "save"]

Status = Literal["saved", "exists", "lost-race", "read-only", "nothing", "failed"]


@dataclass(frozen=True)
class SaveResult:
    name: str
    key: str
    status: Status
    message: str
    size: int = 0


def save(
    spec: CacheSpec,
    key: str,
    store: Store,
    *,
    root: Path,
    writer: Writer,
    read_only_reason: str = "",
    part_size: int = DEFAULT_PART_SIZE,
    level: int = DEFAULT_LEVEL,
    quiet: bool = False,
) -> SaveResult:
    if read_only_reason:
        return SaveResult(spec.name, key, "read-only", f"not saving: {read_only_reason}")
    version = version_of(spec.paths)
    try:
        if any(e.key == key and e.version == version for e in store.list()):
            return SaveResult(spec.name, key, "exists", f"`{key}` is already stored: not saved")
        roots = paths.expand(spec.paths, root)
        if not roots:
            return SaveResult(spec.name, key, "nothing", "none of the paths exist: not saved")
        sizes = (part_size, level)
        return _upload(spec, key, store, roots, root, writer, version, sizes, quiet)
    except UsageError:  # the paths are wrong (`/`, exclusions): not a store problem
        raise
    except (CicacheError, OSError) as exc:
        return SaveResult(spec.name, key, "failed", f"save failed: {exc}")


def _upload(
    spec: CacheSpec,
    key: str,
    store: Store,
    roots: list[Path],
    root: Path,
    writer: Writer,
    version: str,
    sizes: tuple[int, int],  # part size, compression level
    quiet: bool,
) -> SaveResult:
    upload = store.new_upload()
    try:
        progress = Progress(f"save {spec.name or key}", quiet=quiet)
        sink = PartWriter(upload, sizes[0])
        stats = write_archive(roots, sink, level=sizes[1], progress=progress)
        parts = sink.close()
        created = datetime.now(UTC).isoformat(timespec="microseconds")
        labels = tuple(paths.label_of(r, root) for r in roots)
        entry = Entry(
            key,
            version,
            spec.name,
            labels,
            tuple(parts),
            writer,
            created,
            stats.files,
            stats.raw_bytes,
        )
        won = store.commit(upload, entry)
    except BaseException:
        store.discard(upload)
        raise
    progress.done(f", {human_size(entry.size)} stored")
    if not won:
        message = f"`{key}` was saved concurrently by another job"
        return SaveResult(spec.name, key, "lost-race", message)
    skipped = f" ({len(stats.skipped)} links or special files skipped)" if stats.skipped else ""
    return SaveResult(spec.name, key, "saved", f"saved `{key}`{skipped}", entry.size)
