"""Registry authentication: `WWW-Authenticate` challenges, basic auth, bearer tokens per scope.

A token is cached per (realm, service, scope) and never re-sent for another scope: reusing a
pull token for a push is the bug that breaks oras-py and helm on strict registries
(reference oci-registries.md §4.1, §8.1). Thread-safe: one instance serves the thread pool.
"""

from __future__ import annotations

import base64
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from cicache.oci.credentials import Credentials

__all__ = ["Authenticator", "Challenge", "parse_challenge", "scope_for"]

_PARAM = re.compile(r'([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))')

TokenFetcher = Callable[[httpx.Request], httpx.Response]


@dataclass(frozen=True)
class Challenge:
    scheme: str  # "basic" or "bearer" (lower case)
    params: dict[str, str]


def parse_challenge(header: str) -> Challenge:
    """Parse one `WWW-Authenticate` value; quoted values may hold spaces and commas."""
    scheme, _, rest = header.strip().partition(" ")
    params = {m[1].lower(): m[2] if m[2] else m[3] for m in _PARAM.finditer(rest)}
    return Challenge(scheme.lower(), params)


def scope_for(repo: str, actions: str) -> str:
    return f"repository:{repo}:{actions}"


class AuthError(Exception):
    """Token endpoint refused us; the caller turns this into a RegistryError."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Authenticator:
    def __init__(self, credentials: Credentials, fetch: TokenFetcher) -> None:
        self.credentials = credentials
        self._fetch = fetch
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str, str], tuple[str, float]] = {}
        self._challenge: Challenge | None = None  # the registry's scheme, once known

    def header(self, scope: str) -> str | None:
        """The Authorization value to send up front for `scope`, if one is known."""
        creds = self.credentials
        if creds.token:
            return f"Bearer {creds.token}"
        challenge = self._challenge
        if challenge is None:
            return None
        if challenge.scheme == "basic":
            return self._basic() if creds.has_basic else None
        key = self._key(challenge, scope)
        with self._lock:
            cached = self._tokens.get(key)
        if cached and cached[1] > time.monotonic():
            return f"Bearer {cached[0]}"
        return None

    def respond(self, response: httpx.Response, scope: str) -> str | None:
        """After a 401: the Authorization value to retry with, or None if nothing can help."""
        raw = response.headers.get("www-authenticate")
        if not raw or self.credentials.token:
            return None
        challenge = parse_challenge(raw)
        self._challenge = challenge
        if challenge.scheme == "basic":
            return self._basic() if self.credentials.has_basic else None
        if challenge.scheme != "bearer" or "realm" not in challenge.params:
            return None
        return f"Bearer {self._token(challenge, scope)}"

    def _basic(self) -> str:
        pair = f"{self.credentials.username}:{self.credentials.password}".encode()
        return "Basic " + base64.b64encode(pair).decode()

    @staticmethod
    def _key(challenge: Challenge, scope: str) -> tuple[str, str, str]:
        return (challenge.params.get("realm", ""), challenge.params.get("service", ""), scope)

    def _token(self, challenge: Challenge, scope: str) -> str:
        # The challenge's own scope can hold more than ours (a mount asks for two repositories).
        wanted = challenge.params.get("scope") or scope
        params: list[tuple[str, str | int | float | bool | None]] = [
            ("scope", s) for s in wanted.split(" ") if s
        ]
        if "service" in challenge.params:
            params.insert(0, ("service", challenge.params["service"]))
        request = httpx.Request("GET", challenge.params["realm"], params=params)
        if self.credentials.has_basic:
            request.headers["Authorization"] = self._basic()
        response = self._fetch(request)
        if response.status_code != 200:
            raise AuthError(response.status_code)
        doc = response.json()
        token = doc.get("token") or doc.get("access_token")
        if not isinstance(token, str) or not token:
            raise AuthError(response.status_code)
        ttl = float(doc.get("expires_in") or 60)
        with self._lock:
            # Expire a little early: some registries give 5-minute tokens.
            self._tokens[self._key(challenge, scope)] = (token, time.monotonic() + ttl * 0.9)
        return token
