"""Fixtures for oci unit tests: an in-memory registry and a client wired to it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_registry import FakeRegistry

from cicache.oci.client import RegistryClient
from cicache.oci.credentials import Credentials
from cicache.oci.transport import RetryPolicy

NO_WAIT = RetryPolicy(attempts=3, backoff=0.0)


@pytest.fixture
def fake() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture
def make_client() -> Callable[..., RegistryClient]:
    def make(reg: FakeRegistry, creds: Credentials | None = None, **kwargs: Any) -> RegistryClient:
        return RegistryClient(
            reg.host, http=reg.client(), credentials=creds or Credentials(), retry=NO_WAIT, **kwargs
        )

    return make
