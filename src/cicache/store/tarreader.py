"""A minimal, fast streaming tar reader (the mirror of `tarwriter`).

tarfile's stream mode copies its read buffer on every block, which made restores of many
small files slow. This reader understands ustar/GNU headers, GNU long names (`L`/`K`) and
pax `path`/`linkpath`/`size`/`mtime` records, verifies header checksums, and hands out each
member's data as an exact-length stream. Type decisions (what is allowed) stay in archive.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["DataStream", "Member", "TarFormatError", "read_members"]

_BLOCK = 512


class TarFormatError(ValueError):
    """The stream is not a well-formed tar."""


@dataclass
class Member:
    name: str
    type: bytes
    mode: int
    mtime: int
    size: int
    linkname: str


class _Input:
    def __init__(self, raw: Any, chunk: int = 1 << 20) -> None:
        self.raw, self.chunk = raw, chunk
        self.buf, self.pos = b"", 0

    def read(self, n: int) -> bytes:
        """Up to n bytes (fewer only at the end of the stream)."""
        if self.pos == len(self.buf):
            self.buf, self.pos = self.raw.read(max(n, self.chunk)), 0
        data = self.buf[self.pos : self.pos + n]
        self.pos += len(data)
        return data

    def exact(self, n: int) -> bytes:
        parts, left = [], n
        while left:
            data = self.read(left)
            if not data:
                raise TarFormatError(f"unexpected end of archive ({left} bytes missing)")
            parts.append(data)
            left -= len(data)
        return b"".join(parts)


class DataStream:
    """Exactly `size` bytes of one member; `finish()` skips what is left and the padding."""

    def __init__(self, src: _Input, size: int) -> None:
        self.src, self.left, self.pad = src, size, -size % _BLOCK

    def read(self, n: int = -1) -> bytes:
        if not self.left:
            return b""
        data = self.src.read(self.left if n < 0 else min(n, self.left))
        if not data:
            raise TarFormatError("unexpected end of archive inside a member")
        self.left -= len(data)
        return data

    def finish(self) -> None:
        while self.read(1 << 20):
            pass
        self.src.exact(self.pad)


def _text(field: bytes) -> str:
    return field.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _number(field: bytes) -> int:
    if field and field[0] & 0x80:  # GNU base-256
        value = int.from_bytes(field[1:], "big")
        return -value if field[0] & 0x40 else value
    text = field.split(b"\0", 1)[0].strip(b" ")
    try:
        return int(text, 8) if text else 0
    except ValueError:
        raise TarFormatError(f"bad number field {field!r}") from None


def _pax(data: bytes) -> dict[str, str]:
    records, pos = {}, 0
    while pos < len(data):
        length_text, _, _ = data[pos : pos + 20].partition(b" ")
        length = int(length_text)
        key, _, value = data[pos + len(length_text) + 1 : pos + length - 1].partition(b"=")
        records[key.decode("utf-8")] = value.decode("utf-8", "surrogateescape")
        pos += length
    return records


def _header(block: bytes) -> Member:
    stored = _number(block[148:156])
    if stored != sum(block[:148]) + 256 + sum(block[156:]):
        raise TarFormatError("header checksum mismatch")
    name = _text(block[0:100])
    if block[257:265] == b"ustar\x0000" and block[345:500].strip(b"\0"):
        name = _text(block[345:500]) + "/" + name  # POSIX prefix field (not in GNU headers)
    mode, size, mtime = (_number(block[a:b]) for a, b in ((100, 108), (124, 136), (136, 148)))
    return Member(name, block[156:157], mode, mtime, size, _text(block[157:257]))


def read_members(raw: Any) -> Iterator[tuple[Member, DataStream]]:
    """Members in order; the caller must `finish()` each stream before the next step."""
    src = _Input(raw)
    overrides: dict[str, str] = {}
    while True:
        block = src.read(_BLOCK)
        if not block:  # a complete archive ends with zero blocks, not with the stream
            raise TarFormatError("archive is truncated (no end-of-archive marker)")
        if len(block) < _BLOCK:
            block += src.exact(_BLOCK - len(block))
        if not block.strip(b"\0"):
            return
        member = _header(block)
        stream = DataStream(src, member.size)
        if member.type in (b"L", b"K", b"x"):
            data = stream.read()
            stream.finish()
            if member.type == b"x":
                overrides.update(_pax(data))
            else:
                key = "path" if member.type == b"L" else "linkpath"
                overrides[key] = data.rstrip(b"\0").decode("utf-8", "surrogateescape")
            continue
        if member.type == b"g":
            stream.finish()
            continue
        _apply(member, overrides, stream)
        overrides = {}
        yield member, stream


def _apply(member: Member, overrides: dict[str, str], stream: DataStream) -> None:
    member.name = overrides.get("path", member.name)
    member.linkname = overrides.get("linkpath", member.linkname)
    if "size" in overrides:
        member.size = int(overrides["size"])
        stream.left, stream.pad = member.size, -member.size % _BLOCK
    if "mtime" in overrides:
        member.mtime = int(float(overrides["mtime"]))
