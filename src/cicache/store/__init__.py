"""Native cache stores behind the `Store` protocol, chosen through the explicit `STORES` dict.

Adding a store: one module implementing `Store`, one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cicache.errors import UsageError
from cicache.store.base import Store

__all__ = ["STORES", "Store", "open_store"]


def _local(location: str, insecure: bool) -> Store:
    from cicache.store.local import LocalStore

    return LocalStore(Path(location) if location else None)


def _oci(location: str, insecure: bool) -> Store:
    from cicache.oci.client import RegistryClient
    from cicache.oci.reference import parse_repo_ref
    from cicache.store.oci import OciStore

    if not location:
        raise UsageError("the `oci` store needs a registry", hint="set `[store] registry`")
    repo = parse_repo_ref(location)
    return OciStore(RegistryClient(repo.host, insecure=insecure), repo.repo)


# store type -> factory(location, insecure)
STORES: dict[str, Callable[[str, bool], Store]] = {"local": _local, "oci": _oci}


def open_store(kind: str, location: str = "", *, insecure: bool = False) -> Store:
    try:
        factory = STORES[kind]
    except KeyError:
        raise UsageError(f"unknown store type `{kind}`", hint=f"one of {sorted(STORES)}") from None
    return factory(location, insecure)
