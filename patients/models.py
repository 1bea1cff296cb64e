from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from patients.domain import Channel, Sex
from patients.fields import PhoneNumberField
from patients.validators import (
    validate_date_of_birth,
    validate_risk_factors,
    validate_timezone,
)


def _default_timezone() -> str:
    return settings.CLINIC_TIMEZONE


class PatientQuerySet(models.QuerySet):
    def active(self) -> PatientQuerySet:
        return self.filter(archived_at__isnull=True)


class Patient(models.Model):
    mrn = models.CharField("MRN", max_length=12, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(validators=[validate_date_of_birth])
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    email = models.EmailField(blank=True)
    phone = PhoneNumberField(blank=True, help_text="E.164, e.g. +16045550100")
    preferred_channel = models.CharField(max_length=5, choices=Channel.choices, default="email")
    consent_email = models.BooleanField(default=False)
    consent_sms = models.BooleanField(default=False)
    timezone = models.CharField(
        max_length=64, default=_default_timezone, validators=[validate_timezone]
    )
    risk_factors = models.JSONField(default=list, blank=True, validators=[validate_risk_factors])
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(
                fields=["phone"], name="patient_active_phone", condition=models.Q(phone__gt="")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preferred_channel__in=Channel.values),
                name="patient_preferred_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=Sex.values), name="patient_sex_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name} ({self.mrn})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def local_today(self) -> dt.date:
        return timezone.localdate(timezone=zoneinfo.ZoneInfo(self.timezone))

    @property
    def age(self) -> int:
        return self.age_on(self.local_today())

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
