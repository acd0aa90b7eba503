"""Turn a parsed TOML document into frozen option dataclasses, strictly.

Unknown keys and wrong types are collected (all of them, not just the first) as `Problem`s
naming the dotted key; `load.py` adds file and line. A misspelled key must never silently
turn caching off, so there is no "ignore unknown" mode.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cicache.config.declare import OptionSpec, specs

__all__ = ["Problem", "build"]

PathPart = str | int
_TYPE_NAMES = {str: "a string", bool: "a boolean", int: "an integer", float: "a number"}


@dataclass(frozen=True)
class Problem:
    path: tuple[PathPart, ...]
    message: str
    hint: str | None = None

    @property
    def dotted(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


class _Builder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: tuple[PathPart, ...], message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(path, message, hint))

    def table(self, cls: type, raw: Any, path: tuple[PathPart, ...]) -> Any:
        if not isinstance(raw, Mapping):
            self.fail(path, f"expected a table, got {_describe(raw)}")
            return cls() if all(not s.required for s in specs(cls)) else None
        known = {s.key: s for s in specs(cls)}
        for key in raw:
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                self.fail(
                    (*path, key),
                    f"unknown key `{key}`",
                    f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(known)}",
                )
        values: dict[str, Any] = {}
        for key, spec in known.items():
            if key in raw:
                values[spec.attr] = self.value(spec, raw[key], (*path, key))
            elif spec.required:
                self.fail((*path, key), f"missing required key `{key}`")
                values[spec.attr] = None
        return cls(**values)

    def value(self, spec: OptionSpec, raw: Any, path: tuple[PathPart, ...]) -> Any:
        kind = spec.kind
        if kind in ("str", "int", "bool"):
            expected = {"str": str, "int": int, "bool": bool}[kind]
            if type(raw) is not expected:
                self.fail(path, f"expected {_TYPE_NAMES[expected]}, got {_describe(raw)}")
            return raw
        if kind == "choice":
            if raw not in spec.choices:
                shown = ", ".join(f"`{c}`" if c else '`""`' for c in spec.choices)
                close = difflib.get_close_matches(str(raw), spec.choices, n=1)
                hint = f"did you mean `{close[0]}`?" if close else None
                self.fail(path, f"`{raw}` is not one of {shown}", hint)
            return raw
        if kind == "list":
            return self.strings(raw, path)
        if kind == "strmap":
            return self.strmap(raw, path)
        if kind == "rows":
            if not isinstance(raw, list):
                self.fail(path, f"expected an array of tables, got {_describe(raw)}")
                return ()
            return tuple(self.strmap(row, (*path, i)) for i, row in enumerate(raw))
        if kind == "table":
            assert spec.table is not None
            return self.table(spec.table, raw, path)
        assert spec.table is not None  # tablemap
        if not isinstance(raw, Mapping):
            self.fail(path, f"expected a table, got {_describe(raw)}")
            return {}
        return {name: self.table(spec.table, sub, (*path, name)) for name, sub in raw.items()}

    def strings(self, raw: Any, path: tuple[PathPart, ...]) -> tuple[str, ...]:
        if not isinstance(raw, list):
            self.fail(path, f"expected an array of strings, got {_describe(raw)}")
            return ()
        for i, item in enumerate(raw):
            if not isinstance(item, str):
                self.fail((*path, i), f"expected a string, got {_describe(item)}")
        return tuple(str(item) for item in raw)

    def strmap(self, raw: Any, path: tuple[PathPart, ...]) -> dict[str, str]:
        if not isinstance(raw, Mapping):
            self.fail(path, f"expected a table, got {_describe(raw)}")
            return {}
        out: dict[str, str] = {}
        for key, value in raw.items():
            text = _scalar(value)
            if text is None:
                self.fail((*path, key), f"expected a string, got {_describe(value)}")
                continue
            out[str(key)] = text
        return out


def build(cls: type, raw: Mapping[str, Any]) -> tuple[Any, list[Problem]]:
    """Build `cls` from `raw`; the result is only meaningful when there are no problems."""
    builder = _Builder()
    result = builder.table(cls, raw, ())
    return result, builder.problems
