"""What the configuration says a cache repository should hold. Pure, given the entries.

Each target's cache tag template renders one tag per matrix entry: the tag the default
branch writes. Long-lived branches write `<tag>-<branch>` (policy `branch_scoped`); those
match the template glob, so `prune` may remove them, but `status` lists them as orphans.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cicache.config.matrix import Entry, load_entries
from cicache.config.model import Config
from cicache.errors import ConfigError, UsageError
from cicache.keys.template import TemplateError, parse
from cicache.manage.selection import template_glob

__all__ = ["ConfiguredEntry", "ConfiguredRepo", "configured_repos", "entry_tags"]


@dataclass(frozen=True)
class ConfiguredEntry:
    selector: str  # `target:name`
    tag: str  # the cache tag the default branch writes
    fields: Mapping[str, str]


@dataclass(frozen=True)
class ConfiguredRepo:
    repository: str  # HOST[:PORT]/REPO
    entries: tuple[ConfiguredEntry, ...]

    @property
    def expected(self) -> tuple[tuple[str, str], ...]:
        """(entry selector, cache tag) pairs, what `status` compares the repository with."""
        return tuple((e.selector, e.tag) for e in self.entries)

    globs: tuple[str, ...]  # the cache tag templates as globs
    insecure: bool
    provider: str | None


def _render(template: str, entry: Entry) -> str:
    try:
        return parse(template).render(entry.fields.get)
    except TemplateError as exc:
        raise ConfigError(f"{entry.origin}: cannot render `{template}`: {exc}") from exc


def _repository(config: Config, target: str) -> str:
    repository = config.target[target].registry or config.cache.registry
    if not repository:
        raise ConfigError(
            f"target `{target}` has no cache registry",
            hint="set `[cache] registry` or the target's `registry`",
        )
    return repository


def _group(config: Config, entries: Mapping[str, Sequence[Entry]]) -> dict[str, ConfiguredRepo]:
    repos: dict[str, ConfiguredRepo] = {}
    for target, items in entries.items():
        options = config.target[target]
        repository = _repository(config, target)
        rows = tuple(
            ConfiguredEntry(
                f"{target}:{_render(options.name, e) if options.name else tag}", tag, e.fields
            )
            for e in items
            for tag in [_render(options.tag, e)]
        )
        host = repository.split("/", 1)[0]
        old = repos.get(repository)
        repos[repository] = ConfiguredRepo(
            repository,
            (old.entries if old else ()) + rows,
            tuple(dict.fromkeys((*(old.globs if old else ()), template_glob(parse(options.tag))))),
            host in config.registry.insecure,
            config.registry.providers.get(host),
        )
    return repos


def configured_repos(config: Config, targets: Sequence[str] = ()) -> list[ConfiguredRepo]:
    """One record per cache repository the chosen targets (default: all) write to."""
    for name in targets:
        if name not in config.target:
            raise UsageError(
                f"no target `{name}`", hint=f"targets are {', '.join(sorted(config.target))}"
            )
    chosen = list(targets) or list(config.target)
    if not chosen:
        raise ConfigError("the config defines no targets", hint="add a `[target.NAME]` table")
    return list(_group(config, {t: load_entries(config, t) for t in chosen}).values())


def entry_tags(repo: ConfiguredRepo, selectors: Sequence[str]) -> list[str]:
    """Cache tags of the entries matching any selector."""
    chosen = [e.tag for e in repo.entries if any(_matches(e, s) for s in selectors)]
    return list(dict.fromkeys(chosen))


def _matches(entry: ConfiguredEntry, pattern: str) -> bool:
    """Like `cicache plan --entry`: name or `target:name` (globs), `field=glob`, a field's value."""
    name = entry.selector.partition(":")[2]
    if any(fnmatch.fnmatchcase(v, pattern) for v in (entry.selector, name, entry.tag)):
        return True
    key, sep, glob = pattern.partition("=")
    if sep and key in entry.fields:
        return fnmatch.fnmatchcase(entry.fields[key], glob)
    return pattern in entry.fields.values()
