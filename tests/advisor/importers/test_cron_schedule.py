"""CronJob schedules → average runs per month (exact over a 4-year leap cycle)."""

from __future__ import annotations

import pytest

from advisor.importers.cron import runs_per_month
from advisor.model.checks import InvalidWorkload

DAYS_PER_MONTH = 1461 / 48  # 30.4375: 2024–2027, one leap year


@pytest.mark.parametrize(
    ("schedule", "runs"),
    [
        pytest.param("*/15 * * * *", 4 * 24 * DAYS_PER_MONTH, id="every-15-minutes"),
        pytest.param("0 * * * *", 24 * DAYS_PER_MONTH, id="hourly"),
        pytest.param("@hourly", 24 * DAYS_PER_MONTH, id="macro-hourly"),
        pytest.param("30 2 * * *", DAYS_PER_MONTH, id="daily"),
        pytest.param("@daily", DAYS_PER_MONTH, id="macro-daily"),
        pytest.param("@midnight", DAYS_PER_MONTH, id="macro-midnight"),
        pytest.param("0 9 * * 1-5", 1045 / 48, id="weekdays"),  # 2024-2027 has 1045 weekdays
        pytest.param("0 9 * * MON-FRI", 1045 / 48, id="weekday-names"),
        pytest.param("0 0 1 * *", 1.0, id="monthly"),
        pytest.param("@monthly", 1.0, id="macro-monthly"),
        pytest.param("0 0 1 1 *", 1 / 12, id="yearly"),
        pytest.param("@weekly", 208 / 48, id="weekly"),  # 208 Sundays in 2024-2027
        pytest.param("0 0 * * 7", 208 / 48, id="seven-is-sunday"),
        pytest.param("0 0 31 * *", 28 / 48, id="31st-only-7-months"),
        pytest.param("0 0 29 2 *", 1 / 48, id="leap-day"),
        pytest.param("0,30 8-17 * * *", 2 * 10 * DAYS_PER_MONTH, id="lists-and-ranges"),
        pytest.param("0 0 * JAN,JUL *", 62 / 12, id="month-names"),
        # the 1st or a Monday: 48 firsts + 209 Mondays - 9 Mondays that are a 1st
        pytest.param("0 0 1 * 1", (48 + 209 - 9) / 48, id="dom-or-dow"),
        pytest.param("0 0 ? * *", DAYS_PER_MONTH, id="question-mark"),
        pytest.param("5/20 * * * *", 3 * 24 * DAYS_PER_MONTH, id="start-slash-step"),
    ],
)
def test_supported_schedules(schedule: str, runs: float) -> None:
    assert runs_per_month(schedule) == pytest.approx(runs)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        pytest.param("0 0 L * *", "'L' is not a number or name; supported:", id="last-day"),
        pytest.param("0 0 * * 1#2", "not supported", id="nth-weekday"),
        pytest.param("@every 1h", "expected 5 cron fields", id="every"),
        pytest.param("@reboot", "expected 5 cron fields", id="reboot"),
        pytest.param("CRON_TZ=UTC 0 * * * *", "expected 5 cron fields", id="timezone-prefix"),
        pytest.param("0 25 * * *", "out of range 0-23", id="hour-out-of-range"),
        pytest.param("* * * *", "expected 5 cron fields", id="four-fields"),
        pytest.param("*/0 * * * *", "step must be at least 1", id="zero-step"),
    ],
)
def test_unsupported_schedules_say_what_is_supported(schedule: str, message: str) -> None:
    with pytest.raises(InvalidWorkload, match=message) as info:
        runs_per_month(schedule, "spec.schedule")
    assert str(info.value).startswith("spec.schedule: ")
