"""Free slots: working hours minus active appointments and time off, from set-based queries.

Whatever the range, one search runs four queries (practitioners, working-hour rules,
appointments, time off) and does the interval arithmetic in Python, so its cost follows the
number of slots offered, not the size of the appointment table.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from scheduling import conf
from scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentType,
    Location,
    Practitioner,
    TimeOff,
    WorkingHours,
)
from scheduling.models.reference import MAX_APPOINTMENT_MINUTES

UTC = dt.UTC
Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Window:
    """A stretch of working time of one practitioner at one location, in UTC."""

    practitioner_id: int
    location_id: int
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    practitioner_id: int
    location_id: int


def local_dates(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo) -> list[dt.date]:
    """Every local calendar date in `tz` that [start, end) touches."""
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def expand_rule(rule: WorkingHours, day: dt.date) -> Window | None:
    """The UTC window of a weekly rule on one local date, or None if it does not apply.

    Wall-clock times are combined with the location's zone and only then converted, so a rule
    of 08:00-17:00 is 08:00-17:00 local on both sides of a DST change and a rule spanning the
    change is 1 h shorter (spring) or longer (autumn) in real time.
    """
    if day.weekday() != rule.weekday:
        return None
    if (rule.valid_from and day < rule.valid_from) or (rule.valid_until and day > rule.valid_until):
        return None
    tz = zoneinfo.ZoneInfo(rule.location.timezone)
    start = dt.datetime.combine(day, rule.start_time, tzinfo=tz).astimezone(UTC)
    end = dt.datetime.combine(day, rule.end_time, tzinfo=tz).astimezone(UTC)
    if end <= start:  # a rule falling into the skipped hour of a spring-forward night
        return None
    return Window(rule.practitioner_id, rule.location_id, start, end)


def working_windows(
    rules: Iterable[WorkingHours], start: dt.datetime, end: dt.datetime
) -> list[Window]:
    """All windows of `rules` that overlap [start, end), sorted by start."""
    windows = []
    for rule in rules:
        tz = zoneinfo.ZoneInfo(rule.location.timezone)
        for day in local_dates(start, end, tz):
            window = expand_rule(rule, day)
            if window and window.start < end and window.end > start:
                windows.append(window)
    return sorted(windows, key=lambda w: (w.practitioner_id, w.start))


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _busy_end(
    busy: Sequence[Interval], ends: Sequence[dt.datetime], s: dt.datetime, e: dt.datetime
) -> dt.datetime | None:
    """End of the busy interval overlapping [s, e), if any (`busy` merged, so ends sorted)."""
    index = bisect_right(ends, s)  # the first interval ending after s
    if index < len(busy) and busy[index][0] < e:
        return busy[index][1]
    return None


def free_slots_in(
    window: Window,
    busy: Sequence[Interval],
    *,
    duration: dt.timedelta,
    grid: dt.timedelta,
    not_before: dt.datetime,
    range_start: dt.datetime,
    range_end: dt.datetime,
) -> list[Slot]:
    """Grid-aligned (from the window's start) free slots of one window."""
    ends = [end for _start, end in busy]
    slots = []
    offset = dt.timedelta(0)
    earliest = max(not_before, range_start)
    if earliest > window.start:
        offset = -((window.start - earliest) // grid) * grid  # ceil to the grid
    t = window.start + offset
    while t + duration <= window.end and t < range_end:
        clash_end = _busy_end(busy, ends, t, t + duration)
        if clash_end is None:
            slots.append(Slot(t, t + duration, window.practitioner_id, window.location_id))
            t += grid
        else:  # jump to the first grid point after the busy stretch
            t = window.start - ((window.start - clash_end) // grid) * grid
    return slots


def eligible_practitioners(
    *,
    appointment_type: AppointmentType,
    practitioner: Practitioner | None = None,
    location: Location | None = None,
) -> QuerySet[Practitioner]:
    queryset = Practitioner.objects.filter(
        is_active=True, discipline__in=appointment_type.disciplines or []
    )
    if practitioner is not None:
        queryset = queryset.filter(pk=practitioner.pk)
    if location is not None:
        queryset = queryset.filter(Q(location=location) | Q(working_hours__location=location))
    return queryset.distinct()


def busy_intervals(
    practitioner_ids: Sequence[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Interval]]:
    """Active appointments and time off per practitioner overlapping [start, end), merged."""
    busy: dict[int, list[Interval]] = defaultdict(list)
    # The lower bound on `start` lets the (practitioner, start) index bound the scan.
    lowest_start = start - dt.timedelta(minutes=MAX_APPOINTMENT_MINUTES)
    appointments = Appointment.objects.filter(
        practitioner_id__in=practitioner_ids,
        status__in=ACTIVE_STATUSES,
        start__gte=lowest_start,
        start__lt=end,
        end__gt=start,
    ).values_list("practitioner_id", "start", "end")
    time_off = TimeOff.objects.filter(
        practitioner_id__in=practitioner_ids, start__lt=end, end__gt=start
    ).values_list("practitioner_id", "start", "end")
    for practitioner_id, busy_start, busy_end in [*appointments, *time_off]:
        busy[practitioner_id].append((busy_start, busy_end))
    return {key: merge_intervals(value) for key, value in busy.items()}


def availability_search(
    *,
    appointment_type: AppointmentType,
    start: dt.datetime,
    end: dt.datetime,
    practitioner: Practitioner | None = None,
    location: Location | None = None,
    grid_minutes: int | None = None,
    limit: int | None = None,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """Free slots for `appointment_type` starting in [start, end), sorted by time.

    Inside working hours, not in the past, not overlapping active appointments or time off.
    """
    grid = dt.timedelta(minutes=grid_minutes or conf.slot_grid_minutes())
    duration = dt.timedelta(minutes=appointment_type.duration_minutes)
    now = now or timezone.now()
    ids = list(
        eligible_practitioners(
            appointment_type=appointment_type, practitioner=practitioner, location=location
        ).values_list("pk", flat=True)
    )
    if not ids or end <= max(start, now):
        return []
    rules = WorkingHours.objects.filter(practitioner_id__in=ids).select_related("location")
    if location is not None:
        rules = rules.filter(location=location)
    windows = working_windows(rules, start, end + duration)
    busy = busy_intervals(ids, start, end + duration)
    slots: list[Slot] = []
    for window in windows:
        slots += free_slots_in(
            window,
            busy.get(window.practitioner_id, []),
            duration=duration,
            grid=grid,
            not_before=now,
            range_start=start,
            range_end=end,
        )
    slots.sort(key=lambda s: (s.start, s.practitioner_id))
    return slots[:limit] if limit else slots


def window_containing(
    *, practitioner: Practitioner, start: dt.datetime, end: dt.datetime
) -> Window | None:
    """The working window of `practitioner` that holds [start, end) entirely, if any."""
    rules = WorkingHours.objects.filter(practitioner=practitioner).select_related("location")
    for window in working_windows(rules, start, end):
        if window.start <= start and end <= window.end:
            return window
    return None


def time_off_overlapping(
    *, practitioner: Practitioner, start: dt.datetime, end: dt.datetime
) -> TimeOff | None:
    return TimeOff.objects.filter(practitioner=practitioner, start__lt=end, end__gt=start).first()
