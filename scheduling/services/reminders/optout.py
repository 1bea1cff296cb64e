"""Delivery reports and opt-out: SMS status callbacks, inbound STOP, email unsubscribe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone

from clinic.exceptions import DomainError
from patients.models import Patient
from patients.services import patient_preferences_update
from scheduling.models.reminders import Reminder

_UNSUBSCRIBE_SALT = "scheduling.reminders.unsubscribe"


def reminder_delivery_record(*, provider_message_id: str, status: str, error_code: str = "") -> int:
    """Store an SMS provider's delivery status (Twilio status callback) on the reminder."""
    fields: dict[str, Any] = {"delivery_status": status[:20], "updated_at": timezone.now()}
    if status in ("failed", "undelivered"):
        fields["last_error"] = f"delivery {status}" + (
            f" (error {error_code})" if error_code else ""
        )
    if not provider_message_id:
        return 0
    return Reminder.objects.filter(provider_message_id=provider_message_id).update(**fields)


def patients_sms_opt_out(*, phone: str) -> int:
    """An inbound "STOP" from `phone`: SMS consent off for every patient with that number."""
    count = 0
    for patient in Patient.objects.filter(phone=phone, consent_sms=True):
        patient_preferences_update(patient=patient, data={"consent_sms": False}, by=None)
        count += 1
    return count


def unsubscribe_url(*, patient_id: int) -> str:
    token = signing.dumps({"p": patient_id, "c": "email"}, salt=_UNSUBSCRIBE_SALT)
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/api/v1/reminders/unsubscribe/{token}/"


def patient_unsubscribe(*, token: str) -> Patient:
    """Turn email consent off for the patient named by a signed unsubscribe token."""
    max_age = dt.timedelta(days=settings.REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT, max_age=max_age)
        patient = Patient.objects.get(pk=int(data["p"]))
    except (signing.BadSignature, Patient.DoesNotExist, KeyError, TypeError, ValueError):
        raise DomainError("This unsubscribe link is not valid.", code="invalid_token") from None
    if patient.consent_email:
        patient_preferences_update(patient=patient, data={"consent_email": False}, by=None)
    return patient
