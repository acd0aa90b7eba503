"""Bearer-token auth (distribution + a token server): scopes per request, never reused."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from cicache.cli.main import main

pytestmark = pytest.mark.integration


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture
def reg(registry: Callable[..., Any], registry_tools: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HOME", "/nonexistent")
    reg = registry(auth=("ciuser", "cipass"), token_auth=True)
    client = registry_tools.client_for(reg)
    digest = registry_tools.write_cache(client, "ci-cache", "cache-a", [b"a" * 50])
    m = client.get_manifest("ci-cache", "cache-a")
    client.put_manifest("ci-cache", "cache-a-main", m.raw, m.media_type)
    registry_tools.write_cache(client, "ci-cache", "cache-b", [b"b" * 50], form="index")
    assert digest
    client.close()
    return reg


def _tags(reg: Any) -> set[str]:
    with reg.http() as http:
        return set(http.get("/v2/ci-cache/tags/list").json()["tags"])


def test_push_pull_delete_each_get_their_scope(reg: Any, registry_tools: Any) -> None:
    client = registry_tools.client_for(reg)
    reg.tokens.granted.clear()
    client.list_tags("ci-cache")
    client.push_blob("ci-cache", b"new blob")
    client.delete_tag("ci-cache", "cache-b")
    client.list_tags("ci-cache")  # the pull token is still cached: no new grant
    # actions as the registry's challenge orders them (distribution says `push,pull`)
    scopes = [
        (s.rsplit(":", 1)[0], set(s.rsplit(":", 1)[1].split(","))) for _, s in reg.tokens.granted
    ]
    assert scopes == [
        ("repository:ci-cache", {"pull"}),
        ("repository:ci-cache", {"pull", "push"}),
        ("repository:ci-cache", {"delete"}),
    ]
    assert "cache-b" not in _tags(reg)


def test_cross_repo_mount_asks_for_both_repositories(reg: Any, registry_tools: Any) -> None:
    client = registry_tools.client_for(reg)
    digest, _ = client.push_blob("source", b"shared layer")
    reg.tokens.granted.clear()
    client.push_blob("target", b"shared layer", mount_from="source")
    assert client.blob_size("target", digest) == len(b"shared layer")
    granted = {
        (s.rsplit(":", 1)[0], frozenset(s.rsplit(":", 1)[1].split(",")))
        for _, s in reg.tokens.granted
    }
    assert ("repository:target", frozenset({"pull", "push"})) in granted
    assert ("repository:source", frozenset({"pull"})) in granted


def test_commands_with_credentials(
    reg: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CICACHE_REGISTRY_USERNAME", "ciuser")
    monkeypatch.setenv("CICACHE_REGISTRY_PASSWORD", "cipass")
    code, out, _ = run(capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure", "--json")
    assert code == 0 and sorted(t["tag"] for t in json.loads(out)["tags"]) == [
        "cache-a",
        "cache-a-main",
        "cache-b",
    ]
    code, _, _ = run(
        capsys, "evict", "cache-a", "--force", "--registry", reg.ref("ci-cache"), "--insecure"
    )
    assert code == 0 and _tags(reg) == {"cache-a-main", "cache-b"}
    code, out, _ = run(
        capsys,
        "prune",
        "--match",
        "cache-b",
        "--registry",
        reg.ref("ci-cache"),
        "--insecure",
        "--json",
    )
    assert (
        code == 0 and json.loads(out)["deleted"] == ["cache-b"] and _tags(reg) == {"cache-a-main"}
    )


def test_anonymous_can_read_but_not_delete(reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure", "--json")
    assert code == 0 and len(json.loads(out)["tags"]) == 3
    code, _, err = run(
        capsys, "prune", "--match", "cache-b", "--registry", reg.ref("ci-cache"), "--insecure"
    )
    assert code == 3
    assert (
        err.splitlines()[0]
        == f"error: registry {reg.host} answered 401 for ci-cache: check credentials (UNAUTHORIZED)"
    )
    assert "Bearer" not in err and "eyJ" not in err  # no token in the message
    assert "cache-b" in _tags(reg)


def test_bad_password_at_the_token_endpoint(
    reg: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CICACHE_REGISTRY_USERNAME", "ciuser")
    monkeypatch.setenv("CICACHE_REGISTRY_PASSWORD", "wrong-pass")
    code, out, err = run(capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure")
    assert (code, out) == (3, "")
    assert err.splitlines()[0] == (
        f"error: registry {reg.host} refused a token for ci-cache (HTTP 401): check credentials"
    )
    assert "wrong-pass" not in err
