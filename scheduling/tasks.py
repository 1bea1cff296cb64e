"""Celery tasks for reminders: thin adapters over scheduling.services.reminders.

Beat runs `reminders_sweep` every minute (UTC) and `reminders_plan_dexa` daily. Send tasks get a
reminder id, never a model instance, and are `acks_late` + `reject_on_worker_lost`: a task whose
worker dies is delivered again, and the compare-and-set in `reminder_send` makes the second
delivery a no-op once the first has claimed the row.
"""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from scheduling.services import reminders as services

logger = logging.getLogger(__name__)


@shared_task(name="scheduling.reminder_send", acks_late=True, reject_on_worker_lost=True)
def reminder_send_task(reminder_id: int) -> str:
    """Send one reminder (at most once); retries are planned as rows by the service."""
    return services.reminder_send(reminder_id=reminder_id)


@shared_task(name="scheduling.reminders_sweep", acks_late=True, reject_on_worker_lost=True)
def reminders_sweep_task() -> int:
    """Recover stuck rows, claim what is due and hand each id to a send task."""
    return reminders_dispatch()


@shared_task(name="scheduling.reminders_plan_dexa", acks_late=True, reject_on_worker_lost=True)
def reminders_plan_dexa_task() -> int:
    """Plan DEXA screening reminders for every eligible patient (set-based)."""
    return services.reminders_plan_dexa()


def reminders_dispatch(*, max_batches: int = 100) -> int:
    """Claim due reminders batch by batch and enqueue a send task per id; return how many.

    If the broker is unreachable the claimed rows are released at once (and any row the release
    misses goes back after REMINDER_QUEUE_TIMEOUT_SECONDS), so nothing is lost while it is down.
    """
    services.reminders_recover()
    enqueued = 0
    for _batch in range(max_batches):
        ids = services.reminders_claim_due()
        if not ids:
            break
        sent = _enqueue(ids)
        enqueued += sent
        if sent < len(ids):
            break
    return enqueued


def _enqueue(ids: list[int]) -> int:
    for index, reminder_id in enumerate(ids):
        try:
            reminder_send_task.apply_async(args=[reminder_id], retry=False)
        except OperationalError as exc:
            logger.warning("broker unavailable, releasing %d reminders: %s", len(ids) - index, exc)
            for pending in ids[index:]:
                services.reminder_release(reminder_id=pending)
            return index
    return len(ids)
