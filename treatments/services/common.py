"""Shared steps of the clinical-record services: validate, save with history, plan reminders."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from clinic.exceptions import NotAllowed
from clinic.roles import PHYSICIAN, THERAPIST, is_admin, user_roles
from scheduling.services.reminders import reminders_sync

M = TypeVar("M", bound=models.Model)
User = AbstractBaseUser | None


def pick(data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The items of `data` a caller may set (the server owns everything else)."""
    allowed = set(fields)
    return {key: value for key, value in data.items() if key in allowed}


def record_save(obj: M, *, by: User, sync_reminders: bool = True) -> M:
    """full_clean (derivations + rules), save with the history user, re-plan reminders.

    Callers hold a transaction, so the reminders change with the record or not at all.
    """
    obj.full_clean()
    obj._history_user = by  # type: ignore[attr-defined]
    if obj._state.adding and by is not None and hasattr(obj, "recorded_by_id"):
        obj.recorded_by = by  # type: ignore[attr-defined]
    obj.save()
    if sync_reminders:
        reminders_sync(subject=obj)
    return obj


def locked(obj: M) -> M:
    """A fresh copy of `obj`'s row, locked until the transaction ends (compare-and-set)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def is_clinician(by: User) -> bool:
    """Physicians and administrators; None is the system (demo data, commands)."""
    return by is None or is_admin(by) or PHYSICIAN in user_roles(by)


def require_clinician(by: User, action: str) -> None:
    if not is_clinician(by):
        raise NotAllowed(f"Only a physician may {action}.")


def is_therapist(by: User) -> bool:
    return by is not None and THERAPIST in user_roles(by)
