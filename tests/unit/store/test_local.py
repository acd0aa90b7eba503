"""The local store: atomic commit, one winner per key, corrupt parts detected, lookup order."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicache.store.entry import Entry, Part, Writer, entry_id
from cicache.store.local import LocalStore
from cicache.store.lookup import select
from cicache.store.parts import CorruptEntryError, PartWriter, VerifyingReader


def put(
    store: LocalStore, key: str, payload: bytes, created: str = "2026-01-01", event: str = "push"
) -> bool:
    upload = store.new_upload()
    w = PartWriter(upload, part_size=4)
    w.write(payload)
    parts = tuple(w.close())
    entry = Entry(key, "v1", "c", ("x",), parts, Writer(event=event), created)
    return store.commit(upload, entry)


def read(store: LocalStore, entry: Entry) -> bytes:
    reader = VerifyingReader(store.read_parts(entry))
    out = b""
    while chunk := reader.read(3):
        out += chunk
    return out


def test_commit_list_read_delete(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s")
    assert store.list() == []
    assert put(store, "k1", b"hello world")
    [entry] = store.list()
    assert entry.key == "k1"
    assert len(entry.parts) == 3  # 11 bytes in parts of 4
    assert read(store, entry) == b"hello world"
    store.delete(entry)
    assert store.list() == []
    assert list((tmp_path / "s" / "uploads").iterdir()) == []


def test_second_commit_of_a_key_loses_and_leaves_the_first(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    assert put(store, "k", b"first")
    assert not put(store, "k", b"second")
    [entry] = store.list()
    assert read(store, entry) == b"first"
    assert list((tmp_path / "uploads").iterdir()) == []


def test_corrupt_part_is_detected(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    put(store, "k", b"abcdefgh")
    [entry] = store.list()
    part = tmp_path / "entries" / entry_id("k", "v1") / "part-00001"
    part.write_bytes(b"EFGH")
    with pytest.raises(CorruptEntryError):
        read(store, entry)


def test_truncated_part_is_detected(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    put(store, "k", b"abcdefgh")
    [entry] = store.list()
    (tmp_path / "entries" / entry_id("k", "v1") / "part-00001").write_bytes(b"ef")
    with pytest.raises(CorruptEntryError):
        read(store, entry)


def test_unreadable_metadata_is_skipped(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    put(store, "k", b"x")
    bad = tmp_path / "entries" / "junk"
    bad.mkdir()
    (bad / "entry.json").write_text("{not json")
    assert [e.key for e in store.list()] == ["k"]


@pytest.mark.parametrize("damage", ["garbage", "missing"])
def test_an_entry_with_damaged_metadata_does_not_block_its_key(tmp_path: Path, damage: str) -> None:
    store = LocalStore(tmp_path)
    put(store, "k", b"old")
    meta = tmp_path / "entries" / entry_id("k", "v1") / "entry.json"
    if damage == "missing":
        meta.unlink()
    else:
        meta.write_text('{"key": "k", "parts": [')
    assert store.list() == []
    assert put(store, "k", b"new")  # not "saved concurrently by another job"
    [entry] = store.list()
    assert read(store, entry) == b"new"
    assert list((tmp_path / "uploads").iterdir()) == []


def E(key: str, created: str, version: str = "v", event: str = "push") -> Entry:
    return Entry(key, version, "c", ("x",), (Part("sha256:0", 0),), Writer(event=event), created)


ENTRIES = [
    E("deps-linux-aaa", "2026-01-01"),
    E("deps-linux-bbb", "2026-01-03"),
    E("deps-linux-ccc", "2026-01-05", event="pull_request"),
    E("deps-linux-ddd", "2026-01-07", version="other"),
    E("deps-mac-eee", "2026-01-09"),
]
TRUSTED = {"push"}


@pytest.mark.parametrize(
    ("key", "restore", "want", "exact"),
    [
        ("deps-linux-aaa", ("deps-",), "deps-linux-aaa", True),
        ("deps-linux-zzz", ("deps-linux-", "deps-"), "deps-linux-bbb", False),  # newest trusted
        ("deps-linux-zzz", ("deps-",), "deps-mac-eee", False),
        ("deps-linux-ccc", ("deps-linux-",), "deps-linux-bbb", False),  # untrusted writer
        ("deps-linux-ddd", (), None, False),  # other version (paths)
        ("nope", ("none-",), None, False),
    ],
)
def test_select(key: str, restore: tuple[str, ...], want: str | None, exact: bool) -> None:
    match = select(ENTRIES, key, restore, "v", lambda e: e.writer.event in TRUSTED)
    assert (match.entry.key if match else None) == want
    assert (match.exact if match else False) == exact


def test_stale_uploads_are_removed(tmp_path: Path) -> None:
    import os

    store = LocalStore(tmp_path)
    old = store.new_upload()
    (old / "part-00000").write_bytes(b"x")
    os.utime(old, (0, 0))
    fresh = store.new_upload()
    assert not old.exists() and fresh.exists()
