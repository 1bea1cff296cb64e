"""Staff actions on single reminders: send now, cancel."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from scheduling.models.reminders import OPEN_STATUSES, Reminder, ReminderStatus

S = ReminderStatus

STAFF_CANCEL_PREFIX = "cancelled by "


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
