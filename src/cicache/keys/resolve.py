"""Resolving native cache keys: a template plus entry fields, CI context, env and files.

Placeholders, checked in this order:
- `{hashFiles('pattern', ...)}`: the runner's hashFiles() (relative to the config root;
  patterns may hold placeholders: `hashFiles('backend/{backend}/requirements*.txt')`);
  an empty result (nothing matched) is an error unless a fallback is given: `{hashFiles(...)|}`;
- `{file('path', 'regex')}`: the first capture group of the regex in that file;
- `{env.NAME}`: an environment variable;
- `{isoweek}` (`2026-W49`), `{date}`, `{hour}`, `{month}`: UTC time buckets;
- anything else: an entry field, then a context field (`os`, `arch`, `branch`, `event`...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cicache.keys import functions
from cicache.keys.template import TemplateError, parse

__all__ = ["KeyInputs", "ResolvedKey", "resolve_key", "resolve_template"]

MAX_KEY = 512


@dataclass(frozen=True)
class KeyInputs:
    root: Path
    fields: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, str] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class ResolvedKey:
    key: str
    restore_keys: tuple[str, ...]


def _value(expr: str, inputs: KeyInputs) -> str | None:
    call = functions.parse_call(expr)
    if call is not None:
        match call.name:
            case "hashFiles":
                args = tuple(_render_arg(a, inputs) for a in call.args)
                return functions.hash_files_call(args, inputs.root) or None
            case "file":  # the path may hold placeholders; the regex is literal (`{3}`...)
                args = (_render_arg(call.args[0], inputs), *call.args[1:]) if call.args else ()
                return functions.extract(args, inputs.root)
            case _:
                raise TemplateError(f"unknown function `{call.name}()` (hashFiles, file)")
    if expr.startswith("env."):
        return inputs.env.get(expr[4:])
    if expr in functions.CADENCES:
        return functions.cadence_bucket(expr, inputs.now)
    if expr in inputs.fields:
        return inputs.fields[expr]
    return inputs.context.get(expr)


def _render_arg(arg: str, inputs: KeyInputs) -> str:
    """Placeholders inside a function's path arguments: `hashFiles('b/{backend}/req*.txt')`."""
    return parse(arg).render(lambda expr: _value(expr, inputs)) if "{" in arg else arg


def _why_missing(expr: str) -> str:
    call = functions.parse_call(expr)
    if call is not None and call.name == "hashFiles":
        return f"hashFiles() matched no file (`{{{expr}|}}` allows that)"
    if expr.startswith("env."):
        return f"environment variable `{expr[4:]}` is not set"
    return f"`{expr}` is not an entry field (`-f {expr}=VALUE`) nor a CI context field"


def resolve_template(text: str, inputs: KeyInputs) -> str:
    missed: list[str] = []

    def value(expr: str) -> str | None:
        found = _value(expr, inputs)
        if found is None:
            missed.append(expr)
        return found

    try:
        key = parse(text).render(value)
    except TemplateError as exc:
        if missed and f"`{{{missed[-1]}}}`" in str(exc):  # say why it has no value
            raise TemplateError(f"{exc}: {_why_missing(missed[-1])}") from None
        raise
    if len(key) > MAX_KEY:
        raise TemplateError(f"key is {len(key)} characters; the limit is {MAX_KEY}")
    if any(ch in key for ch in "\n\r\t\0"):
        raise TemplateError(f"key `{key!r}` contains a control character")
    return key


def resolve_key(key: str, restore_keys: tuple[str, ...], inputs: KeyInputs) -> ResolvedKey:
    resolved = resolve_template(key, inputs)
    prefixes = tuple(resolve_template(r, inputs) for r in restore_keys)
    return ResolvedKey(resolved, prefixes)
