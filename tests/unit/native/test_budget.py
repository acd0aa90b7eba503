from __future__ import annotations

import pytest

from cicache.errors import UsageError
from cicache.native.budget import GB, parse_size, report
from cicache.store.entry import Entry, Part


def entry(cache: str, key: str, size: int, created: str) -> Entry:
    return Entry(key, "v", cache, ("x",), (Part("sha256:0", size),), created=created)


TEMPLATES = {
    "pyenv": "pyenv-{os}-{backend}-{isoweek}-{hashFiles('backend/{backend}/req*.txt')}",
    "go": "go-{os}-{hashFiles('**/go.sum')}",
}
ENTRIES = [
    entry("pyenv", "pyenv-darwin-vllm-2026-W48-aaa", 1500, "1"),
    entry("pyenv", "pyenv-darwin-vllm-2026-W49-bbb", 1600, "2"),  # replaces the W48 one
    entry("pyenv", "pyenv-darwin-diffusers-2026-W49-ccc", 1400, "3"),
    entry("pyenv", "pyenv-darwin-transformers-2026-W49-ddd", 1500, "4"),
    entry("go", "go-darwin-111", 800, "5"),
    entry("go", "go-darwin-222", 810, "6"),
]


def test_steady_state_counts_variants_not_entries() -> None:
    r = report(ENTRIES, TEMPLATES, limit=10 * GB)
    by = {c.name: c for c in r.caches}
    assert by["pyenv"].stored == 6000
    assert len(by["pyenv"].variants) == 3  # one per backend (and os)
    assert by["pyenv"].steady_state == 1600 + 1400 + 1500
    assert by["pyenv"].entry_fields == ("backend",)
    assert by["go"].steady_state == 810  # the hash only replaces the entry
    assert r.steady_state == 4500 + 810


def test_recommends_collapsing_per_entry_keys_when_over_budget() -> None:
    r = report(ENTRIES, TEMPLATES, limit=5000)
    [line] = r.recommendations()
    assert "`pyenv` keeps 3 variants (by {backend})" in line
    assert "~1600 bytes instead of 4500" in line


def test_unknown_cache_counts_each_key() -> None:
    r = report([entry("", "a", 1, "1"), entry("", "b", 2, "2")], {}, limit=GB)
    assert r.steady_state == 3
    assert r.recommendations() == []


@pytest.mark.parametrize(
    ("text", "size"),
    [("10GB", 10 * GB), ("500MB", 500 * 1000**2), ("1.5GiB", int(1.5 * 1024**3)), ("42", 42)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_parse_size_error() -> None:
    with pytest.raises(UsageError, match="not a size"):
        parse_size("ten gigs")
