from __future__ import annotations

import httpx
import pytest

from cicache.errors import RegistryError
from cicache.oci.auth import parse_challenge
from cicache.oci.credentials import Credentials
from cicache.oci.transport import RetryPolicy, Transport


def test_parse_challenge_with_quoted_multi_scope() -> None:
    header = (
        'Bearer realm="https://auth.example/token",service="reg",'
        'scope="repository:a:pull,push repository:b:pull"'
    )
    ch = parse_challenge(header)
    assert ch.scheme == "bearer"
    assert ch.params == {
        "realm": "https://auth.example/token",
        "service": "reg",
        "scope": "repository:a:pull,push repository:b:pull",
    }
    assert parse_challenge('Basic realm="x"').scheme == "basic"


class TokenRegistry:
    """Bearer-token registry: a token grants exactly the scope it was issued for."""

    def __init__(self) -> None:
        self.issued: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.test":
            scope = request.url.params.get("scope", "")
            if request.headers.get("authorization") != "Basic dTpw":  # u:p
                return httpx.Response(401)
            self.issued.append(scope)
            return httpx.Response(200, json={"token": f"tok[{scope}]", "expires_in": 300})
        action = "pull,push" if request.method in {"POST", "PUT", "PATCH"} else "pull"
        scope = f"repository:r:{action}"
        if request.headers.get("authorization") != f"Bearer tok[{scope}]":
            challenge = f'Bearer realm="https://auth.test/token",service="reg",scope="{scope}"'
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})
        return httpx.Response(
            200 if request.method == "GET" else 202, headers={"Location": "/u/1"}, json={}
        )


def _transport(handler: TokenRegistry, creds: Credentials) -> Transport:
    http = httpx.Client(transport=httpx.MockTransport(handler.handle))
    return Transport("reg.test", http, creds, retry=RetryPolicy(attempts=1))


def test_tokens_are_cached_per_scope_and_never_reused_across_scopes() -> None:
    reg = TokenRegistry()
    t = _transport(reg, Credentials("u", "p"))
    t.request("GET", "/v2/r/tags/list", repo="r")
    t.request("GET", "/v2/r/tags/list", repo="r")
    t.request("POST", "/v2/r/blobs/uploads/", repo="r", actions="pull,push", ok=(202,))
    t.request("GET", "/v2/r/tags/list", repo="r")
    assert reg.issued == ["repository:r:pull", "repository:r:pull,push"]


def test_refused_token_is_one_line_without_secrets() -> None:
    t = _transport(TokenRegistry(), Credentials("u", "wrong-secret", source="test"))
    with pytest.raises(RegistryError) as info:
        t.request("GET", "/v2/r/tags/list", repo="r")
    assert "401" in info.value.message and "wrong-secret" not in info.value.message
    assert "\n" not in info.value.message
    assert info.value.hint == "the credentials from test were not accepted for reg.test"


def test_401_hint_names_the_rejected_credentials_source() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"errors": [{"code": "UNAUTHORIZED"}]})

    http = httpx.Client(transport=httpx.MockTransport(handle))
    for creds, hint in [
        (Credentials(), "set CICACHE_REGISTRY_USERNAME/CICACHE_REGISTRY_PASSWORD"),
        (Credentials("u", "s3cret", source="CICACHE_REGISTRY_USERNAME"), "credentials from"),
    ]:
        with pytest.raises(RegistryError) as info:
            Transport("reg.test", http, creds).request("GET", "/v2/r/tags/list", repo="r")
        assert hint in str(info.value.hint) and "s3cret" not in str(info.value.hint)


def test_ready_token_is_sent_as_bearer() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        return httpx.Response(200, json={"tags": []})

    http = httpx.Client(transport=httpx.MockTransport(handle))
    Transport("reg.test", http, Credentials(token="abc")).request(
        "GET", "/v2/r/tags/list", repo="r"
    )
    assert seen == ["Bearer abc"]
