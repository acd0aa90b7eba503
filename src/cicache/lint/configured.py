"""The bridge from `cicache.toml` to the linter: settings, and the builds the config plans."""

from __future__ import annotations

from pathlib import Path

from cicache.config import Config, load_config
from cicache.config.load import CONFIG_NAME, _has_tool_section
from cicache.lint.settings import Settings

__all__ = ["find_config_in", "settings_for"]


def find_config_in(root: Path) -> Path | None:
    """The config of the checked tree itself (not of a parent directory)."""
    if (root / CONFIG_NAME).is_file():
        return root / CONFIG_NAME
    pyproject = root / "pyproject.toml"
    return pyproject if pyproject.is_file() and _has_tool_section(pyproject) else None


def settings_for(root: Path, config_file: Path | None = None) -> Settings:
    path = config_file or find_config_in(root)
    if path is None:
        return Settings()
    config: Config = load_config(root, path)
    return Settings(refresh_arg=config.refresh.arg, config=config)
