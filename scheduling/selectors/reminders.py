"""Reads of reminders: what a user may see, with what the list needs in one query."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from clinic.api.scoping import scope_to_user
from scheduling.models.reminders import Reminder


def reminder_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Reminder]:
    """Reminders visible to `user` (a patient sees only their own), newest due first."""
    queryset = Reminder.objects.order_by("-due_at", "-id")
    return scope_to_user(queryset, user)
