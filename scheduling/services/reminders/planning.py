"""Planning: the reminder rows each subject (appointment, diagnosis, ...) asks for.

`reminders_sync` runs inside the transaction of the change that causes a reminder, so a
booking and its reminder commit together and booking never touches the broker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from patients.models import Patient
from scheduling.models.reminders import OPEN_STATUSES, Reminder, ReminderKind, ReminderStatus
from scheduling.services.reminders.dexa import _dexa_recheck
from scheduling.services.reminders.staff import STAFF_CANCEL_PREFIX
from scheduling.services.reminders.timing import _zone, local_at, outside_quiet_hours

S = ReminderStatus

APPOINTMENT_LEAD = dt.timedelta(hours=24)
REST_PERIOD_LEAD = dt.timedelta(days=2)
BRACE_REVIEW_LEAD = dt.timedelta(days=7)
MEDICATION_LEAD = dt.timedelta(days=14)
FOLLOW_UP_AFTER = dt.timedelta(weeks=6)


_APPOINTMENT_ACTIVE = ("booked", "confirmed", "arrived")
_APPOINTMENT_HELD = (*_APPOINTMENT_ACTIVE, "completed")


@dataclass(frozen=True)
class Plan:
    kind: str
    key: str
    due_at: dt.datetime


def _day_plan(kind: str, day: dt.date, lead: dt.timedelta, patient: Patient, now: dt.datetime):
    """A reminder at the send hour, `lead` before `day` (patient-local); None if `day` passed."""
    if day < now.astimezone(_zone(patient.timezone)).date():
        return None
    due = local_at(day - lead, settings.REMINDER_SEND_HOUR, patient.timezone)
    return Plan(kind, day.isoformat(), outside_quiet_hours(max(due, now), patient.timezone))


# --- what each subject asks for -----------------------------------------------------------


def _appointment_plans(appointment: Any, now: dt.datetime) -> list[Plan]:
    if appointment.status not in _APPOINTMENT_ACTIVE or appointment.start <= now:
        return []
    due = max(appointment.start - APPOINTMENT_LEAD, now)
    key = appointment.start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
    tz = appointment.patient.timezone
    return [Plan(ReminderKind.APPOINTMENT, key, outside_quiet_hours(due, tz))]


def _follow_up_booked(diagnosis: Any) -> bool:
    """Has the patient an appointment (held or done) after the day of the diagnosis?"""
    tz = diagnosis.patient.timezone
    after = local_at(diagnosis.diagnosed_on + dt.timedelta(days=1), 0, tz)
    appointments = apps.get_model("scheduling", "Appointment").objects
    return appointments.filter(
        patient_id=diagnosis.patient_id, start__gte=after, status__in=_APPOINTMENT_HELD
    ).exists()


def _diagnosis_plans(diagnosis: Any, now: dt.datetime) -> list[Plan]:
    if diagnosis.status == "resolved" or _follow_up_booked(diagnosis):
        return []
    day = diagnosis.diagnosed_on + FOLLOW_UP_AFTER
    plan = _day_plan(ReminderKind.FOLLOW_UP, day, dt.timedelta(0), diagnosis.patient, now)
    return [plan] if plan else []


def _rest_period_plans(rest: Any, now: dt.datetime) -> list[Plan]:
    if getattr(rest, "cancelled_at", None) or getattr(rest, "status", "active") == "cancelled":
        return []
    plan = _day_plan(
        ReminderKind.REST_PERIOD_END, rest.ends_on, REST_PERIOD_LEAD, rest.patient, now
    )
    return [plan] if plan else []


def _brace_plans(brace: Any, now: dt.datetime) -> list[Plan]:
    if brace.end_date is None or brace.status not in ("active", "prescribed", "fitted"):
        return []
    plan = _day_plan(
        ReminderKind.BRACE_REVIEW, brace.end_date, BRACE_REVIEW_LEAD, brace.patient, now
    )
    return [plan] if plan else []


def _medication_plans(medication: Any, now: dt.datetime) -> list[Plan]:
    due_day = medication.next_dose_due
    if due_day is None or (medication.ended_on and medication.ended_on <= due_day):
        return []
    plan = _day_plan(ReminderKind.MEDICATION_DUE, due_day, MEDICATION_LEAD, medication.patient, now)
    return [plan] if plan else []


_PLANNERS = {
    "scheduling.Appointment": _appointment_plans,
    "treatments.Diagnosis": _diagnosis_plans,
    "treatments.RestPeriod": _rest_period_plans,
    "treatments.BracePrescription": _brace_plans,
    "treatments.Medication": _medication_plans,
}
_KINDS = {
    "scheduling.Appointment": (ReminderKind.APPOINTMENT,),
    "treatments.Diagnosis": (ReminderKind.FOLLOW_UP,),
    "treatments.RestPeriod": (ReminderKind.REST_PERIOD_END,),
    "treatments.BracePrescription": (ReminderKind.BRACE_REVIEW,),
    "treatments.Medication": (ReminderKind.MEDICATION_DUE,),
    "patients.Patient": (ReminderKind.DEXA_SCREENING,),
}


def _cancel_reason(subject: models.Model) -> str:
    if subject._meta.label == "scheduling.Appointment":
        status = subject.status  # type: ignore[attr-defined]
        return "appointment moved" if status in _APPOINTMENT_ACTIVE else f"appointment {status}"
    return "its cause changed"


# --- planning -----------------------------------------------------------------------------


def reminders_sync(*, subject: models.Model, now: dt.datetime | None = None) -> None:
    """(Re)plan every reminder caused by `subject` in the caller's transaction.

    `subject` is an Appointment, Diagnosis, RestPeriod, BracePrescription, Medication or
    ImagingOrder. Creates missing reminders, re-plans changed due times, cancels reminders whose
    cause is gone (cancelled appointment, ended medication...).
    """
    now = now or timezone.now()
    label = subject._meta.label
    if label == "treatments.ImagingOrder":
        _dexa_recheck(patient=subject.patient, now=now)  # type: ignore[attr-defined]
        return
    if label == "scheduling.Appointment":
        _follow_ups_recheck(patient_id=subject.patient_id, now=now)  # type: ignore[attr-defined]
    planner = _PLANNERS.get(label)
    if planner is None:
        return
    _apply_plans(subject=subject, plans=planner(subject, now), reason=_cancel_reason(subject))


def _apply_plans(*, subject: models.Model, plans: list[Plan], reason: str) -> None:
    content_type = ContentType.objects.get_for_model(subject)
    rows = Reminder.objects.filter(
        content_type=content_type, object_id=subject.pk, kind__in=_KINDS[subject._meta.label]
    )
    existing = {(row.kind, row.key): row for row in rows}
    wanted = {(plan.kind, plan.key) for plan in plans}
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    if stale:
        rows.filter(pk__in=stale, status__in=OPEN_STATUSES).update(
            status=S.CANCELLED, reason=reason, updated_at=timezone.now()
        )
    patient = subject.patient  # type: ignore[attr-defined]
    for plan in plans:
        row = existing.get((plan.kind, plan.key))
        if row is None:
            _reminder_insert(patient=patient, subject=subject, ct=content_type, plan=plan)
        else:
            _reminder_replan(row=row, plan=plan)


def _reminder_insert(
    *, patient: Patient, subject: models.Model, ct: ContentType, plan: Plan
) -> None:
    reminder = Reminder(
        patient=patient,
        kind=plan.kind,
        channel=patient.preferred_channel,
        due_at=plan.due_at,
        content_type=ct,
        object_id=subject.pk,
        key=plan.key,
    )
    # ON CONFLICT DO NOTHING: a concurrent planner that got there first wins, nothing doubles.
    Reminder.objects.bulk_create([reminder], ignore_conflicts=True)


def _reminder_replan(*, row: Reminder, plan: Plan) -> None:
    # A reminder cancelled because its cause went away comes back with it (a visit moved back
    # to its first time); one cancelled by staff stays cancelled.
    reopen = row.status == S.CANCELLED and not row.reason.startswith(STAFF_CANCEL_PREFIX)
    if row.status == S.CANCELLED and not reopen:
        return
    if not reopen and (row.status not in OPEN_STATUSES or row.due_at == plan.due_at):
        return
    # Back to `scheduled` also from `queued`: a task already in flight then fails its own
    # compare-and-set (it needs the row due), and the sweep picks the row up at the new time.
    Reminder.objects.filter(pk=row.pk, status=row.status).update(
        status=S.SCHEDULED, due_at=plan.due_at, reason="", updated_at=timezone.now()
    )


def _follow_ups_recheck(*, patient_id: int, now: dt.datetime) -> None:
    """A booked (or cancelled) appointment can settle (or reopen) a diagnosis's follow-up."""
    diagnosis_ct = _content_type("treatments", "Diagnosis")
    if diagnosis_ct is None:
        return
    ids = Reminder.objects.filter(
        patient_id=patient_id, kind=ReminderKind.FOLLOW_UP, content_type=diagnosis_ct
    ).values_list("object_id", flat=True)
    for diagnosis in diagnosis_ct.model_class().objects.filter(pk__in=list(ids)):
        _apply_plans(
            subject=diagnosis,
            plans=_diagnosis_plans(diagnosis, now),
            reason="follow-up appointment booked",
        )


def _content_type(app_label: str, model: str) -> ContentType | None:
    try:
        return ContentType.objects.get_for_model(apps.get_model(app_label, model))
    except LookupError:
        return None
