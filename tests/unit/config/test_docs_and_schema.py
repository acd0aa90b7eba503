"""docs/configuration.md and the JSON schema come from the same declarations as validation."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema

from cicache.config.docs import render_docs
from cicache.config.model import Config
from cicache.config.schema import json_schema

ROOT = Path(__file__).resolve().parents[3]


def test_configuration_docs_are_up_to_date() -> None:
    committed = (ROOT / "docs" / "configuration.md").read_text()
    assert committed == render_docs(), (
        "regenerate: python -m cicache.config.docs > docs/configuration.md"
    )


def test_every_option_is_documented() -> None:
    docs = render_docs()
    for key in (
        "ignore-error",
        "write-events",
        "branch-scoped",
        "cadence",
        "dockerfiles",
        "build-args",
        "restore-keys",
        "trusted-events",
        "insecure",
    ):
        assert f"`{key}`" in docs


def test_example_config_validates_against_schema() -> None:
    data = tomllib.loads((ROOT / "examples" / "monorepo" / "cicache.toml").read_text())
    jsonschema.validate(data, json_schema(Config))


def test_schema_rejects_unknown_keys() -> None:
    schema = json_schema(Config)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"cache": {"mdoe": "x"}}))
    assert errors and "mdoe" in errors[0].message
    assert json.dumps(schema)  # serialisable


def test_schema_accepts_both_native_forms() -> None:
    schema = json_schema(Config)
    tables = {"native": {"go": {"paths": ["~/go"], "key": "go"}}}
    rows = {"native": [{"name": "go", "paths": ["~/go"], "key": "go"}]}
    jsonschema.validate(tables, schema)
    jsonschema.validate(rows, schema)
    nameless = {"native": [{"paths": ["~/go"], "key": "go"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(nameless))
