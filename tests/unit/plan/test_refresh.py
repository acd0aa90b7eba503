"""The refresh value: ISO week-year for weekly, and which entries get it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cicache.config.model import RefreshOptions
from cicache.plan.refresh import applies, refresh_value


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_weekly_equals_isocalendar(day: date) -> None:
    iso = day.isocalendar()
    at = datetime.combine(day, time(12), tzinfo=UTC)
    assert refresh_value("weekly", at) == f"{iso.year}-W{iso.week:02d}"


@pytest.mark.parametrize(
    ("at", "cadence", "expected"),
    [
        (datetime(2027, 1, 1, tzinfo=UTC), "weekly", "2026-W53"),
        (datetime(2024, 12, 30, tzinfo=UTC), "weekly", "2025-W01"),
        (datetime(2026, 4, 22, 13, 5, tzinfo=UTC), "daily", "2026-04-22"),
        (datetime(2026, 4, 22, 13, 5, tzinfo=UTC), "hourly", "2026-04-22-13"),
        (datetime(2026, 4, 22, tzinfo=UTC), "%Y-%m", "2026-04"),
        # 2026-12-31 23:30 in UTC-5 is already 2027-01-01 in UTC.
        (
            datetime(2026, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
            "daily",
            "2027-01-01",
        ),
    ],
)
def test_cadences(at: datetime, cadence: str, expected: str) -> None:
    assert refresh_value(cadence, at) == expected


def test_selection_by_dockerfile_or_fields() -> None:
    options = RefreshOptions(dockerfiles=("backend/Dockerfile.python",), when={"lang": "py*"})
    assert applies(options, None, "backend/Dockerfile.python", {})
    assert applies(options, None, "backend/Dockerfile.golang", {"lang": "python"})
    assert not applies(options, None, "backend/Dockerfile.golang", {"lang": "go"})
    assert not applies(RefreshOptions(), None, "Dockerfile", {"lang": "python"})
    assert applies(RefreshOptions(), True, "Dockerfile", {})
    assert not applies(options, False, "backend/Dockerfile.python", {})
