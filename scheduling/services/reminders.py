"""Reminder planning: the outbox rows that reminders are sent from.

Owned by the reminders work (issue 5). Other services call `reminders_sync(subject=obj)` inside
their own transaction after they create or change anything that causes reminders.
"""

from __future__ import annotations

from django.db import models


def reminders_sync(*, subject: models.Model) -> None:
    """(Re)plan every reminder caused by `subject` in the caller's transaction.

    `subject` is an Appointment, Diagnosis, RestPeriod, BracePrescription, Medication or
    ImagingOrder. Creates missing reminders, re-plans changed due times, cancels reminders whose
    cause is gone (cancelled appointment, ended medication...).
    """
    # Interface fixed for the other apps; the planning itself lands with issue 5.
    return
