"""A target's entries: inline in the config or read from a YAML matrix file the repo keeps."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from cicache.config.fields import fields_match
from cicache.config.load import display_path
from cicache.config.model import Config, TargetOptions
from cicache.errors import ConfigError

__all__ = ["Entry", "load_entries"]


@dataclass(frozen=True)
class Entry:
    target: str
    index: int
    fields: Mapping[str, str]
    origin: str  # where it was written, `file:line`, for messages


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _walk(document: Any, key_path: str, where: str) -> Sequence[Any]:
    node = document
    for part in key_path.split(".") if key_path else []:
        if not isinstance(node, Mapping) or part not in node:
            raise ConfigError(
                f"{where}: no key `{part}` (of `{key_path}`)",
                hint="set the target's `matrix.key` to the dotted path of the entry list",
            )
        node = node[part]
    if not isinstance(node, list):
        raise ConfigError(f"{where}: `{key_path}` is not a list of matrix entries")
    return node


def _read_yaml(path: Path, shown: str) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return YAML(typ="rt", pure=True).load(stream)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"matrix file `{shown}` does not exist",
            hint="fix the target's `matrix.file` (relative to the config file)",
        ) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read matrix file `{shown}`: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not UTF-8 text (byte {exc.start})") from exc
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{shown}{line}: {problem}") from exc


def _line(rows: Sequence[Any], index: int) -> int:
    """1-based line of `rows[index]` (ruamel keeps positions of sequence items)."""
    try:
        return int(rows.lc.item(index)[0]) + 1  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return 0


def _from_file(name: str, target: TargetOptions, root: Path) -> list[Entry]:
    assert target.matrix is not None
    path = root / target.matrix.file
    shown = display_path(path)
    rows = _walk(_read_yaml(path, shown), target.matrix.key, shown)
    entries = []
    for i, row in enumerate(rows):
        origin = f"{shown}:{_line(rows, i)}"
        if not isinstance(row, Mapping):
            raise ConfigError(f"{origin}: matrix entry {i} is not a mapping")
        entries.append(Entry(name, i, {str(k): _text(v) for k, v in row.items()}, origin))
    return entries


def _inline(name: str, target: TargetOptions, config: Config) -> list[Entry]:
    shown = display_path(config.source) if config.source else "config"
    rows = target.entries or ({},)  # no matrix at all: one entry with no fields
    return [
        Entry(name, i, dict(row), f"{shown} [target.{name}] entry {i}")
        for i, row in enumerate(rows)
    ]


def load_entries(config: Config, name: str) -> list[Entry]:
    """Entries of target `name`, after its filter, in matrix order."""
    target = config.target[name]
    entries = (
        _from_file(name, target, config.root) if target.matrix else _inline(name, target, config)
    )
    return [e for e in entries if fields_match(e.fields, target.filter)]
