"""Failures against a real registry: each is one `error:` line or a handled state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cicache.cli.main import main
from cicache.manage.session import open_session
from cicache.manage.status import report_json, status
from cicache.oci.credentials import Credentials

pytestmark = pytest.mark.integration


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


class Tamper(httpx.BaseTransport):
    """Sits in front of the real registry: answers 500 first, or corrupts one manifest."""

    def __init__(self, fail_first: int = 0, corrupt: str | None = None) -> None:
        self.inner = httpx.HTTPTransport()
        self.fail_first = fail_first
        self.corrupt = corrupt
        self.seen = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen += 1
        if self.fail_first:
            self.fail_first -= 1
            return httpx.Response(
                500, json={"errors": [{"code": "UNKNOWN", "message": "injected"}]}
            )
        response = self.inner.handle_request(request)
        if (
            self.corrupt
            and request.url.path.endswith(f"/manifests/{self.corrupt}")
            and request.method == "GET"
        ):
            response.read()
            return httpx.Response(
                200,
                headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"},
                content=b'{"schemaVersion": 2, "config": "oops"',
            )
        return response


@pytest.fixture
def reg(registry: Callable[..., Any], registry_tools: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HOME", "/nonexistent")
    reg = registry()
    client = registry_tools.client_for(reg)
    registry_tools.write_cache(client, "ci-cache", "cache-ok", [b"x" * 10])
    registry_tools.write_cache(client, "ci-cache", "cache-broken", [b"y" * 10])
    client.close()
    return reg


def test_registry_down(reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
    reg.stop()
    code, out, err = run(capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure")
    assert (code, out) == (3, "")
    assert err.splitlines() == [
        f"error: registry {reg.host} is unreachable: connection refused",
        "hint: check the address; pass `--insecure` for a plain-HTTP registry",
    ]


def test_500s_then_success_is_retried(reg: Any) -> None:
    tamper = Tamper(fail_first=2)
    session = open_session(
        reg.ref("ci-cache"),
        insecure=True,
        http=httpx.Client(transport=tamper),
        credentials=Credentials(),
    )
    with session:
        assert session.client.list_tags("ci-cache") == ["cache-broken", "cache-ok"]
    assert tamper.seen == 3


def test_missing_tag(reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "inspect", reg.ref("ci-cache", "cache-nope"), "--insecure")
    assert (code, out) == (3, "")
    assert err == f"error: {reg.ref('ci-cache', 'cache-nope')} not found\n"
    code, _, err = run(
        capsys, "evict", "cache-nope", "--registry", reg.ref("ci-cache"), "--insecure"
    )
    assert code == 3 and err == f"error: tag `cache-nope` not found in {reg.ref('ci-cache')}\n"


def test_missing_repository_has_no_tags(reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "status", "--registry", reg.ref("never-pushed"), "--insecure", "--json"
    )
    assert code == 0 and '"tags": []' in out


def test_malformed_manifest_is_a_handled_state(reg: Any) -> None:
    http = httpx.Client(transport=Tamper(corrupt="cache-broken"))
    with open_session(
        reg.ref("ci-cache"), insecure=True, http=http, credentials=Credentials()
    ) as session:
        doc = report_json(status(session))
    tags = {t["tag"]: t for t in doc["tags"]}
    assert tags["cache-ok"]["kind"] == "buildkit-cache" and tags["cache-ok"]["error"] is None
    assert tags["cache-broken"]["kind"] == "other"
    assert "malformed manifest" in tags["cache-broken"]["error"]
    assert any("cache-broken" in w for w in doc["warnings"])


def test_plain_https_to_http_registry_hints_insecure(
    reg: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "status", "--registry", reg.ref("ci-cache"))
    assert code == 3
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"error: registry {reg.host}")
    assert "--insecure" in lines[1]
