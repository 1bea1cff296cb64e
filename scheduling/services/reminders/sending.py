"""Sending: recover stuck rows, claim due rows, send each at most once, retry with backoff.

The sweep claims due rows by compare-and-set and hands their ids to send tasks;
`reminder_send` moves a row `scheduled|queued -> sending -> sent` by compare-and-set, so a
duplicated or redelivered task sends nothing twice. Retries are rows too: a transient
failure puts the row back to `scheduled` with a later `due_at` (never a far-future ETA).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from patients.models import Patient
from scheduling import transports
from scheduling.models.reminders import Reminder, ReminderAttempt, ReminderKind, ReminderStatus
from scheduling.services.reminders.dexa import dexa_eligible
from scheduling.services.reminders.planning import _PLANNERS, _cancel_reason
from scheduling.services.reminders.rendering import reminder_render
from scheduling.services.reminders.timing import quiet_hours_end

logger = logging.getLogger(__name__)

S = ReminderStatus

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
