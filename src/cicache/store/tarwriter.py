"""A minimal, fast tar writer for the archive's common members.

tarfile builds each header through several layers (copying the TarInfo, pax checks), which
dominates saving trees of many small files. Here a member whose name and link fit the
100-byte ustar fields is packed directly; anything else (long names, sizes over 8 GiB) goes
through tarfile's own GNU-format header code, so the output is always a valid GNU tar.
"""

from __future__ import annotations

import struct
import tarfile
from typing import Any

__all__ = ["TarWriter"]

_BLOCK = 512
_CHUNK = 1 << 20
_MAX_OCTAL_SIZE = 8**11 - 1
_HEADER = struct.Struct("100s8s8s8s12s12s8sc100s8s32s32s8s8s155s12s")


def _octal(value: int, width: int) -> bytes:
    return b"%0*o\0" % (width - 1, value)


class TarWriter:
    def __init__(self, out: Any) -> None:
        self.out = out

    def header(
        self, name: str, kind: bytes, mode: int, mtime: int, size: int = 0, link: str = ""
    ) -> None:
        raw_name = name.encode("utf-8", "surrogateescape")
        raw_link = link.encode("utf-8", "surrogateescape")
        if len(raw_name) >= 100 or len(raw_link) >= 100 or size > _MAX_OCTAL_SIZE or mtime < 0:
            self.out.write(self._slow(name, kind, mode, mtime, size, link))
            return
        zero = _octal(0, 8)  # uid, gid: owners are not kept
        numbers = (_octal(mode, 8), zero, zero, _octal(size, 12), _octal(mtime, 12))
        # checksum placeholder, type, link, GNU magic; then empty uname/gname/dev/prefix/pad
        fields = (raw_name, *numbers, b" " * 8, kind, raw_link, b"ustar  \0", *(b"",) * 6)
        block = bytearray(_HEADER.pack(*fields))
        block[148:156] = b"%06o\0 " % sum(block)
        self.out.write(block)

    @staticmethod
    def _slow(name: str, kind: bytes, mode: int, mtime: int, size: int, link: str) -> bytes:
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.mtime, info.size, info.linkname = kind, mode, mtime, size, link
        return info.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape")

    def data(self, stream: Any, size: int) -> None:
        """Copy exactly `size` bytes (the size in the header) and pad to a block."""
        left = size
        while left:
            chunk = stream.read(min(left, _CHUNK))
            if not chunk:
                raise OSError(f"file shrank while being archived ({left} bytes missing)")
            self.out.write(chunk)
            left -= len(chunk)
        if size % _BLOCK:
            self.out.write(b"\0" * (_BLOCK - size % _BLOCK))

    def close(self) -> None:
        self.out.write(b"\0" * (2 * _BLOCK))
