"""Configuration: declared once in `model.py`, loaded and validated by `load.py`."""

from __future__ import annotations

from cicache.config.load import display_path, find_config, load_config
from cicache.config.model import (
    CacheOptions,
    Config,
    MatrixSource,
    NativeOptions,
    PolicyOptions,
    RefreshOptions,
    RegistryOptions,
    StoreOptions,
    TargetOptions,
)

__all__ = [
    "CacheOptions",
    "Config",
    "MatrixSource",
    "NativeOptions",
    "PolicyOptions",
    "RefreshOptions",
    "RegistryOptions",
    "StoreOptions",
    "TargetOptions",
    "display_path",
    "find_config",
    "load_config",
]
