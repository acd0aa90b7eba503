"""save / restore / key / hash-files / budget through the CLI, in-process, on a local store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cicache.store.entry import entry_id

Run = Callable[..., Any]


def ci(monkeypatch: pytest.MonkeyPatch, event: str, ref: str = "refs/heads/main") -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", event)
    monkeypatch.setenv("GITHUB_REF", ref)
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deps" / "bin").mkdir(parents=True)
    (tmp_path / "deps" / "bin" / "tool").write_text("#!/bin/sh\n")
    (tmp_path / "deps" / "bin" / "tool").chmod(0o755)
    (tmp_path / "deps" / "empty").mkdir()
    (tmp_path / "req.txt").write_text("x\n")
    return tmp_path


def test_adhoc_roundtrip_prints_matched_key(run_cli: Run, ws: Path) -> None:
    store = str(ws / "store")
    saved = run_cli(
        "save", "--path", "deps", "--key", "deps-{hashFiles('req.txt')}", "--store", store
    )
    assert saved.code == 0, saved.err
    key = saved.out.strip()
    assert key.startswith("deps-") and len(key) == 5 + 64
    (ws / "deps" / "bin" / "tool").write_text("changed")
    got = run_cli(
        "restore", "--path", "deps", "--key", "other", "--restore-key", "deps-", "--store", store
    )
    assert got.code == 0 and got.out == key + "\n"
    assert (ws / "deps" / "bin" / "tool").read_text() == "#!/bin/sh\n"
    assert (ws / "deps" / "empty").is_dir()
    assert (ws / "deps" / "bin" / "tool").stat().st_mode & 0o111


def test_miss_prints_nothing_and_fail_on_miss(run_cli: Run, ws: Path) -> None:
    args = ("restore", "--path", "deps", "--key", "nope", "--store", str(ws / "s"))
    miss = run_cli(*args)
    assert (miss.code, miss.out) == (0, "")
    failed = run_cli(*args, "--fail-on-miss")
    assert failed.code == 4 and "error: cache miss for `nope`" in failed.err


def test_github_outputs(run_cli: Run, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = ws / "gh_output"
    store = str(ws / "s")
    run_cli("save", "--path", "deps", "--key", "k1", "--store", store)
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    run_cli("restore", "--path", "deps", "--key", "k1", "--store", store)
    run_cli("restore", "--path", "deps", "--key", "k2", "--restore-key", "k", "--store", store)
    assert out.read_text().splitlines() == [
        "cache-hit=true",
        "matched-key=k1",
        "primary-key=k1",
        "cache-hit=false",
        "matched-key=k1",
        "primary-key=k2",
    ]


def test_pull_request_save_is_refused_with_a_notice(
    run_cli: Run, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ci(monkeypatch, "pull_request", "refs/pull/7/merge")
    got = run_cli("save", "--path", "deps", "--key", "k", "--store", str(ws / "s"))
    assert got.code == 0
    assert "notice: not saving" in got.err
    assert not (ws / "s" / "entries").exists() or not any((ws / "s" / "entries").iterdir())


def test_push_to_default_branch_saves_and_records_writer(
    run_cli: Run, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ci(monkeypatch, "push")
    got = run_cli("save", "--path", "deps", "--key", "k", "--store", str(ws / "s"))
    assert got.code == 0 and got.out == "k\n", got.err
    meta = json.loads((ws / "s" / "entries" / entry_id("k", _version()) / "entry.json").read_text())
    assert meta["writer"]["event"] == "push"
    assert meta["writer"]["ref"] == "refs/heads/main"
    assert meta["writer"]["sha"] == "abc123"


def _version() -> str:
    from cicache.store.entry import version_of

    return version_of(("deps",))


def test_untrusted_writer_is_ignored_in_ci(
    run_cli: Run, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("save", "--path", "deps", "--key", "k", "--store", str(ws / "s"))  # writer: local
    ci(monkeypatch, "push")
    got = run_cli("restore", "--path", "deps", "--key", "k", "--store", str(ws / "s"))
    assert got.out == ""
    assert "miss" in got.err


def test_second_save_of_a_key_is_skipped(run_cli: Run, ws: Path) -> None:
    args = ("save", "--path", "deps", "--key", "k", "--store", str(ws / "s"))
    run_cli(*args)
    again = run_cli(*args)
    assert again.code == 0 and "already stored" in again.err


def test_corrupt_entry_warns_and_leaves_target(run_cli: Run, ws: Path) -> None:
    store = ws / "s"
    run_cli("save", "--path", "deps", "--key", "k", "--store", str(store))
    part = next((store / "entries").glob("*/part-00000"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    (ws / "deps" / "marker").write_text("keep me")
    got = run_cli("restore", "--path", "deps", "--key", "k", "--store", str(store))
    assert got.code == 0 and got.out == ""
    assert "warning: restore: restore of `k` failed" in got.err
    assert (ws / "deps" / "marker").read_text() == "keep me"
    assert sorted(p.name for p in ws.iterdir()) == ["deps", "req.txt", "s"]
    assert "removed it from the local store" in got.err
    # the corrupt entry no longer blocks its key: a save writes it again and restores
    again = run_cli("save", "--path", "deps", "--key", "k", "--store", str(store))
    assert "already stored" not in again.err
    got = run_cli("restore", "--path", "deps", "--key", "k", "--store", str(store))
    assert got.out == "k\n" and "warning" not in got.err


def test_missing_part_is_dropped_like_a_corrupt_one(run_cli: Run, ws: Path) -> None:
    store = ws / "s"
    run_cli("save", "--path", "deps", "--key", "k", "--store", str(store))
    next((store / "entries").glob("*/part-00000")).unlink()
    got = run_cli("restore", "--path", "deps", "--key", "k", "--store", str(store))
    assert got.code == 0 and "cache part missing" in got.err
    assert list((store / "entries").iterdir()) == []
    assert list((store / "uploads").iterdir()) == []


CONFIG = """
[store]
path = "store"

