"""One fixture folder per rule: `fail/` fires exactly that rule (golden text), `pass/` is clean.

Regenerate golden files after an intended change:
`CICACHE_UPDATE_GOLDEN=1 pytest tests/unit/lint`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cicache.lint import check
from cicache.lint.render import render
from cicache.lint.rules import REGISTRY

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"


def test_every_rule_has_a_fixture_folder() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(REGISTRY)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_failing_case_fires_only_its_rule(code: str) -> None:
    result = check(FIXTURES / code / "fail")
    assert result.findings, f"{code}/fail produced no finding"
    assert {f.code for f in result.findings} == {code}
    assert all(f.severity == REGISTRY[code].severity for f in result.findings)
    golden = FIXTURES / code / "expected.txt"
    text = render(result, "text") + "\n"
    if os.environ.get("CICACHE_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_passing_case_is_clean(code: str) -> None:
    result = check(FIXTURES / code / "pass")
    assert result.findings == ()
    assert not result.failed
