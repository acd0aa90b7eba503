"""What `key`, `save`, `restore` and `budget` share: cache selection flags, store flags, and
turning them into caches, a store and a CI context."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from cicache.ci import Context
from cicache.cli.options import context_options, load_project, project_options, resolve_context
from cicache.config import Config, find_config
from cicache.errors import UsageError
from cicache.native.session import Selection, select_caches
from cicache.native.spec import CacheSpec
from cicache.store import Store, open_store

__all__ = ["Prepared", "cache_options", "open_configured_store", "prepare", "store_options"]

F = TypeVar("F", bound=Callable[..., Any])


def _apply(func: F, options: list[Callable[[F], F]]) -> F:
    for option in reversed(options):
        func = option(func)
    return func


def store_options(func: F) -> F:
    return _apply(
        func,
        [
            click.option(
                "--store",
                "store_dir",
                type=click.Path(path_type=Path, file_okay=False),
                help="Local store directory (default: config, else the XDG cache dir).",
            ),
            click.option(
                "--registry",
                metavar="HOST[:PORT]/REPO",
                help="Keep entries as OCI artifacts in this repository.",
            ),
            click.option("--insecure", is_flag=True, help="Plain HTTP for --registry."),
        ],
    )


def cache_options(*, restore_keys: bool, paths: bool = True) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        options: list[Callable[[F], F]] = [
            click.argument("names", nargs=-1),
            click.option("--all", "all_", is_flag=True, help="Every configured native cache."),
            click.option("-k", "--key", "key", help="Ad hoc: the key template."),
            click.option(
                "-f",
                "--field",
                "field_args",
                multiple=True,
                metavar="NAME=VALUE",
                help="Entry field for templates and `when` (repeatable).",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout."),
        ]
        if paths:
            help_text = "Ad hoc: a path to cache (repeatable)."
            path = click.option("-p", "--path", "path_args", multiple=True, help=help_text)
            options.insert(2, path)
        if restore_keys:
            help_text = "Ad hoc: a restore key prefix (repeatable)."
            options.append(
                click.option("--restore-key", "restore_key_args", multiple=True, help=help_text)
            )
        return _apply(project_options(context_options(func)), options)

    return decorate


@dataclass(frozen=True)
class Prepared:
    config: Config
    selection: Selection
    context: Context


def _parse_fields(args: tuple[str, ...]) -> dict[str, str]:
    fields = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        if not sep or not name:
            raise UsageError(f"`--field {arg}` is not NAME=VALUE")
        fields[name.strip()] = value
    return fields


def _config(directory: Path | None, config_file: Path | None, required: bool) -> Config:
    start = directory or Path.cwd()
    if config_file is None and find_config(start) is None and not required:
        return dataclasses.replace(Config(), root=start.resolve())
    return load_project(directory, config_file)


def prepare(params: dict[str, Any], *, need_paths: bool = True) -> Prepared:
    """Ad hoc (`--path`/`--key`) or configured (NAME... / `--all`) caches, plus the context."""
    paths: tuple[str, ...] = params.pop("path_args", ())
    key: str | None = params.pop("key")
    restore: tuple[str, ...] = params.pop("restore_key_args", ())
    names, all_ = params.pop("names"), params.pop("all_")
    fields = _parse_fields(params.pop("field_args"))
    adhoc = bool(paths or key)
    if not adhoc and not names and not all_:
        raise UsageError("name a native cache, pass `--all`, or use `--path` and `--key`")
    config = _config(params.pop("directory"), params.pop("config_file"), required=not adhoc)
    context = resolve_context(config, params)
    if adhoc:
        if names or all_:
            raise UsageError("give cache NAMEs or `--path`/`--key`, not both")
        if not key or (need_paths and not paths):
            raise UsageError("ad hoc caches need both `--path` and `--key`")
        spec = CacheSpec("", paths or (".",), key, restore)
        return Prepared(config, Selection(config.root, [spec], fields), context)
    return Prepared(config, select_caches(config, names, all_, fields), context)


def open_configured_store(
    config: Config, store_dir: Path | None, registry: str | None, insecure: bool
) -> Store:
    if store_dir and registry:
        raise UsageError("`--store` and `--registry` exclude each other")
    if store_dir:
        return open_store("local", str(store_dir))
    if registry or config.store.type == "oci":
        from cicache.oci.reference import parse_repo_ref  # imports httpx: only when needed

        location = registry or config.store.registry
        host = parse_repo_ref(location).host if location else ""
        return open_store("oci", location, insecure=insecure or host in config.registry.insecure)
    location = config.store.path
    if location:
        location = str((config.root / Path(location).expanduser()).resolve())
    return open_store("local", location)
