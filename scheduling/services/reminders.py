"""Reminders: planning (the outbox rows), claiming, sending, opt-out. See API.md "Reminder rules".

Planning runs inside the transaction of the change that causes a reminder (`reminders_sync`), so a
booking and its reminder commit together and booking never touches the broker. The sweep claims
due rows by compare-and-set and hands their ids to send tasks; `reminder_send` moves a row
`scheduled|queued -> sending -> sent` by compare-and-set, so a duplicated or redelivered task
sends nothing twice. Retries are rows too: a transient failure puts the row back to `scheduled`
with a later `due_at` (never a far-future Celery ETA).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.exceptions import DomainError
from patients.models import Patient
from patients.services import patient_preferences_update
from scheduling import transports
from scheduling.models.reminders import (
    OPEN_STATUSES,
    Reminder,
    ReminderAttempt,
    ReminderKind,
    ReminderStatus,
)

logger = logging.getLogger(__name__)

S = ReminderStatus
APPOINTMENT_LEAD = dt.timedelta(hours=24)
REST_PERIOD_LEAD = dt.timedelta(days=2)
BRACE_REVIEW_LEAD = dt.timedelta(days=7)
MEDICATION_LEAD = dt.timedelta(days=14)
FOLLOW_UP_AFTER = dt.timedelta(weeks=6)
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
_UNSUBSCRIBE_SALT = "scheduling.reminders.unsubscribe"
STAFF_CANCEL_PREFIX = "cancelled by "
_APPOINTMENT_ACTIVE = ("booked", "confirmed", "arrived")
_APPOINTMENT_HELD = (*_APPOINTMENT_ACTIVE, "completed")


@dataclass(frozen=True)
class Plan:
    kind: str
    key: str
    due_at: dt.datetime


# --- time helpers -------------------------------------------------------------------------


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def local_at(day: dt.date, hour: int, tz: str) -> dt.datetime:
    """`hour`:00 on `day` in zone `tz`, as an aware UTC datetime (DST-correct via zoneinfo)."""
    wall = dt.datetime.combine(day, dt.time(hour), tzinfo=_zone(tz))
    return wall.astimezone(dt.UTC)


def quiet_hours_end(moment: dt.datetime, tz: str) -> dt.datetime | None:
    """When quiet hours (21:00-08:00 local by default) that contain `moment` end; else None."""
    local = moment.astimezone(_zone(tz))
    start, end = settings.REMINDER_QUIET_START_HOUR, settings.REMINDER_QUIET_END_HOUR
    if local.hour >= start:
        return local_at(local.date() + dt.timedelta(days=1), end, tz)
    if local.hour < end:
        return local_at(local.date(), end, tz)
    return None


def outside_quiet_hours(moment: dt.datetime, tz: str) -> dt.datetime:
    return quiet_hours_end(moment, tz) or moment


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


# --- DEXA screening -----------------------------------------------------------------------


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


# --- sweep: claim what is due -------------------------------------------------------------


def reminders_recover(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Rows stuck by a lost task or a dead worker: (requeued, failed).

    `queued` for too long: its task never ran (broker lost it, worker died before the send) ->
    due again. `sending` for too long: the worker died during the transport call, so we cannot
    know whether the message left -> `failed`, never resent (at most once).
    """
    now = now or timezone.now()
    queued_before = now - dt.timedelta(seconds=settings.REMINDER_QUEUE_TIMEOUT_SECONDS)
    requeued = Reminder.objects.filter(status=S.QUEUED, claimed_at__lt=queued_before).update(
        status=S.SCHEDULED, updated_at=now
    )
    sending_before = now - dt.timedelta(seconds=settings.REMINDER_SENDING_TIMEOUT_SECONDS)
    failed = Reminder.objects.filter(status=S.SENDING, claimed_at__lt=sending_before).update(
        status=S.FAILED,
        last_error="worker stopped during the send; not retried so it cannot arrive twice",
        updated_at=now,
    )
    return requeued, failed


def reminders_claim_due(*, now: dt.datetime | None = None, limit: int | None = None) -> list[int]:
    """Claim up to `limit` due reminders (`scheduled -> queued`); return their ids.

    `FOR UPDATE SKIP LOCKED` lets two sweeps run at once without claiming the same row.
    """
    now = now or timezone.now()
    limit = limit or settings.REMINDER_SWEEP_BATCH
    with transaction.atomic():
        due = Reminder.objects.filter(status=S.SCHEDULED, due_at__lte=now).order_by("due_at")
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        Reminder.objects.filter(pk__in=ids, status=S.SCHEDULED).update(
            status=S.QUEUED, claimed_at=now, updated_at=now
        )
    return ids


def reminder_release(*, reminder_id: int) -> bool:
    """Give a claimed reminder back to the sweep (its task could not be enqueued)."""
    return bool(
        Reminder.objects.filter(pk=reminder_id, status=S.QUEUED).update(
            status=S.SCHEDULED, claimed_at=None, updated_at=timezone.now()
        )
    )


# --- sending ------------------------------------------------------------------------------


def reminder_send(*, reminder_id: int, now: dt.datetime | None = None) -> str:
    """Send one due reminder at most once; return what became of it.

    Re-checks at send time that the reminder still applies, respects quiet hours and consent,
    renders the message, calls the transport and records the attempt.
    """
    now = now or timezone.now()
    claimed = Reminder.objects.filter(
        pk=reminder_id, status__in=Reminder.sources_of(S.SENDING), due_at__lte=now
    ).update(status=S.SENDING, claimed_at=now, updated_at=now)
    if not claimed:
        return "not_claimed"  # sent, cancelled, re-planned or owned by another task
    reminder = Reminder.objects.select_related("patient", "content_type").get(pk=reminder_id)
    verdict = _send_verdict(reminder, now)
    if verdict is not None:
        return verdict
    return _deliver(reminder)


