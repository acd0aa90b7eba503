"""The template language: fields, fallbacks, literal braces, malformed templates."""

from __future__ import annotations

import pytest

from cicache.keys.template import Placeholder, TemplateError, parse

FIELDS = {"tag-suffix": "-cpu", "platform-tag": "", "os": "linux"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("cache{tag-suffix}", "cache-cpu"),
        ("cache{tag-suffix}-{platform-tag|amd64}", "cache-cpu-amd64"),
        ("cache{tag-suffix}{missing|}", "cache-cpu"),
        ("{os}-{{literal}}", "linux-{literal}"),
        ("plain", "plain"),
        ("{missing|a|b}", "a|b"),
    ],
)
def test_render(template: str, expected: str) -> None:
    assert parse(template).render(FIELDS.get) == expected


def test_empty_value_without_fallback_renders_empty() -> None:
    assert parse("x{platform-tag}y").render(FIELDS.get) == "xy"


def test_missing_value_without_fallback_is_an_error() -> None:
    with pytest.raises(TemplateError, match=r"no value for `\{missing\}`"):
        parse("x{missing}").render(FIELDS.get)


def test_function_expressions_keep_their_parens_quotes_and_pipes() -> None:
    template = parse("py-{hashFiles('a|b}', \"c\")|none}-{isoweek}")
    assert template.placeholders == (
        Placeholder("hashFiles('a|b}', \"c\")", "none"),
        Placeholder("isoweek", None),
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("cache{tag", "unclosed `{` at column 6"),
        ("cache}x", "unmatched `}` at column 6"),
        ("a{}b", "empty placeholder at column 2"),
    ],
)
def test_malformed(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse(template)
