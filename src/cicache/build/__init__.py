"""The build use case: run the planned entries through a builder and report the cache."""

from __future__ import annotations

from cicache.build.report import BuildReport
from cicache.build.run import build_entries, commands, spec_for

__all__ = ["BuildReport", "build_entries", "commands", "spec_for"]
