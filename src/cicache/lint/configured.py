"""The bridge from `cicache.toml` to the linter: settings, and the builds the config plans.

Workflows that call `cicache plan` get their cache refs, build-args and platforms from the
config at run time, so the linter renders the same config statically: one `PlannedEntry`
per entry of each target that some workflow builds through cicache. Findings about config
options point at the line of `cicache.toml` that sets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cicache.config import Config, load_config
from cicache.config.load import CONFIG_NAME, _has_tool_section
from cicache.config.locate import locate
from cicache.config.matrix import Entry, load_entries
from cicache.keys.template import TemplateError, parse
from cicache.lint import matrix
from cicache.lint.settings import Settings
from cicache.plan import refresh

__all__ = ["ConfigFile", "PlannedEntry", "find_config_in", "planned_entries", "settings_for"]

_TARGET_FLAG = re.compile(r"\bcicache\s+(?:plan|build)\b[^\n]*?--target[= ]+['\"]?([\w.-]+)")
_CICACHE_BUILD = re.compile(r"\bcicache\s+(?:plan|build)\b")


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
    rules = dict(config.check.rules)
    return Settings(refresh_arg=config.refresh.arg, rules=rules, config=config)


@dataclass(frozen=True)
class ConfigFile:
    """The config's text, for positions: `line_of("cache", "ignore-error")`."""

    path: str  # relative to the checked root
    text: str
    prefix: tuple[str, ...]  # ("tool", "cicache") inside pyproject.toml

    def line_of(self, *keys: str | int) -> int:
        return locate(self.text, tuple(keys), self.prefix) or 1

    def written(self, *keys: str) -> bool:
        return locate(self.text, tuple(keys), self.prefix) not in (None, self.line_of(*keys[:-1]))


def config_file(root: Path, config: Config) -> ConfigFile | None:
    if config.source is None:
        return None
    try:
        rel = config.source.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = str(config.source)
    prefix = ("tool", "cicache") if config.source.name == "pyproject.toml" else ()
    return ConfigFile(rel, config.source.read_text(encoding="utf-8"), prefix)


@dataclass(frozen=True)
class PlannedEntry:
    target: str
    fields: Mapping[str, str]
    ref: str  # repository:tag, written by pushes to the default branch
    platforms: tuple[str, ...]
    dockerfile: str
    refresh: bool
    path: str  # where the entry is written (matrix file or config)
    line: int
    column: int


def used_targets(config: Config, scripts: Iterable[str]) -> list[str]:
    """Targets some workflow builds through `cicache plan|build` (all, if none is named)."""
    texts = list(scripts)
    named = {m for text in texts for m in _TARGET_FLAG.findall(text)}
    if named:
        return [t for t in config.target if t in named]
    return list(config.target) if any(_CICACHE_BUILD.search(t) for t in texts) else []


def _render(template: str, fields: Mapping[str, str]) -> str | None:
    try:
        return parse(template).render(fields.get)
    except TemplateError:
        return None  # reported by `cicache config check`, not a caching rule


def _positions(
    root: Path, config: Config, name: str, cfg: ConfigFile
) -> dict[int, tuple[str, int, int]]:
    target = config.target[name]
    if target.matrix is None:
        start = cfg.line_of("target", name, "entries")
        lines = cfg.text.splitlines()
        rows = [n for n in range(start, len(lines) + 1) if lines[n - 1].lstrip().startswith("{")]
        rows = rows[: len(target.entries)] or [start]
        return {
            i: (cfg.path, rows[min(i, len(rows) - 1)], 1) for i in range(len(target.entries) or 1)
        }
    found = matrix.load_file(root, target.matrix.file, target.matrix.key)
    return {i: _tag_field_pos(target.tag, e) for i, e in enumerate(found)}


def _tag_field_pos(tag: str, entry: matrix.MatrixEntry) -> tuple[str, int, int]:
    """Where an entry's cache tag is decided: the last tag field it sets (else the entry)."""
    try:
        fields = [p.expr for p in parse(tag).placeholders]
    except TemplateError:
        fields = []
    written = [f for f in fields if f in entry.field_pos]
    if not written:
        return entry.path, entry.line, entry.column
    return (entry.path, *entry.field_pos[written[-1]])


def _planned(config: Config, entry: Entry, where: tuple[str, int, int]) -> PlannedEntry | None:
    target = config.target[entry.target]
    tag = _render(target.tag, entry.fields)
    dockerfile = _render(target.dockerfile, entry.fields)
    platforms = _render(target.platforms, entry.fields)
    if tag is None or dockerfile is None or platforms is None:
        return None
    repository = target.registry or config.cache.registry
    applies = refresh.applies(config.refresh, target.refresh, dockerfile, entry.fields)
    plats = tuple(sorted(p.strip().lower() for p in platforms.split(",") if p.strip()))
    return PlannedEntry(
        entry.target, entry.fields, f"{repository}:{tag}", plats, dockerfile, applies, *where
    )


def planned_entries(
    root: Path, config: Config, cfg: ConfigFile, targets: Iterable[str]
) -> tuple[PlannedEntry, ...]:
    out: list[PlannedEntry] = []
    for name in targets:
        positions = _positions(root, config, name, cfg)
        for entry in load_entries(config, name):
            where = positions.get(entry.index, (cfg.path, cfg.line_of("target", name), 1))
            if (planned := _planned(config, entry, where)) is not None:
                out.append(planned)
    return tuple(out)