def _send_verdict(reminder: Reminder, now: dt.datetime) -> str | None:
    """None when the reminder should go out now; otherwise the status it was moved to."""
    patient = reminder.patient
    still, why = _still_applies(reminder, now)
    if not still:
        return _finish(reminder, S.CANCELLED, reason=why)
    wait_until = quiet_hours_end(now, patient.timezone)
    if wait_until is not None:
        return _finish(reminder, S.SCHEDULED, due_at=wait_until, reason="quiet hours")
    channel = patient.preferred_channel
    consent = patient.consent_sms if channel == "sms" else patient.consent_email
    address = patient.phone if channel == "sms" else patient.email
    if not consent:
        return _finish(reminder, S.SKIPPED, channel=channel, reason=f"no consent for {channel}")
    if not address:
        return _finish(reminder, S.SKIPPED, channel=channel, reason=f"no {channel} address")
    reminder.channel = channel
    return None


def _still_applies(reminder: Reminder, now: dt.datetime) -> tuple[bool, str]:
    if reminder.patient.archived_at is not None:
        return False, "patient archived"
    if reminder.kind == ReminderKind.DEXA_SCREENING:  # its subject is the patient
        eligible = dexa_eligible(now=now, patients=Patient.objects.filter(pk=reminder.patient_id))
        return eligible.exists(), "no longer due a DEXA screening"
    subject = reminder.subject
    if subject is None:
        return False, "its cause was deleted"
    if getattr(subject, "patient_id", None) == reminder.patient_id:
        subject.patient = reminder.patient  # already loaded: spare the planners a query
    plans = _PLANNERS[subject._meta.label](subject, now)
    if any(plan.kind == reminder.kind and plan.key == reminder.key for plan in plans):
        return True, ""
    if subject._meta.label == "scheduling.Appointment" and subject.start <= now:
        return False, "appointment already started"
    return False, _cancel_reason(subject)


def _finish(reminder: Reminder, status: str, **fields: Any) -> str:
    """Compare-and-set `sending -> status`; the row was ours, so this changes exactly one row."""
    Reminder.objects.filter(pk=reminder.pk, status=S.SENDING).update(
        status=status, updated_at=timezone.now(), **fields
    )
    return str(status)


def _deliver(reminder: Reminder) -> str:
    started = timezone.now()
    try:
        message = reminder_render(reminder=reminder)
        if isinstance(message, transports.SmsMessage):
            provider_id = transports.sms_send(message)
        else:
            provider_id = transports.email_send(message)
    except transports.TransportError as exc:
        return _record_failure(reminder, started, str(exc), permanent=exc.permanent)
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the row stuck in `sending`
        logger.exception("reminder %s: unexpected error while sending", reminder.pk)
        return _record_failure(reminder, started, f"{type(exc).__name__}: {exc}", permanent=False)
    with transaction.atomic():
        ReminderAttempt.objects.create(
            reminder=reminder,
            channel=reminder.channel,
            started_at=started,
            outcome=ReminderAttempt.Outcome.SENT,
            provider_message_id=provider_id[:64],
        )
        return _finish(
            reminder,
            S.SENT,
            channel=reminder.channel,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            provider_message_id=provider_id[:64],
            last_error="",
            reason="",
        )


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff after the n-th failed attempt, capped."""
    seconds = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.REMINDER_RETRY_MAX_SECONDS))


def _record_failure(
    reminder: Reminder, started: dt.datetime, error: str, *, permanent: bool
) -> str:
    attempts = reminder.attempts + 1
    outcome = ReminderAttempt.Outcome
    with transaction.atomic():
        ReminderAttempt.objects.create(
            reminder=reminder,
            channel=reminder.channel,
            started_at=started,
            outcome=outcome.PERMANENT_ERROR if permanent else outcome.TRANSIENT_ERROR,
            error=error[:2000],
        )
        common = {"channel": reminder.channel, "attempts": attempts, "last_error": error[:2000]}
        if permanent or attempts >= settings.REMINDER_MAX_ATTEMPTS:
            return _finish(reminder, S.FAILED, **common)
        retry_at = timezone.now() + retry_delay(attempts)
        return _finish(reminder, S.SCHEDULED, due_at=retry_at, reason="retrying", **common)


# --- rendering ----------------------------------------------------------------------------

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


# --- staff actions ------------------------------------------------------------------------


def reminder_send_now(*, reminder: Reminder, by: AbstractBaseUser | None = None) -> bool:
    """Make a scheduled or failed reminder due at once; the next sweep sends it."""
    now = timezone.now()
    return bool(
        Reminder.objects.filter(
            pk=reminder.pk, status__in=(S.SCHEDULED, S.QUEUED, S.FAILED)
        ).update(status=S.SCHEDULED, due_at=now, claimed_at=None, updated_at=now, reason="")
    )


def reminder_cancel(*, reminder: Reminder, by: AbstractBaseUser | None = None) -> bool:
    """Cancel a reminder that has not gone out yet."""
    by_name = by.get_username() if by is not None else "system"
    return bool(
        Reminder.objects.filter(pk=reminder.pk, status__in=OPEN_STATUSES).update(
            status=S.CANCELLED,
            reason=f"{STAFF_CANCEL_PREFIX}{by_name}"[:200],
            updated_at=timezone.now(),
        )
    )


# --- delivery reports and opt-out ---------------------------------------------------------


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
