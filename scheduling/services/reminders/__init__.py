"""Reminders: planning (the outbox rows), claiming, sending, opt-out. See API.md "Reminder rules".

Planning runs inside the transaction of the change that causes a reminder (`reminders_sync`), so a
booking and its reminder commit together and booking never touches the broker. The sweep claims
due rows by compare-and-set and hands their ids to send tasks; `reminder_send` moves a row
`scheduled|queued -> sending -> sent` by compare-and-set, so a duplicated or redelivered task
sends nothing twice. Retries are rows too: a transient failure puts the row back to `scheduled`
with a later `due_at` (never a far-future Celery ETA).

Modules by topic: `planning` (reminders_sync and the per-kind rules), `dexa` (the screening
sweep), `sending` (recover, claim, send, release, retries), `rendering` (templates), `optout`
(unsubscribe, STOP, delivery status), `staff` (send now, cancel), `timing` (quiet hours).
This package re-exports the public names, so callers import from `scheduling.services.reminders`.
"""

from __future__ import annotations

from scheduling.services.reminders.dexa import (
    DEXA_DONE,
    DEXA_PENDING,
    DEXA_POLICIES,
    DEXA_REMIND_EVERY,
    DEXA_REPEAT_AFTER,
    dexa_eligible,
    reminders_plan_dexa,
)
from scheduling.services.reminders.optout import (
    patient_unsubscribe,
    patients_sms_opt_out,
    reminder_delivery_record,
    unsubscribe_url,
)
from scheduling.services.reminders.planning import (
    APPOINTMENT_LEAD,
    BRACE_REVIEW_LEAD,
    FOLLOW_UP_AFTER,
    MEDICATION_LEAD,
    REST_PERIOD_LEAD,
    Plan,
    reminders_sync,
)
from scheduling.services.reminders.rendering import format_local, reminder_render
from scheduling.services.reminders.sending import (
    reminder_release,
    reminder_send,
    reminders_claim_due,
    reminders_recover,
    retry_delay,
)
from scheduling.services.reminders.staff import (
    STAFF_CANCEL_PREFIX,
    reminder_cancel,
    reminder_send_now,
)
from scheduling.services.reminders.timing import local_at, outside_quiet_hours, quiet_hours_end

__all__ = [
    "APPOINTMENT_LEAD",
    "BRACE_REVIEW_LEAD",
    "DEXA_DONE",
    "DEXA_PENDING",
    "DEXA_POLICIES",
    "DEXA_REMIND_EVERY",
    "DEXA_REPEAT_AFTER",
    "FOLLOW_UP_AFTER",
    "MEDICATION_LEAD",
    "REST_PERIOD_LEAD",
    "STAFF_CANCEL_PREFIX",
    "Plan",
    "dexa_eligible",
    "format_local",
    "local_at",
    "outside_quiet_hours",
    "patient_unsubscribe",
    "patients_sms_opt_out",
    "quiet_hours_end",
    "reminder_cancel",
    "reminder_delivery_record",
    "reminder_release",
    "reminder_render",
    "reminder_send",
    "reminder_send_now",
    "reminders_claim_due",
    "reminders_plan_dexa",
    "reminders_recover",
    "reminders_sync",
    "retry_delay",
    "unsubscribe_url",
]
