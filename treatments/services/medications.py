from __future__ import annotations

from typing import Any

from django.db import transaction

from treatments.models import Medication
from treatments.services.common import User, locked, pick, record_save

MEDICATION_FIELDS = (
    "patient",
    "drug",
    "drug_class",
    "dose",
    "interval_days",
    "started_on",
    "ended_on",
    "last_dose_on",
    "notes",
)
MEDICATION_UPDATE_FIELDS = tuple(f for f in MEDICATION_FIELDS if f != "patient")


@transaction.atomic
def medication_create(*, data: dict[str, Any], by: User = None) -> Medication:
    """Record a medication; the interval defaults per drug, next_dose_due is derived."""
    return record_save(Medication(**pick(data, MEDICATION_FIELDS)), by=by)


@transaction.atomic
def medication_update(
    *, medication: Medication, data: dict[str, Any], by: User = None
) -> Medication:
    """Change a medication (a dose given: set last_dose_on); next_dose_due follows."""
    medication = locked(medication)
    changes = pick(data, MEDICATION_UPDATE_FIELDS)
    if "drug" in changes and changes["drug"] != medication.drug:
        # Another drug: its own defaults unless given.
        changes.setdefault("drug_class", "")
        changes.setdefault("interval_days", None)
    for key, value in changes.items():
        setattr(medication, key, value)
    return record_save(medication, by=by)


def medication_dose_record(*, medication: Medication, given_on: Any, by: User = None) -> Medication:
    """A dose was given on `given_on`: the next one is due one interval later."""
    return medication_update(medication=medication, data={"last_dose_on": given_on}, by=by)
