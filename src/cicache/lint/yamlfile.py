"""YAML with positions: ruamel.yaml round-trip nodes keep each key's and value's line/column.

Everything above this module sees plain values plus 1-based `(line, column)` pairs; ruamel's
0-based `lc` bookkeeping stays here. YAML errors become one `ConfigError` with the position.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from cicache.errors import ConfigError

__all__ = ["LineCol", "item_pos", "key_pos", "load", "node_pos", "plain", "value_pos"]

LineCol = tuple[int, int]


def load(path: Path, shown: str) -> Any:
    """Parse `path`; `shown` is the path used in error messages (relative to the root)."""
    yaml = YAML(typ="rt")
    try:
        return yaml.load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise ConfigError(f"{where}: invalid YAML: {exc.problem}") from exc
    except (YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot parse YAML: {exc}") from exc


def key_pos(node: Any, key: Any, default: LineCol = (1, 1)) -> LineCol:
    if isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.key(key)
        return line + 1, col + 1
    return default


def value_pos(node: Any, key: Any, default: LineCol = (1, 1)) -> LineCol:
    if isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.value(key)
        return line + 1, col + 1
    return default


def item_pos(node: Any, index: int, default: LineCol = (1, 1)) -> LineCol:
    if isinstance(node, CommentedSeq) and 0 <= index < len(node):
        line, col = node.lc.item(index)
        return line + 1, col + 1
    return default


def node_pos(node: Any, default: LineCol = (1, 1)) -> LineCol:
    """Where a mapping or sequence starts (its first key or item)."""
    if isinstance(node, CommentedMap | CommentedSeq) and node.lc.line is not None:
        return node.lc.line + 1, node.lc.col + 1
    return default


def plain(node: Any) -> Any:
    """Round-trip nodes to plain dicts, lists and scalars (for values, not positions)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node
