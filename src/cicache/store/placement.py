"""Moving a restored cache into place atomically.

Each root is extracted into a staging directory next to its target (same file system), and
only after the whole archive extracted and verified are the targets swapped in with renames.
A failed restore removes the staging directories and leaves every target as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cicache.errors import StoreError
from cicache.store.archive import ArchiveError

__all__ = ["Placement"]


class Placement:
    def __init__(self, targets: list[Path]) -> None:
        self.targets = targets
        self._temps: dict[int, Path] = {}

    def staging(self, index: int) -> Path:
        """Where root `index` is extracted (called once per root, by extract_archive)."""
        if not 0 <= index < len(self.targets):
            raise ArchiveError(f"refusing archive member `{index}/...`: no such cache root")
        target = self.targets[index]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.cicache-", dir=target.parent))
        except OSError as exc:
            raise StoreError(f"cannot restore into `{target}`: {exc.strerror}") from exc
        self._temps[index] = temp
        return temp / "new"

    def commit(self) -> None:
        for index, temp in self._temps.items():
            target, old = self.targets[index], temp / "old"
            had_target = target.is_symlink() or target.exists()
            if had_target:
                target.rename(old)
            try:
                (temp / "new").rename(target)
            except OSError:
                if had_target:
                    old.rename(target)  # put the previous contents back
                raise
        self.abort()  # removes the old contents

    def abort(self) -> None:
        for temp in self._temps.values():
            shutil.rmtree(temp, ignore_errors=True)
        self._temps.clear()
