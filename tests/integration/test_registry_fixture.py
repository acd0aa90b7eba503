"""The shared registry fixture itself: it serves, enforces auth and stops."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.integration


def test_anonymous_registry_serves_v2(registry: Callable[..., Any]) -> None:
    reg = registry()
    with reg.http() as http:
        assert http.get("/v2/").status_code == 200
    reg.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{reg.url}/v2/", timeout=1.0)


def test_htpasswd_registry_requires_credentials(registry: Callable[..., Any]) -> None:
    reg = registry(auth=("ciuser", "cipass"))
    assert httpx.get(f"{reg.url}/v2/").status_code == 401
    with reg.http() as http:
        assert http.get("/v2/").status_code == 200
    assert httpx.get(f"{reg.url}/v2/", auth=("ciuser", "wrong")).status_code == 401
