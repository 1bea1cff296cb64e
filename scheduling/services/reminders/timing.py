"""Time helpers for reminders: local send hours and quiet hours, DST-correct via zoneinfo."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache

from django.conf import settings


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def local_at(day: dt.date, hour: int, tz: str) -> dt.datetime:
    """`hour`:00 on `day` in zone `tz`, as an aware UTC datetime (DST-correct via zoneinfo)."""
    wall = dt.datetime.combine(day, dt.time(hour), tzinfo=_zone(tz))
    return wall.astimezone(dt.UTC)


def quiet_hours_end(moment: dt.datetime, tz: str) -> dt.datetime | None:
    """When quiet hours (21:00-08:00 local by default) that contain `moment` end; else None."""
    local = moment.astimezone(_zone(tz))
    start, end = settings.REMINDER_QUIET_START_HOUR, settings.REMINDER_QUIET_END_HOUR
    if local.hour >= start:
        return local_at(local.date() + dt.timedelta(days=1), end, tz)
    if local.hour < end:
        return local_at(local.date(), end, tz)
    return None


def outside_quiet_hours(moment: dt.datetime, tz: str) -> dt.datetime:
    return quiet_hours_end(moment, tz) or moment
