from __future__ import annotations

from typing import Any

from django.db import transaction

from treatments.models import BracePrescription
from treatments.services.common import User, locked, pick, record_save

BRACE_FIELDS = (
    "patient",
    "diagnosis",
    "brace_type",
    "start_date",
    "duration_weeks",
    "hours_per_day",
    "notes",
)
BRACE_UPDATE_FIELDS = tuple(f for f in BRACE_FIELDS if f != "patient")


@transaction.atomic
def brace_prescription_create(*, data: dict[str, Any], by: User = None) -> BracePrescription:
    """Prescribe a brace; the end date is derived from start and weeks."""
    brace = BracePrescription(**pick(data, BRACE_FIELDS))
    return record_save(brace, by=by)


@transaction.atomic
def brace_prescription_update(
    *, brace: BracePrescription, data: dict[str, Any], by: User = None
) -> BracePrescription:
    """Change a prescription; a status change follows BracePrescription.TRANSITIONS (else 409)."""
    brace = locked(brace)
    if "status" in data and data["status"] != brace.status:
        brace.set_status(data["status"])
    for key, value in pick(data, BRACE_UPDATE_FIELDS).items():
        setattr(brace, key, value)
    return record_save(brace, by=by)