[native.wheels]
paths = ["deps"]
key = "wheels-{backend}-{isoweek}-{hashFiles('req.txt')}"
restore-keys = ["wheels-{backend}-{isoweek}-", "wheels-{backend}-"]
when = { lang = "python" }

[native.tools]
paths = ["deps/bin"]
key = "tools-{os}"
update = "rolling"
"""


def test_configured_caches(run_cli: Run, ws: Path) -> None:
    (ws / "cicache.toml").write_text(CONFIG)
    key = run_cli("key", "wheels", "-f", "backend=vllm", "-f", "lang=python")
    lines = key.out.splitlines()
    assert (
        lines[0].startswith("wheels-vllm-")
        and lines[1].endswith("-")
        and lines[2] == "wheels-vllm-"
    )
    saved = run_cli("save", "--all", "-f", "backend=vllm", "-f", "lang=go")
    assert "`wheels` does not apply" in saved.err or saved.out.count("\n") == 1
    [tools_key] = saved.out.split()
    assert tools_key.startswith("tools-")  # rolling: KEY-<stamp>
    assert tools_key.count("-") >= 2
    got = run_cli("restore", "tools")
    assert got.out.strip() == tools_key
    saved = run_cli("save", "wheels", "-f", "backend=vllm", "-f", "lang=python")
    assert saved.out.startswith("wheels-vllm-")
    budget = json.loads(run_cli("budget", "--json").out)
    assert {c["name"] for c in budget["caches"]} == {"tools", "wheels"}
    assert budget["stored"] > 0 and not budget["over"]


BROKEN_SECOND = """
[store]
path = "store"

[native.a]
paths = ["deps"]
key = "a-{os}"

[native.b]
paths = ["deps/bin"]
key = "b-{hashFiles('nothing')}"
"""


def test_a_bad_key_fails_before_any_cache_is_touched(run_cli: Run, ws: Path) -> None:
    (ws / "cicache.toml").write_text(BROKEN_SECOND)
    saved = run_cli("save", "--all")
    assert saved.code == 2 and saved.out == "" and "native cache `b`" in saved.err
    assert not (ws / "store" / "entries").exists() or not any((ws / "store" / "entries").iterdir())
    assert run_cli("save", "a").code == 0
    (ws / "deps" / "marker").write_text("mine")
    got = run_cli("restore", "--all")
    assert got.code == 2 and got.out == ""
    assert (ws / "deps" / "marker").read_text() == "mine"  # `a` was not restored over it


def test_unknown_cache_name(run_cli: Run, ws: Path) -> None:
    (ws / "cicache.toml").write_text(CONFIG)
    got = run_cli("restore", "whels")
    assert got.code == 2 and "no native cache named `whels`" in got.err


def test_hash_files_command(run_cli: Run, ws: Path) -> None:
    got = run_cli("hash-files", "-C", str(ws), "nothing*")
    assert (got.code, got.out) == (0, "\n")
    got = run_cli("hash-files", "-C", str(ws), "req.txt")
    assert len(got.out.strip()) == 64
    bad = run_cli("hash-files", "../x")
    assert bad.code == 2 and bad.err.startswith("error: hashFiles")


def test_key_error_is_one_line(run_cli: Run, ws: Path) -> None:
    got = run_cli("key", "--key", "k-{hashFiles('none')}")
    assert got.code == 2
    assert got.err.splitlines()[0].startswith("error: the key: no value")


def test_json_output_is_only_json(run_cli: Run, ws: Path) -> None:
    store = str(ws / "s")
    saved = run_cli("save", "--path", "deps", "--key", "j1", "--store", store, "--json")
    assert json.loads(saved.out)[0]["status"] == "saved"
    got = run_cli(
        "restore", "-p", "deps", "-k", "j2", "--restore-key", "j", "--store", store, "--json"
    )
    [row] = json.loads(got.out)
    assert (row["matched-key"], row["cache-hit"]) == ("j1", False)


def test_lookup_only_downloads_nothing(run_cli: Run, ws: Path) -> None:
    store = str(ws / "s")
    run_cli("save", "--path", "deps", "--key", "k", "--store", store)
    (ws / "deps" / "marker").write_text("local")
    got = run_cli("restore", "-p", "deps", "-k", "k", "--store", store, "--lookup-only")
    assert got.out == "k\n"
    assert (ws / "deps" / "marker").read_text() == "local"


PER_ENTRY = """
[native.pyenv]
paths = ["deps"]
key = "pyenv-{backend}-{hashFiles('req.txt')}"
"""


def test_budget_recommends_a_shared_key(run_cli: Run, ws: Path) -> None:
    (ws / "cicache.toml").write_text(PER_ENTRY)
    store = str(ws / "s")
    for backend in ("vllm", "diffusers", "transformers"):
        assert run_cli("save", "pyenv", "-f", f"backend={backend}", "--store", store).code == 0
    got = run_cli("budget", "--store", store, "--limit", "1MB")
    assert got.code == 0
    assert "pyenv" in got.out and "pyenv-vllm-" in got.out
    assert "hint: `pyenv` keeps 3 variants (by {backend})" in got.err
    assert "within the 1.0 MB budget" in got.err


def test_saving_the_project_itself_is_a_usage_error(run_cli: Run, ws: Path) -> None:
    got = run_cli("save", "--path", ".", "--key", "k", "--store", str(ws / "s"))
    assert got.code == 2 and got.err.startswith("error: cache path `.` is the project")
    assert not any((ws / "s" / "entries").glob("*"))
    assert not any((ws / "s" / "uploads").glob("*"))
