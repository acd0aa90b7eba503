"""`cicache config`: the effective configuration (every option, defaults filled in)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import tomli_w

from cicache import console
from cicache.cli.options import context_options, load_project, project_options, resolve_context
from cicache.config import display_path
from cicache.config.model import Config
from cicache.config.schema import as_toml_data, json_schema
from cicache.plan.policy import decide

__all__ = ["config_cmd"]


@click.command("config")
@project_options
@context_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of TOML.")
@click.option("--schema", is_flag=True, help="Print the JSON schema of the config file.")
def config_cmd(
    directory: Path | None,
    config_file: Path | None,
    as_json: bool,
    schema: bool,
    **overrides: str | None,
) -> None:
    """Print the effective configuration and the CI context it applies to."""
    if schema:
        console.data(json.dumps(json_schema(Config), indent=2))
        return
    config = load_project(directory, config_file)
    context = resolve_context(config, overrides)
    access = decide(config.policy, context)
    data = as_toml_data(config)
    if as_json:
        data["_source"] = str(config.source)
        data["_context"] = context.as_dict()
        data["_access"] = {"write": access.write, "reason": access.reason}
        console.data(json.dumps(data, indent=2))
        return
    source = display_path(config.source) if config.source else "defaults"
    mode = "read+write" if access.write else "read-only"
    console.data(
        f"# effective config from {source}\n"
        f"# context: {context.provider} `{context.event}` on `{context.ref or 'no ref'}`"
        f" (default branch `{context.default_branch}`): {mode}, {access.reason}\n"
    )
    console.data(tomli_w.dumps(data).rstrip())
