"""Where buildah and podman keep an entry's cache: one repository per entry.

buildah pushes one image per step, tagged with the step's 64-hex cache key, and refuses a
`--cache-to`/`--cache-from` that carries a tag ("repository must contain neither a tag nor
digest", buildah#4323). So the tag that names an entry's BuildKit cache becomes the last
path component of a repository instead (documented in docs/builders.md):

    quay.io/org/ci-cache:cache-cpu-vllm-amd64  ->  quay.io/org/ci-cache/cache-cpu-vllm-amd64

Repository components are lower-case `[a-z0-9]` runs joined by one `.`, `_`, `__` or a run of
`-` (distribution spec); other characters in the tag become `-`.
"""

from __future__ import annotations

import re

from cicache.errors import ConfigError

__all__ = ["cache_repository", "component"]

_SEPARATORS = re.compile(r"[^a-z0-9]+")
_VALID_SEPARATOR = re.compile(r"^(?:\.|_|__|-+)$")


def component(tag: str) -> str:
    """A tag as one repository path component."""
    lowered = tag.lower()

    def fix(match: re.Match[str]) -> str:
        return match.group(0) if _VALID_SEPARATOR.match(match.group(0)) else "-"

    out = _SEPARATORS.sub(fix, lowered).strip("._-")
    if not out:
        raise ConfigError(f"cache tag `{tag}` gives an empty buildah cache repository name")
    return out


def cache_repository(ref: str) -> str:
    """`host/path:tag` -> `host/path/<tag as component>`; a ref without a tag is kept."""
    if "@" in ref:
        raise ConfigError(
            f"cache ref `{ref}` names a digest; buildah caches need a repository",
            hint="cache refs are `registry/repository:tag`",
        )
    if ":" not in ref[ref.rfind("/") + 1 :]:
        return ref
    repo, _, tag = ref.rpartition(":")
    return f"{repo}/{component(tag)}"
