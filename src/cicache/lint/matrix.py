"""Matrix entries with positions: GitHub `strategy.matrix` expansion and matrix files.

Expansion follows GitHub's documented order: the cartesian product of the list-valued keys,
minus `exclude`, then each `include` object is merged into every combination it does not
overwrite, or appended as a new combination when it fits none.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cicache.errors import ConfigError
from cicache.lint import yamlfile

__all__ = ["MatrixEntry", "expand", "load_file"]


@dataclass(frozen=True)
class MatrixEntry:
    values: dict[str, Any]
    path: str
    line: int
    column: int
    field_pos: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    def label(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.values.items() if not isinstance(v, dict))
        return "{" + shown + "}"


def _product(node: Any, path: str) -> list[MatrixEntry]:
    keys = [k for k in node if k not in {"include", "exclude"}]
    lists = [v if isinstance(v, list) else [v] for v in (node[k] for k in keys)]
    if not keys:
        return []
    entries = []
    for combo in itertools.product(*lists):
        line, col = yamlfile.key_pos(node, keys[0])
        entries.append(
            MatrixEntry(dict(zip(keys, yamlfile.plain(list(combo)), strict=True)), path, line, col)
        )
    return entries


def _matches(entry: dict[str, Any], pattern: dict[str, Any]) -> bool:
    return all(entry.get(k) == v for k, v in pattern.items())


def expand(node: Any, path: str) -> tuple[MatrixEntry, ...]:
    """Expand a `strategy.matrix` mapping node (not an expression string)."""
    if not isinstance(node, dict):
        return ()
    base = _product(node, path)
    base_keys = {k for k in node if k not in {"include", "exclude"}}
    exclude = node.get("exclude")
    rows = exclude if isinstance(exclude, list) else []  # GitHub rejects others; we skip them
    excludes = [yamlfile.plain(e) for e in rows if isinstance(e, dict)]
    entries = [e for e in base if not any(_matches(e.values, x) for x in excludes)]
    originals = [dict(e.values) for e in entries]
    includes = node.get("include") or []
    for index, item in enumerate(includes if isinstance(includes, list) else []):
        extra = yamlfile.plain(item) if isinstance(item, dict) else {}
        line, col = yamlfile.item_pos(includes, index)
        merged = False
        for i, original in enumerate(originals):
            if all(original.get(k) == v for k, v in extra.items() if k in base_keys):
                entries[i] = MatrixEntry({**entries[i].values, **extra}, path, line, col)
                merged = True
        if not merged:
            entries.append(MatrixEntry(extra, path, line, col))
    return tuple(entries)


def load_file(root: Path, rel: str, key_path: str) -> tuple[MatrixEntry, ...]:
    """Entries from a YAML/JSON matrix file the repo keeps; `key_path` is dotted (`include`)."""
    file = root / rel
    if not file.is_file():
        raise ConfigError(
            f"matrix file `{rel}` does not exist", hint="fix the path in cicache.toml"
        )
    node = yamlfile.load(file, rel)
    for key in [k for k in key_path.split(".") if k]:
        if not isinstance(node, dict) or key not in node:
            raise ConfigError(f"{rel}: no key `{key}` (matrix key path `{key_path}`)")
        node = node[key]
    if isinstance(node, dict):
        return tuple(MatrixEntry(**{**e.__dict__, "path": rel}) for e in expand(node, rel))
    if not isinstance(node, list):
        raise ConfigError(f"{rel}: `{key_path}` is not a list of matrix entries")
    return tuple(
        MatrixEntry(
            yamlfile.plain(item), rel, *yamlfile.item_pos(node, i),
            field_pos={str(k): yamlfile.key_pos(item, k) for k in item},
        )
        for i, item in enumerate(node)
        if isinstance(item, dict)
    )  # fmt: skip
