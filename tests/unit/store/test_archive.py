"""Archive round trips and the refusal of malicious archives."""

from __future__ import annotations

import io
import os
import stat
import tarfile
from pathlib import Path

import pytest
import zstandard

from cicache.store.archive import ArchiveError, extract_archive, write_archive
from cicache.store.placement import Placement


def make_tree(root: Path) -> Path:
    (root / "empty").mkdir(parents=True)
    (root / "bin").mkdir()
    (root / "bin" / "tool").write_text("#!/bin/sh\necho hi\n")
    (root / "bin" / "tool").chmod(0o755)
    (root / "data.bin").write_bytes(os.urandom(3 << 20))
    (root / "ünï cödé.txt").write_text("x")
    (root / "link-rel").symlink_to("bin/tool")
    (root / "bin" / "up").symlink_to("../data.bin")
    (root / "link-abs-inside").symlink_to(root / "data.bin")
    (root / "link-outside").symlink_to("/etc/passwd")
    (root / "escape").symlink_to("../../x")
    os.utime(root / "data.bin", (1_600_000_000, 1_600_000_000))
    return root


def snapshot(root: Path) -> dict[str, tuple[str, int, object]]:
    out: dict[str, tuple[str, int, object]] = {}
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = ("link", 0, str(p.readlink()))
        elif p.is_dir():
            out[rel] = ("dir", stat.S_IMODE(st.st_mode), None)
        else:
            out[rel] = ("file", stat.S_IMODE(st.st_mode), (p.read_bytes(), int(st.st_mtime)))
    return out


def roundtrip(src: list[Path], dst: list[Path]) -> list[str]:
    buf = io.BytesIO()
    stats = write_archive(src, buf)
    buf.seek(0)
    placement = Placement(dst)
    extract_archive(buf, placement.staging)
    placement.commit()
    return stats.skipped


def test_roundtrip_keeps_modes_mtimes_links_empty_dirs(tmp_path: Path) -> None:
    src = make_tree(tmp_path / "src" / "cache")
    dst = tmp_path / "dst" / "cache"
    skipped = roundtrip([src], [dst])
    assert sorted(Path(s).name for s in skipped) == ["escape", "link-outside"]
    want = {k: v for k, v in snapshot(src).items() if k not in ("escape", "link-outside")}
    want["link-abs-inside"] = ("link", 0, "data.bin")  # absolute in-root link stored relative
    assert snapshot(dst) == want
    assert os.access(dst / "bin" / "tool", os.X_OK)
    assert (dst / "link-rel").read_text() == (src / "bin" / "tool").read_text()


def test_restore_replaces_existing_target_and_handles_two_roots(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    (a / "f").write_text("a")
    b.mkdir()
    (b / "g").write_text("b")
    da, db = tmp_path / "out" / "a", tmp_path / "out2" / "deep" / "b"
    da.mkdir(parents=True)
    (da / "stale").write_text("old")
    roundtrip([a, b], [da, db])
    assert sorted(p.name for p in da.iterdir()) == ["f"]
    assert (db / "g").read_text() == "b"
    assert [p.name for p in da.parent.iterdir()] == ["a"]  # no staging left behind


def test_single_file_root(tmp_path: Path) -> None:
    f = tmp_path / "one.txt"
    f.write_text("1")
    out = tmp_path / "out" / "one.txt"
    roundtrip([f], [out])
    assert out.read_text() == "1"


def archive(members: list[tuple[tarfile.TarInfo, bytes | None]]) -> io.BytesIO:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return io.BytesIO(zstandard.ZstdCompressor().compress(raw.getvalue()))


def test_roundtrip_of_odd_but_legal_names(tmp_path: Path) -> None:
    src = tmp_path / "src" / "cache"
    deep = src.joinpath(*["d" * 200] * 5)
    deep.mkdir(parents=True)
    names = ["back\\slash", "..\\..\\not-up", "new\nline", "x" * 255, " tab\t ", "-dash"]
    for name in names:
        (src / name).write_text(name)
    (deep / ("f" * 250)).write_text("deep")
    (src / os.fsdecode(b"latin1-\xe9")).write_text("bytes")
    dst = tmp_path / "dst" / "cache"
    assert roundtrip([src], [dst]) == []
    assert snapshot(dst) == snapshot(src)
    assert [p.name for p in (tmp_path / "dst").iterdir()] == ["cache"]


def info(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    i = tarfile.TarInfo(name)
    i.type, i.linkname, i.mode = kind, link, 0o755
    return i


D = (info("0", tarfile.DIRTYPE), None)
MALICIOUS = {
    "absolute": [D, (info("/tmp/evil"), b"x")],
    "backslash-absolute": [D, (info("/0\\evil"), b"x")],
    "dotdot": [D, (info("0/../evil"), b"x")],
    "dotdot-deep": [D, (info("0/a/../../evil"), b"x")],
    "unknown-root": [D, (info("7/evil"), b"x")],
    "not-a-root": [D, (info("etc/evil"), b"x")],
    "link-absolute": [D, (info("0/l", tarfile.SYMTYPE, "/etc"), None)],
    "link-escape": [D, (info("0/l", tarfile.SYMTYPE, "../.."), None)],
    "link-chain-escape": [
        D,
        (info("0/d", tarfile.DIRTYPE), None),
        (info("0/d/l1", tarfile.SYMTYPE, ".."), None),
        (info("0/l2", tarfile.SYMTYPE, "d/l1/.."), None),
    ],
    "write-through-link": [
        D,
        (info("0/l", tarfile.SYMTYPE, "."), None),
        (info("0/l/evil"), b"x"),
    ],
    "hardlink": [D, (info("0/h", tarfile.LNKTYPE, "/etc/passwd"), None)],
    "chardev": [D, (info("0/dev", tarfile.CHRTYPE), None)],
    "fifo": [D, (info("0/fifo", tarfile.FIFOTYPE), None)],
    "duplicate": [D, (info("0/f"), b"1"), (info("0/f"), b"2")],
}


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_malicious_archives_are_refused(tmp_path: Path, name: str) -> None:
    target = tmp_path / "ws" / "cache"
    target.mkdir(parents=True)
    (target / "keep").write_text("original")
    before = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    placement = Placement([target])
    with pytest.raises(ArchiveError):
        extract_archive(archive(MALICIOUS[name]), placement.staging)
    placement.abort()
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == before
    assert (target / "keep").read_text() == "original"


def test_truncated_archive_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "big").write_bytes(os.urandom(1 << 20))
    buf = io.BytesIO()
    write_archive([src], buf)
    cut = io.BytesIO(buf.getvalue()[: len(buf.getvalue()) // 2])
    placement = Placement([tmp_path / "dst"])
    with pytest.raises(ArchiveError):
        extract_archive(cut, placement.staging)
    placement.abort()
    assert not (tmp_path / "dst").exists()
