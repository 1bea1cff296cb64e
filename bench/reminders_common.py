"""Shared set-up of the reminder benchmarks: their own database, bulk bench patients."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from bench.setup import django_setup

# A database of their own, so the patients of other benchmarks do not change what is swept.
django_setup(suffix="_reminders")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from patients.models import Patient  # noqa: E402

MRN_PREFIX = "B"  # bench patients; real MRNs are digits only
ZONES = ["America/Vancouver", "America/New_York", "Europe/London", "Asia/Tokyo", "Asia/Kolkata"]


def daytime_zone() -> str:
    """A zone where it is between 09:00 and 19:00 now, so quiet hours do not hold messages."""
    now = timezone.now()
    for name in ZONES:
        if 9 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 19:
            return name
    return "Pacific/Auckland"


def bench_patients_delete() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM scheduling_reminderattempt WHERE reminder_id IN (SELECT r.id FROM "
            "scheduling_reminder r JOIN patients_patient p ON p.id = r.patient_id "
            "WHERE p.mrn LIKE %s)",
            [MRN_PREFIX + "%"],
        )
        cursor.execute(
            "DELETE FROM scheduling_reminder WHERE patient_id IN "
            "(SELECT id FROM patients_patient WHERE mrn LIKE %s)",
            [MRN_PREFIX + "%"],
        )
        cursor.execute(
            "DELETE FROM treatments_imagingorder WHERE patient_id IN "
            "(SELECT id FROM patients_patient WHERE mrn LIKE %s)",
            [MRN_PREFIX + "%"],
        )
        cursor.execute("DELETE FROM patients_patient WHERE mrn LIKE %s", [MRN_PREFIX + "%"])


def bench_patients_create(count: int, *, min_age: int, max_age: int, tz: str) -> list[int]:
    rng = random.Random(20261121)
    today = timezone.localdate()
    patients = [
        Patient(
            mrn=f"{MRN_PREFIX}{n:09d}",
            first_name="Bench",
            last_name=f"Patient{n}",
            date_of_birth=today - dt.timedelta(days=rng.randint(min_age * 365, max_age * 365)),
            sex=rng.choice(["female", "male"]),
            email=f"bench{n}@example.com",
            phone=f"+1604555{n % 10000:04d}",
            preferred_channel="email" if n % 2 else "sms",
            consent_email=True,
            consent_sms=True,
            timezone=tz,
        )
        for n in range(count)
    ]
    created = Patient.objects.bulk_create(patients, batch_size=5000)
    return [patient.pk for patient in created]
