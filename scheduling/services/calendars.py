"""iCal feeds per practitioner: issue, revoke, find by token, render (RFC 5545)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from scheduling.models import AppointmentStatus, CalendarFeed, Practitioner
from scheduling.selectors.appointments import practitioner_upcoming

PRODID = "-//Vertebra//Practitioner calendar//EN"


def _hash(token: str) -> str:
    # 256 random bits: a fast hash is enough, there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_url(token: str) -> str:
    path = reverse("calendar-feed", kwargs={"token": token})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def calendar_feed_issue(*, practitioner: Practitioner, by: AbstractBaseUser | None = None) -> str:
    """Create a feed link; the token is returned once (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(practitioner=practitioner, token_hash=_hash(token))
    return token


def calendar_feed_revoke(*, feed: CalendarFeed, by: AbstractBaseUser | None = None) -> None:
    """Revoke a feed link: its URL answers 404 from now on. Revoking twice is harmless."""
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_find(*, token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("practitioner")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )


def calendar_render(*, feed: CalendarFeed) -> bytes:
    """The practitioner's recent and upcoming active appointments as an iCalendar document.

    Only the patient's initials go into the feed: calendar apps sync it to phones and clouds.
    """
    practitioner = feed.practitioner
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{practitioner.name} - {settings.CLINIC_NAME}")
    stamp = timezone.now()
    for appointment in practitioner_upcoming(practitioner=practitioner):
        patient = appointment.patient
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@vertebra")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.start)
        event.add("dtend", appointment.end)
        initials = f"{patient.first_name[:1]}.{patient.last_name[:1]}."
        event.add("summary", f"{appointment.appointment_type.name} - {initials}")
        event.add(
            "location", appointment.room.name if appointment.room else appointment.location.name
        )
        event.add(
            "status",
            "CONFIRMED" if appointment.status != AppointmentStatus.BOOKED else "TENTATIVE",
        )
        event.add("last-modified", appointment.updated_at)
        calendar.add_component(event)
    return calendar.to_ical()
