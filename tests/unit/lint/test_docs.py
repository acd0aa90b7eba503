"""docs/rules.md is generated from the rules; every rule documents a bad and a good example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cicache.lint.docs import render
from cicache.lint.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[3]


def test_rules_md_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "regenerate: python -m cicache.lint.docs > docs/rules.md"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_metadata_is_complete(code: str) -> None:
    rule = REGISTRY[code]
    assert re.fullmatch(r"CC\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule.name)
    assert rule.severity in {"error", "warning", "info"}
    assert rule.summary and rule.rationale and rule.bad.strip() and rule.good.strip()
    assert rule.bad != rule.good


def test_names_are_unique() -> None:
    names = [r.name for r in REGISTRY.values()]
    assert len(names) == len(set(names))
