"""One registry host over one injected `httpx.Client`: auth, retries, and error translation.

Every httpx exception and unexpected status is turned into a `RegistryError` here, once,
with one line such as `registry 127.0.0.1:5000 answered 401 for ci-cache: check credentials`.
Authorization headers and tokens never reach a message.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import httpx

from cicache.errors import RegistryError
from cicache.oci.auth import Authenticator, AuthError, scope_for
from cicache.oci.credentials import Credentials

__all__ = ["RetryPolicy", "Transport"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REASONS = {
    401: "check credentials",
    403: "access denied",
    404: "not found",
    405: "operation not supported by this registry",
    429: "too many requests",
}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff: float = 0.25  # seconds, doubled per attempt
    max_wait: float = 30.0  # cap on Retry-After

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        after: str | None = response.headers.get("retry-after") if response is not None else None
        if after and after.isdigit():
            return min(float(after), self.max_wait)
        return float(self.backoff * 2.0**attempt)


def _reason(response: httpx.Response) -> str:
    with contextlib.suppress(ValueError, AttributeError, IndexError, KeyError, TypeError):
        first = response.json()["errors"][0]
        code, message = first.get("code", ""), first.get("message", "")
        if response.status_code in _REASONS:
            return (
                f"{_REASONS[response.status_code]} ({code})"
                if code
                else _REASONS[response.status_code]
            )
        return f"{code}: {message}".strip(": ")
    return _REASONS.get(
        response.status_code, "server error" if response.status_code >= 500 else "unexpected answer"
    )


def _is_tls(exc: httpx.TransportError) -> bool:
    text = str(exc).lower()
    return "ssl" in text or "tls" in text or "certificate" in text


def _credentials_hint(host: str, credentials: Credentials) -> str:
    if credentials.source == "anonymous":
        return (
            f"set CICACHE_REGISTRY_USERNAME/CICACHE_REGISTRY_PASSWORD or run `docker login {host}`"
        )
    return f"the credentials from {credentials.source} were not accepted for {host}"


class Transport:
    def __init__(
        self,
        host: str,
        http: httpx.Client,
        credentials: Credentials,
        *,
        insecure: bool = False,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        hint_401: str | None = None,
    ) -> None:
        self.host = host
        self.hint_401 = hint_401 or _credentials_hint(host, credentials)
        self.base = f"{'http' if insecure else 'https'}://{host}"
        self.http = http
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self.auth = Authenticator(credentials, self._fetch_token)

    def backoff(self, attempt: int) -> None:
        """Wait before attempt `attempt + 1` of a higher-level retry (e.g. a whole upload)."""
        self._sleep(self.retry.delay(attempt, None))

    def url(self, path: str) -> str:
        return path if "://" in path else f"{self.base}{path}"

    def request(
        self,
        method: str,
        path: str,
        *,
        repo: str,
        actions: str = "pull",
        ok: Collection[int] = (200,),
        allow: Collection[int] = (),
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
        stream: bool = False,
        retry: bool = True,
    ) -> httpx.Response:
        """Send with auth and retries; return responses in `ok` or `allow`, raise otherwise.

        `retry=False` for requests that must not be repeated blindly: an upload PATCH that
        reached the registry before the connection broke would be appended twice.
        """
        scope = scope_for(repo, actions)
        request = self.http.build_request(
            method, self.url(path), headers=headers, content=content, params=params
        )
        response = self._send_authorized(request, scope, repo, stream, retry)
        if response.status_code in ok or response.status_code in allow:
            return response
        if stream:
            response.read()
        raise self.status_error(response, repo)

    def status_error(self, response: httpx.Response, repo: str) -> RegistryError:
        status = response.status_code
        hint = self.hint_401 if status == 401 else None
        if status == 405 and response.request.method == "DELETE":
            hint = "this registry does not allow deletes (distribution: `storage.delete.enabled`)"
        return RegistryError(
            f"registry {self.host} answered {status} for {repo}: {_reason(response)}", hint=hint
        )

    def _send_authorized(
        self, request: httpx.Request, scope: str, repo: str, stream: bool, retry: bool
    ) -> httpx.Response:
        header = self.auth.header(scope)
        if header:
            request.headers["Authorization"] = header
        response = self._send(request, repo, stream, retry)
        if response.status_code != 401:
            return response
        try:
            header = self.auth.respond(response, scope)
        except AuthError as exc:
            raise RegistryError(
                f"registry {self.host} refused a token for {repo} (HTTP {exc.status}):"
                " check credentials",
                hint=self.hint_401,
            ) from None
        if header is None:
            return response
        if stream:
            response.close()
        request.headers["Authorization"] = header
        return self._send(request, repo, stream, retry)

    def _send(self, request: httpx.Request, repo: str, stream: bool, retry: bool) -> httpx.Response:
        attempts = self.retry.attempts if retry else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self.http.send(request, stream=stream, follow_redirects=True)
            except httpx.TransportError as exc:
                if last or _is_tls(exc):  # a TLS mismatch does not heal by retrying
                    raise self._transport_error(exc, repo) from exc
                self._sleep(self.retry.delay(attempt, None))
                continue
            if response.status_code not in RETRY_STATUSES or last:
                return response
            response.close()
            self._sleep(self.retry.delay(attempt, response))
        raise AssertionError("unreachable")  # pragma: no cover

    def _transport_error(self, exc: httpx.TransportError, repo: str) -> RegistryError:
        if isinstance(exc, httpx.TimeoutException):
            return RegistryError(f"registry {self.host} did not answer in time for {repo}")
        text = str(exc).lower()
        hint = "check the address; pass `--insecure` for a plain-HTTP registry"
        if _is_tls(exc):
            return RegistryError(
                f"registry {self.host}: TLS failed ({exc.__class__.__name__})", hint=hint
            )
        reason = "connection refused" if "refused" in text else exc.__class__.__name__
        return RegistryError(f"registry {self.host} is unreachable: {reason}", hint=hint)

    def _fetch_token(self, request: httpx.Request) -> httpx.Response:
        try:
            return self.http.send(request)
        except httpx.TransportError as exc:
            raise self._transport_error(exc, "token") from exc
