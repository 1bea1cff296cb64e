from __future__ import annotations

from typing import Any

from django.db import transaction

from treatments.models import OutcomeMeasure
from treatments.services.common import User, locked, pick, record_save

OUTCOME_FIELDS = ("patient", "instrument", "recorded_on", "answers")
OUTCOME_UPDATE_FIELDS = ("recorded_on", "answers")


@transaction.atomic
def outcome_measure_create(*, data: dict[str, Any], by: User = None) -> OutcomeMeasure:
    """Record an ODI or NPRS; score and band are computed from the answers."""
    return record_save(OutcomeMeasure(**pick(data, OUTCOME_FIELDS)), by=by, sync_reminders=False)


@transaction.atomic
def outcome_measure_update(
    *, measure: OutcomeMeasure, data: dict[str, Any], by: User = None
) -> OutcomeMeasure:
    measure = locked(measure)
    for key, value in pick(data, OUTCOME_UPDATE_FIELDS).items():
        setattr(measure, key, value)
    return record_save(measure, by=by, sync_reminders=False)
