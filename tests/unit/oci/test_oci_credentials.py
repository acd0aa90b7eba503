from __future__ import annotations

import base64
import json
from pathlib import Path

from cicache.oci.credentials import resolve_credentials


def _config(home: Path, doc: dict[str, object]) -> None:
    (home / ".docker").mkdir(parents=True)
    (home / ".docker" / "config.json").write_text(json.dumps(doc))


def _no_helper(program: str, host: str) -> str | None:
    raise AssertionError(f"no helper should run, got {program}")


def test_env_username_password_wins(tmp_path: Path) -> None:
    _config(tmp_path, {"auths": {"q.io": {"auth": base64.b64encode(b"u:p").decode()}}})
    env = {"CICACHE_REGISTRY_USERNAME": "robot", "CICACHE_REGISTRY_PASSWORD": "s3cret"}
    creds = resolve_credentials("q.io", env, tmp_path, _no_helper)
    assert (creds.username, creds.password) == ("robot", "s3cret")
    assert "s3cret" not in repr(creds)


def test_env_token(tmp_path: Path) -> None:
    creds = resolve_credentials("q.io", {"CICACHE_REGISTRY_TOKEN": "tok"}, tmp_path, _no_helper)
    assert creds.token == "tok" and "tok" not in repr(creds)


def test_auths_entry_by_host_and_url(tmp_path: Path) -> None:
    auth = base64.b64encode(b"ciuser:cipass").decode()
    _config(tmp_path, {"auths": {"https://q.io": {"auth": auth}}})
    creds = resolve_credentials("q.io", {}, tmp_path, _no_helper)
    assert (creds.username, creds.password) == ("ciuser", "cipass")


def test_identity_token(tmp_path: Path) -> None:
    _config(tmp_path, {"auths": {"q.io": {"identitytoken": "refresh"}}})
    creds = resolve_credentials("q.io", {}, tmp_path, _no_helper)
    assert (creds.username, creds.password) == ("<token>", "refresh")


def test_cred_helper_for_host_beats_auths(tmp_path: Path) -> None:
    _config(tmp_path, {"credHelpers": {"q.io": "pass"}, "auths": {"q.io": {"auth": "eDp5"}}})
    calls: list[tuple[str, str]] = []

    def runner(program: str, host: str) -> str | None:
        calls.append((program, host))
        return json.dumps({"ServerURL": host, "Username": "h", "Secret": "hs"})

    creds = resolve_credentials("q.io", {}, tmp_path, runner)
    assert calls == [("docker-credential-pass", "q.io")]
    assert (creds.username, creds.password) == ("h", "hs")


def test_creds_store_for_docker_hub(tmp_path: Path) -> None:
    _config(tmp_path, {"credsStore": "desktop"})
    seen: list[str] = []

    def runner(program: str, host: str) -> str | None:
        seen.append(host)
        return json.dumps({"Username": "me", "Secret": "pat"})

    creds = resolve_credentials("registry-1.docker.io", {}, tmp_path, runner)
    assert seen == ["https://index.docker.io/v1/"] and creds.password == "pat"


def test_docker_config_env_and_anonymous_fallback(tmp_path: Path) -> None:
    conf = tmp_path / "dc"
    conf.mkdir()
    (conf / "config.json").write_text(
        json.dumps({"auths": {"x.io": {"auth": base64.b64encode(b"a:b").decode()}}})
    )
    assert (
        resolve_credentials(
            "x.io", {"DOCKER_CONFIG": str(conf)}, tmp_path / "home", _no_helper
        ).username
        == "a"
    )
    anon = resolve_credentials("y.io", {"DOCKER_CONFIG": str(conf)}, tmp_path / "home", _no_helper)
    assert anon.source == "anonymous" and not anon.has_basic


def test_failing_helper_gives_anonymous(tmp_path: Path) -> None:
    _config(tmp_path, {"credsStore": "broken"})
    assert resolve_credentials("q.io", {}, tmp_path, lambda p, h: None).source == "anonymous"
