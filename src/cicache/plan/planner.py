"""plan(config, context, entries) -> Plan. Pure: no I/O, same inputs give the same plan."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from cicache.ci.context import Context
from cicache.config.fields import fields_match
from cicache.config.matrix import Entry
from cicache.config.model import CacheOptions, Config, TargetOptions
from cicache.errors import ConfigError
from cicache.keys.template import TemplateError, parse
from cicache.plan import policy, refresh
from cicache.plan.model import EntryPlan, Plan

__all__ = ["cache_to_value", "plan"]

_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def _render(template: str, entry: Entry, what: str) -> str:
    try:
        return parse(template).render(entry.fields.get)
    except TemplateError as exc:
        raise ConfigError(
            f"{entry.origin}: cannot render {what} of target `{entry.target}`: {exc}",
            hint="give the field a fallback, e.g. `{platform-tag|amd64}`, or `{field|}` for empty",
        ) from exc


def _host(repository: str) -> str:
    return repository.split("/", 1)[0]


def cache_to_value(ref: str, options: CacheOptions, insecure: bool) -> str:
    """The `--cache-to` value, options in a fixed order (byte-stable output)."""
    parts = [f"type=registry,ref={ref}", f"mode={options.mode}"]
    if options.ignore_error:
        parts.append("ignore-error=true")
    for key, value in (
        ("image-manifest", options.image_manifest),
        ("oci-mediatypes", options.oci_mediatypes),
    ):
        if value is not None:
            parts.append(f"{key}={'true' if value else 'false'}")
    if options.compression:
        parts.append(f"compression={options.compression}")
    if options.compression_level is not None:
        parts.append(f"compression-level={options.compression_level}")
    if insecure:
        parts.append("registry.insecure=true")
    return ",".join(parts)


def _tag(target: TargetOptions, entry: Entry) -> str:
    tag = _render(target.tag, entry, "the cache tag")
    if not _TAG.match(tag):
        raise ConfigError(
            f"{entry.origin}: cache tag `{tag}` of target `{entry.target}` is not a valid tag",
            hint="tags are 1-128 of [A-Za-z0-9_.-] and do not start with `.` or `-`",
        )
    return tag


def _scoped(tag: str, scope: str) -> str:
    return f"{tag[: 127 - len(scope)]}-{scope}" if scope else tag


def _entry_plan(config: Config, entry: Entry, access: policy.Access, value: str) -> EntryPlan:
    target = config.target[entry.target]
    repository = target.registry or config.cache.registry
    insecure = _host(repository) in config.registry.insecure
    tag = _tag(target, entry)
    read_tags = [_scoped(tag, s) for s in access.read_scopes] + [tag]
    cache_from = tuple(
        f"type=registry,ref={repository}:{t}" + (",registry.insecure=true" if insecure else "")
        for t in dict.fromkeys(read_tags)
    )
    own_ref = f"{repository}:{_scoped(tag, access.scope)}"
    dockerfile = _render(target.dockerfile, entry, "the dockerfile")
    args = {k: _render(v, entry, f"build-arg {k}") for k, v in target.build_args.items()}
    wants_refresh = refresh.applies(config.refresh, target.refresh, dockerfile, entry.fields)
    if wants_refresh:
        args[config.refresh.arg] = value
    platforms = _render(target.platforms, entry, "the platforms")
    native = tuple(
        n for n, o in sorted(config.native.items()) if fields_match(entry.fields, o.when)
    )
    return EntryPlan(
        target=entry.target,
        name=_render(target.name, entry, "the entry name") if target.name else tag,
        fields=entry.fields,
        origin=entry.origin,
        cache_ref=own_ref,
        cache_from=cache_from,
        cache_to=cache_to_value(own_ref, config.cache, insecure) if access.write else None,
        cache_to_reason=access.reason,
        build_args=args,
        platforms=tuple(p.strip() for p in platforms.split(",") if p.strip()),
        dockerfile=dockerfile,
        context=_render(target.context, entry, "the context"),
        image=_render(target.image, entry, "the image") if target.image else "",
        refresh=wants_refresh,
        native_restore=native,
        native_save=native if access.write else (),
    )


def _check_unique(entries: Sequence[EntryPlan]) -> None:
    seen: dict[str, EntryPlan] = {}
    names: dict[str, EntryPlan] = {}
    for e in entries:
        if (other := seen.get(e.cache_ref)) is not None:
            raise ConfigError(
                f"entries `{other.selector}` ({other.origin}) and `{e.selector}` ({e.origin}) "
                f"share the cache ref `{e.cache_ref}` and would clobber each other's cache",
                hint="make the tag template tell them apart, e.g. add `-{platform-tag|amd64}`",
            )
        if (other := names.get(e.selector)) is not None:
            raise ConfigError(
                f"entries {other.origin} and {e.origin} share the name `{e.selector}`",
                hint="make the target's `name` template tell them apart",
            )
        seen[e.cache_ref] = names[e.selector] = e


def plan(
    config: Config,
    context: Context,
    entries: Mapping[str, Sequence[Entry]],
    *,
    at: datetime | None = None,
) -> Plan:
    """Plan every entry of every target in `entries` (target name -> its entries)."""
    access = policy.decide(config.policy, context)
    value = refresh.refresh_value(config.refresh.cadence, at)
    planned = [_entry_plan(config, e, access, value) for name in entries for e in entries[name]]
    _check_unique(planned)
    return Plan(context, access, config.refresh.arg, value, tuple(planned))
