"""A practitioner's iCal feed: secret link, revocable, valid iCalendar."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from scheduling.models import CalendarFeed
from scheduling.services.calendars import calendar_feed_issue, calendar_feed_revoke
from tests.factories.scheduling import AppointmentFactory
from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_feed_lists_active_upcoming_appointments(client, physician, patient_a) -> None:
    booked = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    AppointmentFactory(practitioner=physician, start=la(2026, 12, 1, 10), status="cancelled")
    token = calendar_feed_issue(practitioner=physician)
    response = client.get(f"/api/v1/calendars/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["UID"]) == f"appointment-{booked.pk}@vertebra"
    assert events[0].decoded("DTSTART") == la(2026, 12, 1, 9)
    assert "Anders" not in response.content.decode()  # initials only
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar


def test_revoked_or_unknown_token_is_404(client, physician) -> None:
    token = calendar_feed_issue(practitioner=physician)
    calendar_feed_revoke(feed=CalendarFeed.objects.get())
    assert client.get(f"/api/v1/calendars/{token}.ics").status_code == 404
    assert client.get("/api/v1/calendars/nope.ics").status_code == 404
    assert CalendarFeed.objects.get().token_hash != token  # only the hash is stored
