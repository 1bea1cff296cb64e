"""Field validators for patient data. Models use them, so the admin and the API agree."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients.domain import MAX_AGE_YEARS, RISK_FACTORS


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in _timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone (e.g. America/Vancouver).")


def normalize_phone(value: str) -> str:
    """Parse a phone number as typed and return it in E.164 (+16045550100)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, settings.DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(f"{value[:40]!r} is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"{value[:40]!r} is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_date_of_birth(value: dt.date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError("Date of birth cannot be in the future.")
    if value.year < today.year - MAX_AGE_YEARS:
        raise ValidationError(f"Date of birth is more than {MAX_AGE_YEARS} years ago.")


def validate_risk_factors(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Risk factors must be a list of codes.")
    unknown = [code for code in value if code not in RISK_FACTORS]
    if unknown:
        raise ValidationError(f"Unknown risk factor codes: {', '.join(map(str, unknown))}.")
    if len(set(value)) != len(value):
        raise ValidationError("Risk factor codes must not repeat.")
