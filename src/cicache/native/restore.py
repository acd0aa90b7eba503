"""Restoring a native cache: find the entry, extract it safely, move it into place.

Exact key first, then each restore key by prefix (newest first), among entries of the same
paths written by trusted events. A corrupt or unreadable entry is reported and treated as a
miss; the target directories are then exactly as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cicache.errors import CicacheError, StoreError
from cicache.keys.resolve import ResolvedKey
from cicache.native import paths
from cicache.native.progress import Progress
from cicache.native.spec import CacheSpec
from cicache.store.archive import ArchiveError, extract_archive
from cicache.store.base import Store
from cicache.store.entry import Entry, version_of
from cicache.store.local import LocalStore
from cicache.store.lookup import select
from cicache.store.parts import CorruptEntryError, VerifyingReader
from cicache.store.placement import Placement

__all__ = ["RestoreResult", "restore"]


@dataclass(frozen=True)
class RestoreResult:
    name: str
    key: str
    matched_key: str = ""
    exact: bool = False
    entry: Entry | None = None
    warning: str = ""

    @property
    def hit(self) -> bool:
        return bool(self.matched_key)


def restore(
    spec: CacheSpec,
    resolved: ResolvedKey,
    store: Store,
    *,
    root: Path,
    trusted: Callable[[Entry], bool],
    lookup_only: bool = False,
    quiet: bool = False,
) -> RestoreResult:
    version = version_of(spec.paths)
    match = select(store.list(), resolved.key, resolved.restore_keys, version, trusted)
    if match is None:
        return RestoreResult(spec.name, resolved.key)
    entry = match.entry
    result = RestoreResult(spec.name, resolved.key, entry.key, match.exact, entry)
    if lookup_only:
        return result
    try:
        _extract(spec, entry, store, root, quiet)
    except (CicacheError, OSError) as exc:  # corrupt, unreadable, registry gone
        warning = f"restore of `{entry.key}` failed: {exc}" + _drop_corrupt(store, entry, exc)
        return RestoreResult(spec.name, resolved.key, warning=warning)
    return result


def _drop_corrupt(store: Store, entry: Entry, exc: BaseException) -> str:
    """A local entry that failed verification stays broken: remove it so a save can redo it.

    (Registry blobs are verified on upload, so a mismatch there is a transfer error.)
    """
    if not (isinstance(exc, CorruptEntryError) and isinstance(store, LocalStore)):
        return ""
    try:
        store.delete(entry)
    except (CicacheError, OSError):
        return ""
    return "; removed it from the local store"


def _extract(spec: CacheSpec, entry: Entry, store: Store, root: Path, quiet: bool) -> None:
    for label in entry.roots:
        if not paths.allowed(label, spec.paths, root):
            msg = (
                f"entry root `{label}` is not a configured path (nor may it be the project or home)"
            )
            raise StoreError(msg)
    placement = Placement([paths.path_of(label, root) for label in entry.roots])
    progress = Progress(f"restore {spec.name or entry.key}", quiet=quiet)
    reader = VerifyingReader(store.read_parts(entry))
    try:
        extract_archive(reader, placement.staging, progress=progress)
        reader.drain()
        placement.commit()
    except BaseException as exc:
        placement.abort()
        if isinstance(exc, ArchiveError) and isinstance(store, LocalStore):
            reader.drain()  # a damaged part explains a corrupt archive: report that instead
        raise
    progress.done()
