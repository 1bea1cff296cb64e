"""Writes to patient records. The admin and the API both call these."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from patients.models import Patient

# Fields a caller may set; mrn, archived_at and timestamps belong to the server.
PATIENT_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "email",
    "phone",
    "preferred_channel",
    "consent_email",
    "consent_sms",
    "timezone",
    "risk_factors",
    "user",
)
PREFERENCE_FIELDS = ("consent_email", "consent_sms", "preferred_channel")
_MRN_ATTEMPTS = 8


def mrn_generate() -> str:
    """A random 9-digit medical record number whose last digit is a Luhn check digit.

    Random rather than sequential so an MRN tells nothing about how many patients we have.
    """
    body = str(secrets.randbelow(9 * 10**7) + 10**7)
    return body + str(_luhn_check_digit(body))


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return (10 - total % 10) % 10


def patient_create(*, data: dict[str, Any], by: AbstractBaseUser | None = None) -> Patient:
    """Validate and store a new patient with a fresh, unique MRN."""
    patient = Patient(**{key: value for key, value in data.items() if key in PATIENT_FIELDS})
    patient.mrn = mrn_generate()
    patient.full_clean(exclude=["mrn"])
    patient._history_user = by
    for _attempt in range(_MRN_ATTEMPTS):
        try:
            with transaction.atomic():
                patient.save()
            return patient
        except IntegrityError:
            if Patient.objects.filter(mrn=patient.mrn).exists():
                patient.mrn = mrn_generate()  # a collision: draw again
                continue
            raise
    raise RuntimeError("Could not draw a unique MRN")


def patient_update(
    *, patient: Patient, data: dict[str, Any], by: AbstractBaseUser | None = None
) -> Patient:
    """Change the given fields after validating the whole record."""
    changed = [key for key in data if key in PATIENT_FIELDS]
    for key in changed:
        setattr(patient, key, data[key])
    patient.full_clean(exclude=["mrn"])
    patient._history_user = by
    patient.save(update_fields=[*changed, "updated_at"])
    return patient


def patient_preferences_update(
    *, patient: Patient, data: dict[str, Any], by: AbstractBaseUser | None = None
) -> Patient:
    """A patient's own change of contact consent and channel (me/preferences/, opt-out links)."""
    allowed = {key: value for key, value in data.items() if key in PREFERENCE_FIELDS}
    return patient_update(patient=patient, data=allowed, by=by)


def patient_archive(*, patient: Patient, by: AbstractBaseUser | None = None) -> Patient:
    """Archive instead of delete: the row stays for the audit trail and leaves lists."""
    if patient.archived_at is None:
        patient.archived_at = timezone.now()
        patient._history_user = by
        patient.save(update_fields=["archived_at", "updated_at"])
    return patient


def patient_restore(*, patient: Patient, by: AbstractBaseUser | None = None) -> Patient:
    if patient.archived_at is not None:
        patient.archived_at = None
        patient._history_user = by
        patient.save(update_fields=["archived_at", "updated_at"])
    return patient
