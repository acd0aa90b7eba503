"""The JSON schema of the config and its effective values, generated from the declarations."""

from __future__ import annotations

import dataclasses
from typing import Any

from cicache.config.declare import OptionSpec, specs

__all__ = ["as_toml_data", "json_schema"]

_SCALARS = {"str": "string", "int": "integer", "bool": "boolean"}


def _property(spec: OptionSpec) -> dict[str, Any]:
    node: dict[str, Any]
    if spec.kind in _SCALARS:
        node = {"type": _SCALARS[spec.kind]}
    elif spec.kind == "choice":
        node = {"enum": list(spec.choices)}
    elif spec.kind == "list":
        node = {"type": "array", "items": {"type": "string"}}
    elif spec.kind == "strmap":
        node = {
            "type": "object",
            "additionalProperties": {"type": ["string", "integer", "boolean"]},
        }
    elif spec.kind == "rows":
        node = {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": {"type": ["string", "integer", "boolean"]},
            },
        }
    elif spec.kind == "table":
        assert spec.table is not None
        node = _object(spec.table)
    else:  # tablemap
        assert spec.table is not None
        node = {"type": "object", "additionalProperties": _object(spec.table)}
    node["description"] = spec.doc
    if spec.kind in ("str", "int", "bool", "choice", "list") and spec.default is not None:
        node["default"] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return node


def _object(cls: type) -> dict[str, Any]:
    options = specs(cls)
    node: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {s.key: _property(s) for s in options},
    }
    required = [s.key for s in options if s.required]
    if required:
        node["required"] = required
    return node


def _named_rows(node: dict[str, Any]) -> dict[str, Any]:
    """`[name.X]` tables may also be written `[[name]]` with a `name` key (see load.py)."""
    item = dict(node["additionalProperties"])
    item["properties"] = {"name": {"type": "string"}, **item["properties"]}
    item["required"] = ["name", *item.get("required", [])]
    return {"description": node["description"], "anyOf": [node, {"type": "array", "items": item}]}


def json_schema(cls: type) -> dict[str, Any]:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cicache configuration (cicache.toml or [tool.cicache])",
        **_object(cls),
    }
    if "native" in schema["properties"]:
        schema["properties"]["native"] = _named_rows(schema["properties"]["native"])
    return schema


def as_toml_data(value: Any) -> Any:
    """Effective values as plain TOML-able data: kebab-case keys, unset options left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for spec in specs(type(value)):
            item = as_toml_data(getattr(value, spec.attr))
            if item is not None:
                out[spec.key] = item
        return out
    if isinstance(value, dict):
        return {k: as_toml_data(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [as_toml_data(v) for v in value]
    return value
