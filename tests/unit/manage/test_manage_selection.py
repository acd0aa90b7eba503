from __future__ import annotations

from datetime import timedelta

import pytest

from cicache.errors import UsageError
from cicache.keys.template import parse
from cicache.manage.selection import matches_any, parse_age, template_glob


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("30d", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("2w", timedelta(weeks=2)),
        ("90m", timedelta(minutes=90)),
    ],
)
def test_parse_age(text: str, age: timedelta) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize("bad", ["30", "d30", "1y", "-3d", "", "99999999999d", "999999999d"])
def test_bad_ages(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_age(bad)


def test_template_glob_matches_what_the_template_renders() -> None:
    glob = template_glob(parse("cache{tag-suffix}-{platform-tag|amd64}"))
    assert glob == "cache*-*"
    assert matches_any("cache-gpu-vllm-arm64", [glob])
    assert not matches_any("base-image", [glob])
    assert template_glob(parse("cache[x]{a}")) == "cache[[]x]*"
