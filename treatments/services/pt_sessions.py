from __future__ import annotations

from typing import Any

from django.db import transaction

from clinic.exceptions import NotAllowed
from clinic.roles import is_admin
from treatments.models import PTSession
from treatments.services.common import User, is_therapist, locked, pick, record_save

PT_FIELDS = (
    "patient",
    "therapist",
    "appointment",
    "started_at",
    "duration_minutes",
    "phase",
    "exercises",
    "pain_before",
    "pain_after",
    "subjective",
    "objective",
    "assessment",
    "plan",
)
PT_UPDATE_FIELDS = tuple(f for f in PT_FIELDS if f not in ("patient", "therapist"))


def _own_practitioner_id(by: User) -> int | None:
    practitioner = getattr(by, "practitioner", None) if by is not None else None
    return practitioner.pk if practitioner is not None else None


@transaction.atomic
def pt_session_create(*, data: dict[str, Any], by: User = None) -> PTSession:
    """A therapist records a session of their own (the therapist defaults to the user)."""
    data = pick(data, PT_FIELDS)
    if is_therapist(by) and not is_admin(by):
        own = _own_practitioner_id(by)
        therapist = data.get("therapist")
        if own is None or (therapist is not None and therapist.pk != own):
            raise NotAllowed("A therapist records only their own sessions.")
        data["therapist_id"] = own
        data.pop("therapist", None)
    return record_save(PTSession(**data), by=by, sync_reminders=False)


@transaction.atomic
def pt_session_update(*, session: PTSession, data: dict[str, Any], by: User = None) -> PTSession:
    """Amend a session (never deleted; history keeps the earlier text). Own sessions only."""
    session = locked(session)
    if by is not None and not is_admin(by) and session.therapist.user_id != by.pk:
        raise NotAllowed("A therapist amends only their own sessions.")
    for key, value in pick(data, PT_UPDATE_FIELDS).items():
        setattr(session, key, value)
    return record_save(session, by=by, sync_reminders=False)
