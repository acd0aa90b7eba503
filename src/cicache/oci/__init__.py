"""Registry back end: an OCI distribution client, BuildKit cache understanding, providers."""

from __future__ import annotations

from cicache.oci.client import RegistryClient, default_http_client
from cicache.oci.credentials import Credentials, resolve_credentials
from cicache.oci.manifest import Descriptor, Manifest
from cicache.oci.reference import ImageRef, RepoRef, parse_image_ref, parse_repo_ref
from cicache.oci.transport import RetryPolicy

__all__ = [
    "Credentials",
    "Descriptor",
    "ImageRef",
    "Manifest",
    "RegistryClient",
    "RepoRef",
    "RetryPolicy",
    "default_http_client",
    "parse_image_ref",
    "parse_repo_ref",
    "resolve_credentials",
]
