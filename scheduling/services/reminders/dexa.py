"""DEXA screening: who is due (one set-based query) and the daily sweep that plans reminders."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from patients.models import Patient
from scheduling.models.reminders import OPEN_STATUSES, Reminder, ReminderKind, ReminderStatus
from scheduling.services.reminders.timing import _zone, outside_quiet_hours

S = ReminderStatus

DEXA_REPEAT_AFTER = dt.timedelta(days=730)  # Medicare pays one DEXA per 24 months [C]
DEXA_REMIND_EVERY = dt.timedelta(days=90)
DEXA_DONE = ("completed", "reported")
DEXA_PENDING = ("ordered", "scheduled")
# policy -> sex -> minimum age (None: any sex). DOMAIN.md section 3; the default is "seed" [S].
DEXA_POLICIES: dict[str, dict[str | None, int]] = {
    "seed": {None: 50},
    "uspstf": {"female": 65},
    "bhof": {"female": 65, "male": 70},
}


def _dexa_orders(now: dt.datetime) -> tuple[models.QuerySet, models.QuerySet] | None:
    """(recent completed-or-reported DEXA orders, pending DEXA orders), unfiltered by patient."""
    try:
        orders = apps.get_model("treatments", "ImagingOrder").objects.filter(modality="dexa")
    except LookupError:
        return None
    since = now - DEXA_REPEAT_AFTER
    done = orders.filter(status__in=DEXA_DONE).filter(
        Q(reported_at__gte=since) | Q(completed_at__gte=since)
    )
    return done, orders.filter(status__in=DEXA_PENDING)


def _age_filter(today: dt.date, policy: str) -> Q:
    query = Q(pk__in=[])
    for sex, age in DEXA_POLICIES[policy].items():
        born_by = _years_before(today, age)
        query |= Q(date_of_birth__lte=born_by) & (Q(sex=sex) if sex else Q())
    return query


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def dexa_eligible(*, now: dt.datetime, patients: models.QuerySet | None = None) -> models.QuerySet:
    """Patients due a DEXA screening reminder, as one set-based query (anti-joins, no loops)."""
    orders = _dexa_orders(now)
    queryset = Patient.objects.active() if patients is None else patients
    today = timezone.localdate(now, timezone=_zone(settings.CLINIC_TIMEZONE))
    queryset = queryset.filter(_age_filter(today, settings.DEXA_SCREENING_POLICY))
    if orders is not None:
        done, pending = orders
        queryset = queryset.exclude(Exists(done.filter(patient_id=OuterRef("pk"))))
        queryset = queryset.exclude(Exists(pending.filter(patient_id=OuterRef("pk"))))
    return queryset


def reminders_plan_dexa(*, now: dt.datetime | None = None, batch_size: int = 5000) -> int:
    """Plan a DEXA screening reminder for every eligible patient not reminded in 90 days."""
    now = now or timezone.now()
    recent = Reminder.objects.filter(
        patient_id=OuterRef("pk"),
        kind=ReminderKind.DEXA_SCREENING,
        due_at__gte=now - DEXA_REMIND_EVERY,
    ).exclude(status=S.CANCELLED)
    eligible = dexa_eligible(now=now).exclude(Exists(recent)).order_by()
    patient_ct = ContentType.objects.get_for_model(Patient)
    # A plain fetch, not .iterator(): a server-side cursor makes PostgreSQL pick a fast-start
    # nested-loop plan for the anti-joins, which is orders of magnitude slower here.
    rows = list(eligible.values_list("pk", "timezone", "preferred_channel"))
    due_in: dict[str, dt.datetime] = {}
    created = 0
    for start in range(0, len(rows), batch_size):
        batch = []
        for patient_id, tz, channel in rows[start : start + batch_size]:
            due = due_in.get(tz) or due_in.setdefault(tz, outside_quiet_hours(now, tz))
            batch.append(_dexa_reminder(patient_id, channel, due, patient_ct))
        created += _insert_batch(batch)
    return created


def _dexa_reminder(patient_id: int, channel: str, due: dt.datetime, ct: ContentType) -> Reminder:
    return Reminder(
        patient_id=patient_id,
        kind=ReminderKind.DEXA_SCREENING,
        channel=channel,
        due_at=due,
        content_type=ct,
        object_id=patient_id,
        key=due.date().isoformat(),
    )


def _insert_batch(batch: list[Reminder]) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        Reminder.objects.bulk_create(batch, ignore_conflicts=True)
    return len(batch)


def _dexa_recheck(*, patient: Patient, now: dt.datetime) -> None:
    """A new or changed DEXA order cancels screening reminders the patient no longer needs."""
    if dexa_eligible(now=now, patients=Patient.objects.filter(pk=patient.pk)).exists():
        return
    Reminder.objects.filter(
        patient=patient, kind=ReminderKind.DEXA_SCREENING, status__in=OPEN_STATUSES
    ).update(status=S.CANCELLED, reason="DEXA ordered or done", updated_at=timezone.now())
