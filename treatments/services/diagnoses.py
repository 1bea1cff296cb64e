from __future__ import annotations

from typing import Any

from django.db import transaction

from treatments.models import Diagnosis
from treatments.services.common import User, locked, pick, record_save

DIAGNOSIS_FIELDS = (
    "patient",
    "condition",
    "icd10_code",
    "vertebral_levels",
    "cause",
    "care_phase",
    "fracture_type",
    "slip_percent",
    "meyerding_grade",
    "height_loss_percent",
    "genant_grade",
    "diagnosed_on",
    "status",
    "red_flags",
    "notes",
)
DIAGNOSIS_UPDATE_FIELDS = tuple(f for f in DIAGNOSIS_FIELDS if f != "patient")
# Derived from these; cleared on update so they are derived afresh when an input changes.
_DERIVED_FROM = {
    "icd10_code": ("condition", "vertebral_levels", "cause", "care_phase", "fracture_type"),
    "meyerding_grade": ("slip_percent", "condition"),
    "genant_grade": ("height_loss_percent", "condition"),
}


@transaction.atomic
def diagnosis_create(*, data: dict[str, Any], by: User = None) -> Diagnosis:
    """Record a diagnosis; the code, grades and urgency are derived (Diagnosis.clean)."""
    diagnosis = Diagnosis(**pick(data, DIAGNOSIS_FIELDS))
    return record_save(diagnosis, by=by)


@transaction.atomic
def diagnosis_update(*, diagnosis: Diagnosis, data: dict[str, Any], by: User = None) -> Diagnosis:
    """Change a diagnosis. A derived value is re-derived when its inputs change and the caller
    did not give it explicitly."""
    diagnosis = locked(diagnosis)
    changes = pick(data, DIAGNOSIS_UPDATE_FIELDS)
    for derived, inputs in _DERIVED_FROM.items():
        if derived == "icd10_code" and changes.get("condition", diagnosis.condition) == "other":
            continue  # nothing to derive: the code was given
        if derived not in changes and any(
            name in changes and changes[name] != getattr(diagnosis, name) for name in inputs
        ):
            changes[derived] = None if derived != "icd10_code" else ""
    for key, value in changes.items():
        setattr(diagnosis, key, value)
    return record_save(diagnosis, by=by)
