"""Provider adapters against recorded-style responses (tests/fixtures/providers)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_registry import FakeRegistry

from cicache.errors import RegistryError, UsageError
from cicache.oci.client import RegistryClient
from cicache.oci.credentials import Credentials
from cicache.oci.providers import get_provider, provider_name
from cicache.oci.providers.dockerhub import DockerHub
from cicache.oci.providers.ghcr import Ghcr
from cicache.oci.providers.quay import Quay
from cicache.oci.transport import RetryPolicy

FIXTURES = Path(__file__).parents[2] / "fixtures" / "providers"
Route = Callable[[httpx.Request], httpx.Response | None]


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


class Api:
    """Answers REST calls from routes; falls through to an in-memory registry for /v2/."""

    def __init__(self, host: str, routes: list[Route]) -> None:
        self.registry = FakeRegistry(host=host)
        self.routes = routes
        self.seen: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        for route in self.routes:
            if (response := route(request)) is not None:
                return response
        if request.url.path.startswith("/v2/") and request.url.host == self.registry.host:
            return self.registry.handle(request)
        return httpx.Response(404, json={"message": "Not Found"})

    def client(self) -> RegistryClient:
        http = httpx.Client(transport=httpx.MockTransport(self.handle))
        return RegistryClient(
            self.registry.host, http=http, credentials=Credentials(), retry=RetryPolicy(backoff=0)
        )

    def calls(self, host: str) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.seen if r.url.host == host]


def test_provider_selection_by_host_and_override() -> None:
    assert provider_name("quay.io") == "quay"
    assert provider_name("ghcr.io") == "ghcr"
    assert provider_name("registry-1.docker.io") == "dockerhub"
    assert provider_name("127.0.0.1:5000") == "distribution"
    assert provider_name("registry.example.com", "quay") == "quay"
    with pytest.raises(UsageError, match="unknown registry provider"):
        provider_name("x", "artifactory")


# -- quay -----------------------------------------------------------------------------------
def _quay_routes(deleted: list[str], expirations: list[Any]) -> list[Route]:
    def tags(request: httpx.Request) -> httpx.Response | None:
        if (
            request.method != "GET"
            or request.url.path != "/api/v1/repository/go-skynet/ci-cache/tag/"
        ):
            return None
        assert request.headers["authorization"] == "Bearer quay-oauth"
        assert (
            request.url.params["onlyActiveTags"] == "true" and request.url.params["limit"] == "100"
        )
        return httpx.Response(200, json=_load(f"quay/tags_page{request.url.params['page']}.json"))

    def tag(request: httpx.Request) -> httpx.Response | None:
        prefix = "/api/v1/repository/go-skynet/ci-cache/tag/"
        if not request.url.path.startswith(prefix) or request.url.path == prefix:
            return None
        name = request.url.path.removeprefix(prefix)
        if request.method == "DELETE":
            deleted.append(name)
            return httpx.Response(204)
        expirations.append(json.loads(request.content))
        return httpx.Response(201, json="Updated")

    return [tags, tag]


def test_quay_tag_times_paginate_and_use_start_ts() -> None:
    api = Api("quay.io", _quay_routes([], []))
    quay = Quay(api.client(), "quay-oauth")
    times = quay.tag_times("go-skynet/ci-cache")
    assert times == {
        "cache-cpu-vllm": datetime.fromtimestamp(1793000000, UTC),
        "cache-gpu-nvidia-cuda-12-vllm": datetime.fromtimestamp(1790000000, UTC),
        "cache-localai-gpu-vulkan": datetime.fromtimestamp(1780000000, UTC),
    }


def test_quay_delete_and_expiration_use_rest() -> None:
    deleted: list[str] = []
    expirations: list[Any] = []
    api = Api("quay.io", _quay_routes(deleted, expirations))
    quay = Quay(api.client(), "quay-oauth")
    quay.delete_manifest("go-skynet/ci-cache", "sha256:x", ("cache-a", "cache-b"))
    quay.set_expiration("go-skynet/ci-cache", "cache-c", datetime(2027, 1, 1, tzinfo=UTC))
    assert deleted == ["cache-a", "cache-b"]
    assert expirations == [{"expiration": 1798761600}]


def test_quay_without_token_has_no_times_and_deletes_over_v2() -> None:
    api = Api("quay.io", [])
    quay = get_provider(api.client(), {})
    assert quay.name == "quay" and quay.tag_times("o/r") == {}
    # quay supports v2 tag DELETE; the fake answers 400 like distribution, so the client falls
    # back to isolating the tag. Either way no REST call is made without a token.
    api.registry.put_blob("o/r", b"{}")
    quay.delete_tag("o/r", "t", "sha256:x")
    assert not [c for c in api.calls("quay.io") if c.startswith("DELETE /api")]


def test_quay_401_is_one_line_with_a_hint() -> None:
    api = Api("quay.io", [lambda r: httpx.Response(401, json={"error": "invalid token"})])
    with pytest.raises(RegistryError) as info:
        Quay(api.client(), "expired").tag_times("o/r")
    assert info.value.message == "registry quay.io answered 401 for o/r: check credentials"
    assert info.value.hint and "CICACHE_QUAY_TOKEN" in info.value.hint


# -- ghcr -----------------------------------------------------------------------------------
def _ghcr_routes(deleted: list[str], owner_kind: str = "orgs") -> list[Route]:
    base = f"/{owner_kind}/acme/packages/container/ci-cache/versions"

    def versions(request: httpx.Request) -> httpx.Response | None:
        if request.url.host != "api.github.com":
            return None
        if request.method == "GET" and request.url.path == base:
            assert request.headers["authorization"] == "Bearer ghp_test"
            page = request.url.params["page"]
            return httpx.Response(
                200, json=_load("ghcr/versions_page1.json") if page == "1" else []
            )
        if request.method == "DELETE" and request.url.path.startswith(base + "/"):
            deleted.append(request.url.path.rsplit("/", 1)[1])
            return httpx.Response(204)
        return None

    return [versions]


def test_ghcr_times_from_versions() -> None:
    api = Api("ghcr.io", _ghcr_routes([]))
    times = Ghcr(api.client(), "ghp_test").tag_times("acme/ci-cache")
    assert times == {
        "cache-cpu": datetime(2026, 11, 20, 10, tzinfo=UTC),
        "cache-cpu-main": datetime(2026, 11, 20, 10, tzinfo=UTC),
        "cache-gpu": datetime(2026, 8, 2, 10, tzinfo=UTC),
    }


def test_ghcr_user_packages_fall_back_from_orgs() -> None:
    deleted: list[str] = []
    api = Api("ghcr.io", _ghcr_routes(deleted, owner_kind="users"))
    ghcr = Ghcr(api.client(), "ghp_test")
    ghcr.delete_manifest("acme/ci-cache", "sha256:" + "b" * 64, ("cache-gpu",))
    assert deleted == ["245302"]


def test_ghcr_delete_tag_isolates_then_deletes_that_version() -> None:
    deleted: list[str] = []
    api = Api("ghcr.io", [])

    def versions(request: httpx.Request) -> httpx.Response | None:
        # GitHub lists every manifest pushed to the package as a version, newest first.
        if request.url.host != "api.github.com" or request.method != "GET":
            return None
        pushed = [
            {"id": 900 + i, "name": d, "metadata": {"container": {"tags": []}}}
            for i, d in enumerate(api.registry.repo("acme/ci-cache").manifests)
        ]
        page = request.url.params["page"]
        return httpx.Response(
            200, json=pushed + _load("ghcr/versions_page1.json") if page == "1" else []
        )

    api.routes = [versions, *_ghcr_routes(deleted)]
    ghcr = Ghcr(api.client(), "ghp_test")
    ghcr.delete_tag("acme/ci-cache", "cache-cpu", "sha256:" + "a" * 64)
    assert "PUT /v2/acme/ci-cache/manifests/cache-cpu" in api.calls("ghcr.io")
    assert deleted == ["900"]  # the throwaway version, not 245301 that cache-cpu-main keeps


def test_ghcr_refuses_to_guess_a_version() -> None:
    api = Api("ghcr.io", _ghcr_routes([]))
    with pytest.raises(RegistryError, match="lists no package version"):
        Ghcr(api.client(), "ghp_test").delete_manifest(
            "acme/ci-cache", "sha256:" + "9" * 64, ("x",)
        )


# -- docker hub -----------------------------------------------------------------------------
def _hub_routes(deleted: list[str], logins: list[Any]) -> list[Route]:
    def hub(request: httpx.Request) -> httpx.Response | None:
        if request.url.host != "hub.docker.com":
            return None
        path = request.url.path
        if path == "/v2/auth/token":
            logins.append(json.loads(request.content))
            return httpx.Response(200, json=_load("dockerhub/auth_token.json"))
        assert request.headers["authorization"] == "Bearer hub-access-token-not-a-real-one"
        if path == "/v2/namespaces/acme/repositories/ci-cache/tags":
            page = request.url.params.get("page", "1")
            return httpx.Response(200, json=_load(f"dockerhub/tags_page{page}.json"))
        if request.method == "DELETE" and path.startswith("/v2/repositories/acme/ci-cache/tags/"):
            deleted.append(path.split("/")[-2])
            return httpx.Response(204)
        return None

    return [hub]


def test_dockerhub_times_follow_next_links() -> None:
    logins: list[Any] = []
    api = Api("registry-1.docker.io", _hub_routes([], logins))
    hub = DockerHub(api.client(), "acme-bot", "dckr_pat_x")
    times = hub.tag_times("acme/ci-cache")
    assert logins == [{"identifier": "acme-bot", "secret": "dckr_pat_x"}]
    assert times["cache-cpu"] == datetime(2026, 11, 21, 10, 0, 0, 123456, tzinfo=UTC)
    assert sorted(times) == ["base", "cache-cpu", "cache-gpu"]


def test_dockerhub_deletes_tag_by_tag() -> None:
    deleted: list[str] = []
    api = Api("registry-1.docker.io", _hub_routes(deleted, []))
    DockerHub(api.client(), "acme-bot", "dckr_pat_x").delete_manifest(
        "acme/ci-cache", "sha256:d", ("a", "b")
    )
    assert deleted == ["a", "b"]


def test_dockerhub_without_credentials_is_a_clear_error() -> None:
    api = Api("registry-1.docker.io", [])
    hub = DockerHub(api.client(), None, None)
    assert hub.tag_times("acme/ci-cache") == {}  # times are optional: none without credentials
    with pytest.raises(RegistryError, match="Docker Hub API needs credentials"):
        hub.delete_tag("acme/ci-cache", "cache-cpu", "sha256:d")
    assert api.seen == []
