"""Rendering: the email (text + HTML) or SMS for a reminder, from templates/reminders/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from scheduling import transports
from scheduling.models.reminders import Reminder, ReminderKind
from scheduling.services.reminders.optout import unsubscribe_url
from scheduling.services.reminders.timing import _zone

_SUBJECTS = {
    ReminderKind.APPOINTMENT: "Your appointment reminder",
    ReminderKind.REST_PERIOD_END: "Your rest period is ending soon",
    ReminderKind.FOLLOW_UP: "Time to book your follow-up visit",
    ReminderKind.BRACE_REVIEW: "Time for your brace review",
    ReminderKind.MEDICATION_DUE: "Your next treatment is coming up",
    ReminderKind.DEXA_SCREENING: "You may be due for a bone density scan",
}


def format_local(moment: dt.datetime, tz: str) -> str:
    """'Tuesday 1 December 2026 at 09:00 PST' in the patient's zone (locale-independent)."""
    local = moment.astimezone(_zone(tz))
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} {local.tzname()}"


def _context(reminder: Reminder) -> dict[str, Any]:
    patient = reminder.patient
    context: dict[str, Any] = {
        "clinic_name": settings.CLINIC_NAME,
        "first_name": patient.first_name,
        "kind": reminder.kind,
        "unsubscribe_url": unsubscribe_url(patient_id=patient.pk),
    }
    if reminder.kind == ReminderKind.APPOINTMENT:
        subject = reminder.subject
        location = subject.location
        context.update(
            when=format_local(subject.start, patient.timezone),
            location_name=location.name,
            location_address=location.address,
            contact_phone=location.phone,
        )
    elif reminder.kind != ReminderKind.DEXA_SCREENING:
        context["day"] = dt.date.fromisoformat(reminder.key)
    return context


def reminder_render(*, reminder: Reminder) -> transports.EmailMessage | transports.SmsMessage:
    """The message for the reminder's channel: plain text + HTML email, or an SMS (≤ 2 parts)."""
    context = _context(reminder)
    base = f"reminders/{reminder.kind}"
    if reminder.channel == "sms":
        body = transports.sms_fit(render_to_string(f"{base}.sms.txt", context))
        return transports.SmsMessage(to=reminder.patient.phone, body=body)
    url = context["unsubscribe_url"]
    return transports.EmailMessage(
        to=reminder.patient.email,
        subject=f"{settings.CLINIC_NAME}: {_SUBJECTS[reminder.kind]}",
        text=render_to_string(f"{base}.txt", context),
        html=render_to_string(f"{base}.html", context),
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
