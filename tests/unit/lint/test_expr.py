"""The GitHub expression subset: GitHub's documented semantics, three-valued over unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from cicache.lint import interp
from cicache.lint.expr import ExprError, OpenContext, Unknown, evaluate, to_str, truthy


def ctx(event: str = "push", **matrix: Any) -> dict[str, Any]:
    return {
        "github": OpenContext("github", {"event_name": event}),
        "matrix": matrix,
        "inputs": {"tag-suffix": "-cpu"},
        "steps": OpenContext("steps"),
    }


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("github.event_name != 'pull_request'", True),
        ("github.event_name == 'PUSH'", True),  # string comparison ignores case
        ("!(github.event_name == 'push')", False),
        ("github.event_name == 'push' && 'a' || 'b'", "a"),
        ("github.event_name == 'pr' && 'a' || 'b'", "b"),
        ("matrix.missing", None),
        ("matrix['tag-suffix']", "-gpu"),
        ("matrix.tag-suffix", "-gpu"),  # hyphens are part of names
        ("inputs.tag-suffix == '-cpu'", True),
        ("format('cache{0}-{1}', matrix.tag-suffix, 'amd64')", "cache-gpu-amd64"),
        ("format('{{literal}} {0}', 1)", "{literal} 1"),
        ("startsWith('refs/tags/v1', 'refs/tags/')", True),
        ("endsWith('image.tar', '.TAR')", True),
        ('contains(fromJSON(\'["push", "schedule"]\'), github.event_name)', True),
        ("contains('Hello', 'ell')", True),
        ("fromJSON('{\"a\": [1, 2]}').a[1]", 2.0),
        ("join(fromJSON('[\"a\",\"b\"]'), '-')", "a-b"),
        ("1 == '1'", True),  # loose equality coerces to numbers
        ("null == 0", True),
        ("'abc' < 'abd'", True),
        ("0x10 == 16", True),
        ("success() && always()", True),
    ],
)
def test_known_values(expr: str, expected: Any) -> None:
    assert evaluate(expr, ctx(**{"tag-suffix": "-gpu"})) == expected


@pytest.mark.parametrize(
    "expr",
    [
        "github.sha",
        "steps.refresh.outputs.value",
        "github.ref == 'refs/heads/main'",
        "!github.ref",
        "hashFiles('**/go.sum')",
        "failure()",
        "github.ref == 'refs/heads/main' && 'x' || ''",
    ],
)
def test_run_time_values_are_unknown(expr: str) -> None:
    assert isinstance(evaluate(expr, ctx()), Unknown)


def test_unknown_and_false_is_false() -> None:
    assert evaluate("github.sha && github.event_name == 'pr'", ctx()) is False


def test_unknown_or_true_may_hold() -> None:
    assert truthy(evaluate("github.sha || true", ctx())) is None


def test_format_keeps_unknown_arguments_visible() -> None:
    value = evaluate("format('c-{0}', github.ref_name)", ctx())
    assert value == "c-${{ github.ref_name }}"


@pytest.mark.parametrize("bad", ["a ==", "'unclosed", "a b", "f(1,", "a[1"])
def test_syntax_errors(bad: str) -> None:
    with pytest.raises(ExprError):
        evaluate(bad, ctx())


def test_interpolation_and_conditions() -> None:
    c = ctx(event="pull_request", **{"tag-suffix": "-gpu"})
    assert interp.render("cache${{ matrix.tag-suffix }}-${{ 1 }}", c) == "cache-gpu-1"
    assert interp.condition("${{ github.event_name != 'pull_request' }}", c) is False
    assert interp.condition("github.event_name == 'pull_request'", c) is True
    assert interp.condition("github.ref == 'refs/heads/main'", c) is None
    assert interp.condition(None, c) is True
    assert interp.render("${{ '}}' }}", c) == "}}"


def test_to_str_follows_github() -> None:
    assert [to_str(v) for v in (None, True, 3.0, 2.5, "x")] == ["", "true", "3", "2.5", "x"]
