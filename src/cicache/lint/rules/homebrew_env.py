"""CC302 homebrew-cache-without-pinning: Homebrew paths cached while brew may mutate them."""

# ruff: noqa: E501 (examples quote real workflow lines)

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicache.lint.builds import NativeCache, locate
from cicache.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from cicache.lint.project import Project

_BREW_PATH = re.compile(r"Homebrew|/opt/homebrew|/Cellar|/Caskroom|linuxbrew", re.IGNORECASE)
_REQUIRED = ("HOMEBREW_NO_AUTO_UPDATE", "HOMEBREW_NO_INSTALL_CLEANUP")


def _missing(cache: NativeCache) -> list[str]:
    earlier = cache.run.job.steps[: cache.step.index]
    exported = "\n".join(s.run.text for s in earlier if s.run is not None)
    return [
        name for name in _REQUIRED
        if cache.env.get(name, "") in {"", "0", "false"}
        and not re.search(rf"\b{name}=1\b.*GITHUB_ENV", exported)
    ]  # fmt: skip


def check(project: Project) -> Iterator[Hit]:
    config = project.settings.config
    configured = [p for n in config.native.values() for p in n.paths] if config else []
    for cache in project.native_caches:
        if cache.action == "save":
            continue  # restoring is what brew would then mutate
        paths = list(cache.paths) if cache.tool != "cicache" else configured
        brew = [p for p in paths if _BREW_PATH.search(p)]
        missing = _missing(cache) if brew else []
        if missing:
            where = cache.step.with_.get("path") or cache.step.run
            start = where.line if where else cache.step.line
            line, col = locate(
                cache.run.workflow.lines, start, brew[0] if cache.paths else "cicache"
            )
            yield Hit(
                cache.run.workflow.path,
                line,
                col,
                f"Homebrew path `{brew[0]}` is cached but {' and '.join(f'`{m}`' for m in missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set: `brew install` would update "
                "and clean the restored directories",
            )


RULE = Rule(
    code="CC302",
    name="homebrew-cache-without-pinning",
    severity="error",
    summary="Homebrew paths cached without `HOMEBREW_NO_AUTO_UPDATE=1` and `HOMEBREW_NO_INSTALL_CLEANUP=1`.",
    rationale=(
        "Without them, `brew install` first updates Homebrew and then cleans up old versions, "
        "mutating the very directories that were just restored and defeating the cache. Set "
        "both in the job (or workflow) `env:`."
    ),
    bad="""\
  darwin:
    runs-on: macos-14
    steps:
      - uses: actions/cache/restore@v4
        with:
          path: ~/Library/Caches/Homebrew/downloads
          key: brew-${{ hashFiles('.github/workflows/darwin.yml') }}
""",
    good="""\
  darwin:
    runs-on: macos-14
    env:
      HOMEBREW_NO_AUTO_UPDATE: "1"
      HOMEBREW_NO_INSTALL_CLEANUP: "1"
    steps:
      - uses: actions/cache/restore@v4
        with:
          path: ~/Library/Caches/Homebrew/downloads
          key: brew-${{ hashFiles('.github/workflows/darwin.yml') }}
""",
    check=check,
)
