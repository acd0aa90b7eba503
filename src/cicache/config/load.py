"""Find, read and validate the configuration: `cicache.toml` or `[tool.cicache]`."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cicache.config.checks import check_semantics
from cicache.config.locate import locate
from cicache.config.model import Config
from cicache.config.validate import Problem, build
from cicache.errors import ConfigError

__all__ = ["display_path", "find_config", "load_config"]

CONFIG_NAME = "cicache.toml"


def display_path(path: Path) -> str:
    """A path as a user wants to read it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_TOOL_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*cicache(?![\w-])", re.MULTILINE)


def _has_tool_section(pyproject: Path) -> bool:
    """Whether it configures cicache; a broken file that seems to is kept, to report why."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return _TOOL_HEADER.search(text) is not None
    return isinstance(tool, Mapping) and "cicache" in tool


def find_config(start: Path) -> Path | None:
    """The nearest `cicache.toml` or `pyproject.toml` with `[tool.cicache]`, walking up."""
    for directory in [start, *start.parents]:
        if (directory / CONFIG_NAME).is_file():
            return directory / CONFIG_NAME
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read `{display_path(path)}`: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{display_path(path)}: not UTF-8 text (byte {exc.start}): TOML files are UTF-8"
        ) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        where = f":{match.group(1)}" if match else ""
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc)).rstrip(".").lower()
        raise ConfigError(f"{display_path(path)}{where}: invalid TOML: {reason}") from exc


def _normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """Accept `[[native]]` arrays with `name` keys as well as `[native.NAME]` tables."""
    native = raw.get("native")
    if isinstance(native, list) and all(isinstance(n, Mapping) for n in native):
        raw = dict(raw)
        raw["native"] = {
            str(n.get("name", "")): {k: v for k, v in n.items() if k != "name"} for n in native
        }
    return raw


def _format(problems: list[Problem], path: Path, text: str, prefix: tuple[str, ...]) -> str:
    """One line per problem, in file order: `file:line: key: message (hint)`."""
    lines: list[tuple[int, str]] = []
    for problem in problems:
        line = locate(text, problem.path, prefix)
        where = f"{display_path(path)}:{line}" if line else display_path(path)
        key = ".".join([*prefix, problem.dotted]) if prefix else problem.dotted
        hint = f" ({problem.hint})" if problem.hint else ""
        lines.append((line or 0, f"{where}: {key}: {problem.message}{hint}"))
    return "\n".join(text for _, text in sorted(lines, key=lambda item: item[0]))


def _tool_section(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    tool = document.get("tool")
    section = tool.get("cicache") if isinstance(tool, Mapping) else None
    if section is None:
        raise ConfigError(
            f"{display_path(path)}: no `[tool.cicache]` table",
            hint="add `[tool.cicache]` to it, or use a `cicache.toml`",
        )
    if not isinstance(section, dict):
        raise ConfigError(f"{display_path(path)}: `tool.cicache` must be a table")
    return section


def load_config(directory: Path | None = None, config_file: Path | None = None) -> Config:
    """Load the config for `directory` (default: cwd), or from `config_file` if given."""
    directory = directory or Path.cwd()
    if not directory.is_dir():
        raise ConfigError(f"`{directory}` is not a directory")
    path = config_file or (
        Path(os.environ["CICACHE_CONFIG"])
        if os.environ.get("CICACHE_CONFIG")
        else find_config(directory)
    )
    if path is None:
        raise ConfigError(
            f"no cicache config in `{display_path(directory)}` or its parents",
            hint="create `cicache.toml` (see docs/configuration.md) or pass `--config FILE`",
        )
    text, document = _read_toml(path)
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "cicache")
        document = _tool_section(path, document)
    config, problems = build(Config, _normalise(document))
    if not problems:
        config = dataclasses.replace(config, source=path, root=path.parent.resolve())
        problems = check_semantics(config)
    if problems:
        raise ConfigError(_format(problems, path, text, prefix))
    assert isinstance(config, Config)
    return config
