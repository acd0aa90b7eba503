"""Every cicache option, declared once: its TOML key, type, default and documentation.

The file is `cicache.toml` (or `[tool.cicache]` in `pyproject.toml`). Sections are frozen
dataclasses; see `declare.py` for how the declarations drive validation, schema and docs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cicache.config.declare import REQUIRED, opt

__all__ = [
    "CacheOptions",
    "CheckOptions",
    "Config",
    "MatrixSource",
    "NativeOptions",
    "PolicyOptions",
    "RefreshOptions",
    "RegistryOptions",
    "StoreOptions",
    "TargetOptions",
]

WRITE_EVENTS = ("push", "schedule", "workflow_dispatch")


@dataclass(frozen=True)
class CacheOptions:
    registry: str = opt(
        "",
        "Cache registry repository used by every target that does not set its own.",
        example='"quay.io/org/ci-cache"',
    )
    mode: Literal["max", "min"] = opt(
        "max", "BuildKit export mode: `max` keeps every intermediate stage, `min` the final one."
    )
    ignore_error: bool = opt(
        True, "Add `ignore-error=true` to cache exports, so a registry hiccup never fails a build."
    )
    image_manifest: bool | None = opt(
        None,
        "Write the image-manifest form (`image-manifest=true`); needed by quay.io and ECR. "
        "Unset: BuildKit's default.",
    )
    oci_mediatypes: bool | None = opt(
        None, "Use OCI media types (`oci-mediatypes=true`). Unset: BuildKit's default."
    )
    compression: Literal["", "gzip", "zstd", "estargz", "uncompressed"] = opt(
        "", "Layer compression of cache exports. Empty: BuildKit's default (gzip)."
    )
    compression_level: int | None = opt(None, "Compression level (gzip 0-9, zstd 0-22).")


@dataclass(frozen=True)
class PolicyOptions:
    write_events: tuple[str, ...] = opt(
        WRITE_EVENTS,
        "CI events that may write caches. Every other event (pull_request, "
        "pull_request_target, ...) only reads.",
    )
    write_refs: tuple[str, ...] = opt(
        ("default-branch", "tags"),
        "Refs on which those events write: `default-branch`, `tags`, or branch-name globs.",
    )
    branch_scoped: tuple[str, ...] = opt(
        (),
        "Globs of long-lived branches that write their own tag `<tag>-<branch>` and read it "
        "first, then the default branch's tag.",
        example='["release/*"]',
    )
    default_branch: str = opt(
        "", "Default branch when the CI provider does not tell it. Empty: detect, else `main`."
    )


@dataclass(frozen=True)
class RefreshOptions:
    arg: str = opt("DEPS_REFRESH", "Build-arg that busts the cache of unpinned dependencies.")
    cadence: str = opt(
        "weekly",
        "How often the value changes: `weekly` (ISO week, `2026-W49`), `daily`, `hourly`, "
        "or a custom strftime format (UTC).",
    )
    dockerfiles: tuple[str, ...] = opt(
        (),
        "Globs of Dockerfiles whose entries get the refresh arg.",
        example='["backend/Dockerfile.python"]',
    )
    when: Mapping[str, str] = opt(
        {},
        "Entry fields (globs) that select entries for the refresh arg; all must match.",
        example='{ lang = "python" }',
    )


@dataclass(frozen=True)
class RegistryOptions:
    insecure: tuple[str, ...] = opt(
        (), "Registry hosts reached over plain HTTP.", example='["localhost:5000"]'
    )
    providers: Mapping[str, str] = opt(
        {},
        "Registry host -> API flavour (`quay`, `ghcr`, `dockerhub`, `distribution`) for hosts "
        "not recognised by name.",
        example='{ "registry.example.com" = "quay" }',
    )


@dataclass(frozen=True)
class StoreOptions:
    type: Literal["local", "oci"] = opt(
        "local", "Where native caches live: a local directory or an OCI registry."
    )
    path: str = opt("", "Directory of the local store. Empty: `$XDG_CACHE_HOME/cicache`.")
    registry: str = opt("", "Repository of the `oci` store.", example='"ghcr.io/org/ci-native"')
    budget: str = opt("10GB", "Size budget reported by `cicache budget`.")
    trusted_events: tuple[str, ...] = opt(
        WRITE_EVENTS, "Native cache entries written by other events are never restored."
    )


@dataclass(frozen=True)
class MatrixSource:
    file: str = opt(REQUIRED, "YAML file holding the matrix, relative to the config file.")
    key: str = opt("include", "Dotted key path of the entry list inside that file.")


@dataclass(frozen=True)
class TargetOptions:
    tag: str = opt(
        "cache{tag-suffix}",
        "Cache tag template over entry fields; `{field|fallback}` covers empty fields.",
        example='"cache{tag-suffix}-{platform-tag|amd64}"',
    )
    registry: str = opt("", "Cache repository of this target. Empty: `[cache] registry`.")
    name: str = opt("", "Entry name template (selectors match it). Empty: the rendered tag.")
    dockerfile: str = opt("Dockerfile", "Dockerfile path template.")
    context: str = opt(".", "Build context template.")
    platforms: str = opt(
        "", "Comma-separated platforms template.", example='"{platforms|linux/amd64}"'
    )
    image: str = opt("", "Image reference template passed as `--tag` (optional).")
    build_args: Mapping[str, str] = opt(
        {}, "Build-arg templates.", example='{ BACKEND = "{backend}" }'
    )
    refresh: bool | None = opt(
        None, "Force the refresh arg on (true) or off (false) for every entry. Unset: [refresh]."
    )
    entries: tuple[Mapping[str, str], ...] = opt(
        (), "Inline matrix entries (tables of fields).", example='[{ tag-suffix = "-cpu" }]'
    )
    matrix: MatrixSource | None = opt(None, "Matrix entries read from a YAML file.")
    filter: Mapping[str, str] = opt(
        {}, "Keep only entries whose fields match these globs.", example='{ build-type = "cuda*" }'
    )


@dataclass(frozen=True)
class NativeOptions:
    paths: tuple[str, ...] = opt(REQUIRED, "Directories or globs to cache; `~` expands.")
    key: str = opt(
        REQUIRED, "Key template.", example="\"wheels-{isoweek}-{hashFiles('req*.txt')}\""
    )
    restore_keys: tuple[str, ...] = opt((), "Prefix templates tried in order after the key.")
    when: Mapping[str, str] = opt({}, "Entry fields (globs) that enable this cache.")
    update: Literal["immutable", "rolling"] = opt(
        "immutable",
        "`immutable`: skip the save on an exact hit; `rolling`: a new key each run, "
        "restored by prefix.",
    )


# --- `cicache check` (owned by the lint work, issue 5) ------------------------------------
@dataclass(frozen=True)
class CheckOptions:
    rules: Mapping[str, str] = opt(
        {},
        "Per-rule setting, by code or name: `error`, `warning`, `info` or `off` "
        "(see docs/rules.md).",
        example='{ CC103 = "off", cache-read-never-written = "error" }',
    )


@dataclass(frozen=True)
class Config:
    cache: CacheOptions = opt(CacheOptions(), "Defaults for registry-backed BuildKit caches.")
    policy: PolicyOptions = opt(PolicyOptions(), "Which CI triggers read and write.")
    refresh: RefreshOptions = opt(RefreshOptions(), "The dependency cache-buster.")
    registry: RegistryOptions = opt(RegistryOptions(), "Registry access.")
    store: StoreOptions = opt(StoreOptions(), "The store of native caches.")
    target: Mapping[str, TargetOptions] = opt({}, "Image build targets, by name.")
    native: Mapping[str, NativeOptions] = opt({}, "Native directory caches, by name.")
    check: CheckOptions = opt(CheckOptions(), "`cicache check`: rule severities.")
    # Where the config came from (not options): paths in it are relative to `root`.
    source: Path | None = field(default=None, compare=False)
    root: Path = field(default_factory=Path.cwd, compare=False)
