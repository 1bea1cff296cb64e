"""Working hours are local wall-clock times: DST days have 23 and 25 hours."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from scheduling.selectors.availability import availability_search, expand_rule
from tests.factories.scheduling import WorkingHoursFactory
from tests.scheduling.conftest import la

pytestmark = pytest.mark.django_db

# (Sunday of the change, hours of that local day)
DST_DAYS = [
    (dt.date(2026, 3, 8), 23),
    (dt.date(2026, 11, 1), 25),
    (dt.date(2027, 3, 14), 23),
    (dt.date(2027, 11, 7), 25),
]


@pytest.mark.parametrize(("day", "hours"), DST_DAYS)
def test_a_whole_day_rule_lasts_23_or_25_hours_on_dst_days(physician, day, hours) -> None:
    rule = WorkingHoursFactory(
        practitioner=physician, weekday=6, start_time=dt.time(0), end_time=dt.time(23, 59)
    )
    window = expand_rule(rule, day)
    assert window.end - window.start == dt.timedelta(hours=hours - 1, minutes=59)


@pytest.mark.parametrize(("day", "hours"), DST_DAYS)
def test_eight_o_clock_stays_eight_o_clock_across_the_change(physician, day, hours) -> None:
    rule = WorkingHoursFactory(
        practitioner=physician, weekday=6, start_time=dt.time(8), end_time=dt.time(17)
    )
    window = expand_rule(rule, day)
    assert window.start == la(day.year, day.month, day.day, 8)
    assert window.end - window.start == dt.timedelta(hours=9)
    before = day - dt.timedelta(days=7)
    week_before = expand_rule(rule, before)
    # The same local time is a different UTC hour on either side of the change.
    assert window.start.time() != week_before.start.time()
    assert week_before.start == la(before.year, before.month, before.day, 8)


@pytest.mark.parametrize(("day", "hours"), DST_DAYS)
def test_availability_offers_a_slot_per_quarter_hour_of_the_real_day(
    physician, consultation, day, hours
) -> None:
    WorkingHoursFactory(
        practitioner=physician, weekday=6, start_time=dt.time(0), end_time=dt.time(23, 45)
    )
    with time_machine.travel(dt.datetime(day.year, 1, 1, tzinfo=dt.UTC), tick=False):
        slots = availability_search(
            appointment_type=consultation,
            start=la(day.year, day.month, day.day),
            end=la(day.year, day.month, day.day, 23, 59),
        )
    # 15-minute grid, 30-minute visits, a day of `hours` hours ending 15 minutes early.
    assert len(slots) == hours * 4 - 2
    assert slots[0].start == la(day.year, day.month, day.day)
    assert slots[-1].end == la(day.year, day.month, day.day, 23, 45)
    gaps = {b.start - a.start for a, b in zip(slots, slots[1:], strict=False)}
    assert gaps == {dt.timedelta(minutes=15)}
