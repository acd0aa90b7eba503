"""Checks that need more than types: templates parse, targets have a registry, and so on."""

from __future__ import annotations

import re

from cicache.config.model import Config, TargetOptions
from cicache.config.validate import Problem
from cicache.keys.template import TemplateError, parse

__all__ = ["CADENCES", "cadence_problem", "check_semantics"]

CADENCES = ("weekly", "daily", "hourly")
# strftime directives that mean the same on every platform (C89 plus ISO week and %f).
_DIRECTIVES = set("aAbBcdfGHIjmMpSuUVwWxXyYzZ")
# `--build-arg NAME=value`: a name has no `=` and no whitespace (ARG splits on both).
_ARG_NAME = re.compile(r"^[^\s=]+$")
# host[:port]/path, lower-case path components as the distribution spec requires.
_REPOSITORY = re.compile(r"^[A-Za-z0-9.-]+(?::\d+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$")


def _templates(path: tuple[str, ...], target: TargetOptions) -> list[tuple[tuple[str, ...], str]]:
    fields = ["tag", "name", "dockerfile", "context", "platforms", "image"]
    out = [((*path, key), getattr(target, key)) for key in fields]
    out += [((*path, "build-args", k), v) for k, v in target.build_args.items()]
    return out


def _check_target(name: str, target: TargetOptions, config: Config) -> list[Problem]:
    path = ("target", name)
    problems: list[Problem] = []
    for where, text in _templates(path, target):
        try:
            parse(text)
        except TemplateError as exc:
            problems.append(Problem(where, str(exc)))
    registry = target.registry or config.cache.registry
    if not registry:
        problems.append(
            Problem((*path, "registry"), "no cache registry", "set `registry` here or in `[cache]`")
        )
    elif not _REPOSITORY.match(registry):
        problems.append(
            Problem(
                (*path, "registry") if target.registry else ("cache", "registry"),
                f"`{registry}` is not a registry repository",
                "write it as HOST[:PORT]/PATH, e.g. `quay.io/org/ci-cache`",
            )
        )
    if target.entries and target.matrix:
        problems.append(Problem((*path, "matrix"), "set either `entries` or `matrix`, not both"))
    return problems


def cadence_problem(cadence: str) -> str | None:
    """Why `cadence` cannot time a refresh, or None: a format must change with the time."""
    if cadence in CADENCES:
        return None
    directives = re.findall(r"%-?(.)", cadence.replace("%%", ""))
    unknown = [d for d in directives if d not in _DIRECTIVES]
    if unknown:
        return f"`%{unknown[0]}` in cadence `{cadence}` is not a portable strftime directive"
    return None if directives else f"unknown cadence `{cadence}`"


def _check_args(config: Config) -> list[Problem]:
    named: list[tuple[tuple[str, ...], str]] = [(("refresh", "arg"), config.refresh.arg)]
    for name, target in config.target.items():
        named += [(("target", name, "build-args", k), k) for k in target.build_args]
    return [
        Problem(where, f"`{arg}` is not a build-arg name", "no `=` and no spaces")
        for where, arg in named
        if not _ARG_NAME.match(arg)
    ]


def check_semantics(config: Config) -> list[Problem]:
    problems: list[Problem] = []
    if reason := cadence_problem(config.refresh.cadence):
        hint = "use weekly, daily, hourly or a strftime format such as `%Y-%m`"
        problems.append(Problem(("refresh", "cadence"), reason, hint))
    problems += _check_args(config)
    for name, target in config.target.items():
        problems += _check_target(name, target, config)
    for name, native in config.native.items():
        for i, text in enumerate((native.key, *native.restore_keys)):
            try:
                parse(text)
            except TemplateError as exc:
                where = ("native", name, "key") if i == 0 else ("native", name, "restore-keys")
                problems.append(Problem(where, str(exc)))
    return problems
