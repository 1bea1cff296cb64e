"""Reads of appointments, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from clinic.api.scoping import scope_to_user
from scheduling.models import ACTIVE_STATUSES, Appointment, Location, Practitioner


def appointment_visible(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Appointment]:
    """Appointments the user may open: all for staff, their own for a patient."""
    queryset = Appointment.objects.select_related(
        "patient", "practitioner", "appointment_type", "location", "room"
    )
    return scope_to_user(queryset, user)


def appointments_of_day(*, location: Location, day: dt.date, tz: dt.tzinfo) -> QuerySet:
    """Every appointment at `location` on local date `day` (for the admin day view)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return (
        Appointment.objects.filter(location=location, start__lt=end, end__gt=start)
        .select_related("patient", "practitioner", "appointment_type", "room")
        .order_by("start")
    )


def practitioner_upcoming(
    *, practitioner: Practitioner, days_back: int = 7, limit: int = 1000
) -> QuerySet[Appointment]:
    """What a practitioner's calendar feed shows: recent and upcoming active visits."""
    since = timezone.now() - dt.timedelta(days=days_back)
    return (
        Appointment.objects.filter(
            practitioner=practitioner, start__gte=since, status__in=ACTIVE_STATUSES
        )
        .select_related("appointment_type", "location", "patient", "room")
        .order_by("start")[:limit]
    )
