"""One rule for matching entry fields against globs (filters, refresh `when`, native `when`)."""

from __future__ import annotations

import pytest

from cicache.config.fields import fields_match

FIELDS = {"lang": "python", "platform-tag": "arm64", "build-type": ""}


@pytest.mark.parametrize(
    ("globs", "expected"),
    [
        ({}, True),
        ({"lang": "python"}, True),
        ({"lang": "py*", "platform-tag": "arm*"}, True),
        ({"lang": "go"}, False),
        ({"lang": "python", "platform-tag": "amd64"}, False),
        ({"build-type": ""}, True),
        ({"missing": ""}, True),  # a missing field is the empty string
        ({"missing": "?*"}, False),
    ],
)
def test_fields_match(globs: dict[str, str], expected: bool) -> None:
    assert fields_match(FIELDS, globs) is expected
