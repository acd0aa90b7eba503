"""The fast tar writer/reader agree with tarfile in both directions, long names included."""

from __future__ import annotations

import io
import tarfile

import pytest

from cicache.store.tarreader import TarFormatError, read_members
from cicache.store.tarwriter import TarWriter

LONG = "0/" + "d" * 120 + "/" + "f" * 150
NAMES = ["0", "0/a.txt", "0/ünï cödé", LONG]


def ours() -> bytes:
    out = io.BytesIO()
    tar = TarWriter(out)
    tar.header("0", tarfile.DIRTYPE, 0o755, 1_600_000_000)
    for name in NAMES[1:]:
        tar.header(name, tarfile.REGTYPE, 0o644, 1_600_000_001, 5)
        tar.data(io.BytesIO(b"hello"), 5)
    tar.header("0/link", tarfile.SYMTYPE, 0o777, 1, link="x" * 130)
    tar.close()
    return out.getvalue()


def test_tarfile_reads_what_we_write() -> None:
    with tarfile.open(fileobj=io.BytesIO(ours())) as tar:
        members = tar.getmembers()
        assert [m.name for m in members] == [*NAMES, "0/link"]
        assert members[1].mode == 0o644 and members[1].mtime == 1_600_000_001
        assert tar.extractfile(members[3]).read() == b"hello"  # type: ignore[union-attr]
        assert members[4].linkname == "x" * 130


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT, tarfile.USTAR_FORMAT])
def test_we_read_what_tarfile_writes(fmt: int) -> None:
    raw = io.BytesIO()
    names = ["0/" + "p" * 90 + "/" + "q" * 60, "0/ünï"] if fmt != tarfile.USTAR_FORMAT else ["0/x"]
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = 3, 0o600, 42
            tar.addfile(info, io.BytesIO(b"abc"))
    got = []
    for member, data in read_members(io.BytesIO(raw.getvalue())):
        got.append((member.name, member.mode, member.mtime, data.read()))
        data.finish()
    assert got == [(n, 0o600, 42, b"abc") for n in names]


def test_round_trip_through_our_reader() -> None:
    got = []
    for member, data in read_members(io.BytesIO(ours())):
        got.append((member.name, member.linkname, data.read()))
        data.finish()
    assert [g[0] for g in got] == [*NAMES, "0/link"]
    assert got[3][2] == b"hello" and got[4][1] == "x" * 130


def test_bad_checksum_and_truncation() -> None:
    data = bytearray(ours())
    data[10] ^= 1
    with pytest.raises(TarFormatError, match="checksum"):
        list(read_members(io.BytesIO(bytes(data))))
    with pytest.raises(TarFormatError):
        for _, stream in read_members(io.BytesIO(ours()[:1200])):
            stream.finish()
    with pytest.raises(TarFormatError, match="truncated"):
        list(read_members(io.BytesIO(ours()[:512])))
