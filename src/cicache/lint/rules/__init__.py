"""The rule registry: code -> rule. Adding a rule: one module here, one line below."""

from __future__ import annotations

from cicache.lint.rule import Rule
from cicache.lint.rules import (
    cache_mount_not_exported,
    cache_ref_collision,
    cache_ref_platforms,
    cache_to_ignore_error,
    cache_to_mode,
    cache_write_on_pr,
    homebrew_env,
    index_form_registry,
    iso_week_year,
    native_save_on_pr,
    read_never_written,
    refresh_not_declared,
    refresh_not_passed,
    refresh_step_missing,
)

__all__ = ["REGISTRY", "find_rule"]

REGISTRY: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        cache_write_on_pr.RULE,
        cache_to_ignore_error.RULE,
        cache_to_mode.RULE,
        cache_ref_collision.RULE,
        cache_ref_platforms.RULE,
        index_form_registry.RULE,
        read_never_written.RULE,
        refresh_not_passed.RULE,
        refresh_not_declared.RULE,
        refresh_step_missing.RULE,
        iso_week_year.RULE,
        native_save_on_pr.RULE,
        homebrew_env.RULE,
        cache_mount_not_exported.RULE,
    )
}


def find_rule(code_or_name: str) -> Rule | None:
    """A rule by code (`CC101`, any case) or by name (`cache-write-on-pr`)."""
    wanted = code_or_name.strip()
    for rule in REGISTRY.values():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None
