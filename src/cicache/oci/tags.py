"""Tag listing that copes with every pagination style seen in the wild.

- OCI: `n`/`last` plus a `Link: <...>; rel="next"` header (resolved against the request URL);
- distribution 2.8 ignores `n` and `last` and returns everything, unsorted, without `Link`;
- quay caps pages at 100 and sends `Link`.
Stop when there is no `Link` and the page is shorter than asked (or longer: it was ignored).
Referrer-fallback tags (`sha256-<hex>`) are not cache tags and are left out.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from cicache.errors import RegistryError
from cicache.oci.transport import Transport

__all__ = ["list_tags"]

_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_REFERRER_TAG = re.compile(r"^sha256-[0-9a-f]{64}")
MAX_PAGES = 10_000


def _next_link(header: str | None, base: str) -> str | None:
    match = _NEXT.search(header or "")
    return urljoin(base, match.group(1)) if match else None


def _page_tags(body: object, repo: str, host: str) -> list[str]:
    tags = body.get("tags") if isinstance(body, dict) else None
    if tags is None:
        return []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise RegistryError(f"registry {host} sent a malformed tag list for {repo}")
    return tags


def list_tags(transport: Transport, repo: str, page_size: int = 1000) -> list[str]:
    """All tags of `repo` in a stable order (sorted); a missing repository has none."""
    seen: dict[str, None] = {}
    url: str | None = f"/v2/{repo}/tags/list?n={page_size}"
    for _ in range(MAX_PAGES):
        if url is None:
            break
        response = transport.request("GET", url, repo=repo, allow=(404,))
        if response.status_code == 404:
            return []
        try:
            page = _page_tags(response.json(), repo, transport.host)
        except ValueError:
            raise RegistryError(
                f"registry {transport.host} sent a malformed tag list for {repo}"
            ) from None
        fresh = [t for t in page if t not in seen]
        seen.update(dict.fromkeys(page))
        url = _next_link(response.headers.get("link"), str(response.request.url))
        if url is None and len(page) == page_size and fresh:
            url = f"/v2/{repo}/tags/list?n={page_size}&last={page[-1]}"
    return sorted(t for t in seen if not _REFERRER_TAG.match(t))
