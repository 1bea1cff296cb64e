"""Working hours and time off: one home for the admin (and seed_demo).

Writes to one practitioner's schedule lock that practitioner's row first, so two desks adding
overlapping rules at once are checked one after the other (a check under a lock does not race).
Time off never cancels anything: it returns the active appointments it overlaps, for reception
to move or cancel with the patients.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from scheduling.models import Appointment, Practitioner, TimeOff, WorkingHours

User = AbstractBaseUser | None

WORKING_HOURS_FIELDS = (
    "practitioner",
    "location",
    "weekday",
    "start_time",
    "end_time",
    "valid_from",
    "valid_until",
)
TIME_OFF_FIELDS = ("practitioner", "start", "end", "reason")


@dataclass(frozen=True)
class TimeOffSaved:
    """A stored time off and the active appointments inside it (nothing was cancelled)."""

    time_off: TimeOff
    affected: list[Appointment] = field(default_factory=list)


def _pick(data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    allowed = set(fields)
    return {key: value for key, value in data.items() if key in allowed}


def _lock_practitioner(practitioner_id: int | None) -> None:
    if practitioner_id is not None:
        Practitioner.objects.select_for_update().filter(pk=practitioner_id).first()


def _save(obj: WorkingHours | TimeOff, *, by: User) -> None:
    obj._history_user = by  # type: ignore[union-attr]
    obj.save()


# --- working hours ------------------------------------------------------------------------


def working_hours_overlap(first: WorkingHours, second: WorkingHours) -> bool:
    """Do two weekly rules of one practitioner claim the same time on some date?

    Same weekday, overlapping times (08:00-12:00 and 12:00-17:00 touch, they do not overlap),
    and validity ranges that share a date (an empty bound is open). Locations do not matter:
    nobody works in two places at once.
    """
    if first.practitioner_id != second.practitioner_id or first.weekday != second.weekday:
        return False
    if not (first.start_time < second.end_time and second.start_time < first.end_time):
        return False
    first_from, second_from = first.valid_from or dt.date.min, second.valid_from or dt.date.min
    first_until = first.valid_until or dt.date.max
    second_until = second.valid_until or dt.date.max
    return first_from <= second_until and second_from <= first_until


def working_hours_validate(
    rule: WorkingHours,
    *,
    others: Iterable[WorkingHours] | None = None,
    exclude: Iterable[str] | None = None,
) -> None:
    """Raise ValidationError naming the field: times, weekday, validity, overlaps.

    `others` are the practitioner's other rules (default: those in the database); `exclude`
    names fields a form does not show (the inline's practitioner), as for `full_clean`.
    """
    errors: dict[str, list[str]] = {}
    if rule.start_time and rule.end_time and rule.end_time <= rule.start_time:
        errors["end_time"] = ["The end must be after the start."]
    if rule.valid_from and rule.valid_until and rule.valid_until < rule.valid_from:
        errors["valid_until"] = ["The last valid day must not be before the first."]
    if errors:
        raise ValidationError(errors)
    rule.full_clean(exclude=exclude)
    if others is None:
        others = WorkingHours.objects.filter(
            practitioner_id=rule.practitioner_id, weekday=rule.weekday
        ).exclude(pk=rule.pk)
    for other in others:
        if other.pk != rule.pk and working_hours_overlap(rule, other):
            raise ValidationError(
                {"start_time": [f"This overlaps another rule of the practitioner: {other}."]}
            )


@transaction.atomic
def working_hours_create(*, data: dict[str, Any], by: User = None) -> WorkingHours:
    """Add a weekly working-hours rule (local times of the location)."""
    rule = WorkingHours(**_pick(data, WORKING_HOURS_FIELDS))
    _lock_practitioner(rule.practitioner_id)
    working_hours_validate(rule)
    _save(rule, by=by)
    return rule


@transaction.atomic
def working_hours_update(
    *, working_hours: WorkingHours, data: dict[str, Any], by: User = None
) -> WorkingHours:
    """Change a rule, checked like a new one against the practitioner's other rules."""
    for key, value in _pick(data, WORKING_HOURS_FIELDS).items():
        setattr(working_hours, key, value)
    _lock_practitioner(working_hours.practitioner_id)
    working_hours_validate(working_hours)
    _save(working_hours, by=by)
    return working_hours


def working_hours_delete(*, working_hours: WorkingHours, by: User = None) -> None:
    """Remove a rule; booked appointments stay (reception sees them in the day view)."""
    working_hours._history_user = by  # type: ignore[attr-defined]
    working_hours.delete()


# --- time off -----------------------------------------------------------------------------


def time_off_validate(time_off: TimeOff, *, exclude: Iterable[str] | None = None) -> None:
    """Raise ValidationError naming the field: aware times, end after start, not over yet.

    Only new or moved times must reach the present: a past absence may still get a new reason.
    """
    errors: dict[str, list[str]] = {}
    for name in ("start", "end"):
        moment = getattr(time_off, name)
        if moment is not None and timezone.is_naive(moment):
            errors[name] = ["Give the time with a UTC offset."]
    if errors:
        raise ValidationError(errors)
    start, end = time_off.start, time_off.end
    if start is None or end is None:
        time_off.full_clean(exclude=exclude)  # names the missing field
        return
    if end <= start:
        raise ValidationError({"end": ["The end must be after the start."]})
    if end <= timezone.now() and _times_changed(time_off):
        raise ValidationError({"end": ["This time off is already over; enter present or future."]})
    time_off.full_clean(exclude=exclude)


def _times_changed(time_off: TimeOff) -> bool:
    """New, or start/end moved by a second or more (the admin's widgets post whole seconds).

    Read from the database: the admin hands over an instance its form has already changed.
    """
    if time_off.pk is None:
        return True
    stored = TimeOff.objects.filter(pk=time_off.pk).values_list("start", "end").first()
    if stored is None:
        return True
    return any(
        abs(before - after) >= dt.timedelta(seconds=1)
        for before, after in zip(stored, (time_off.start, time_off.end), strict=True)
    )


def time_off_affected(*, time_off: TimeOff) -> list[Appointment]:
    """Active appointments of the practitioner inside the time off, earliest first."""
    return list(
        Appointment.objects.active()
        .overlapping(time_off.start, time_off.end)
        .filter(practitioner_id=time_off.practitioner_id)
        .select_related("patient", "location", "appointment_type")
        .order_by("start")
    )


@transaction.atomic
def time_off_create(*, data: dict[str, Any], by: User = None) -> TimeOffSaved:
    """Record an absence; return it with the booked appointments it overlaps (not cancelled)."""
    time_off = TimeOff(**_pick(data, TIME_OFF_FIELDS))
    _lock_practitioner(time_off.practitioner_id)
    time_off_validate(time_off)
    _save(time_off, by=by)
    return TimeOffSaved(time_off, time_off_affected(time_off=time_off))


@transaction.atomic
def time_off_update(*, time_off: TimeOff, data: dict[str, Any], by: User = None) -> TimeOffSaved:
    """Change an absence's times or reason; return the appointments it now overlaps."""
    for key, value in _pick(data, TIME_OFF_FIELDS).items():
        setattr(time_off, key, value)
    _lock_practitioner(time_off.practitioner_id)
    time_off_validate(time_off)
    _save(time_off, by=by)
    return TimeOffSaved(time_off, time_off_affected(time_off=time_off))


def time_off_delete(*, time_off: TimeOff, by: User = None) -> None:
    """Remove an absence (the practitioner works after all)."""
    time_off._history_user = by  # type: ignore[attr-defined]
    time_off.delete()
