from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from clinic.exceptions import Conflict
from treatments.models import RestPeriod
from treatments.services.common import User, locked, pick, record_save

REST_FIELDS = ("patient", "diagnosis", "starts_on", "ends_on", "restrictions", "notes")
REST_UPDATE_FIELDS = ("starts_on", "ends_on", "restrictions", "notes")


class RestPeriodOverlap(Conflict):
    code = "rest_period_overlap"
    default_detail = "This rest period overlaps another one of the same diagnosis."


@transaction.atomic
def rest_period_create(*, data: dict[str, Any], by: User = None) -> RestPeriod:
    """Prescribe relative rest for a diagnosis; overlapping periods are refused (409)."""
    return _save(RestPeriod(**pick(data, REST_FIELDS)), by=by)


@transaction.atomic
def rest_period_update(
    *, rest_period: RestPeriod, data: dict[str, Any], by: User = None
) -> RestPeriod:
    rest_period = locked(rest_period)
    for key, value in pick(data, REST_UPDATE_FIELDS).items():
        setattr(rest_period, key, value)
    return _save(rest_period, by=by)


def _save(rest_period: RestPeriod, *, by: User) -> RestPeriod:
    rest_period.full_clean()
    if rest_period.overlapping().exists():
        raise RestPeriodOverlap()
    try:
        # The exclusion constraint decides under concurrency (PostgreSQL).
        with transaction.atomic():
            return record_save(rest_period, by=by)
    except IntegrityError as exc:
        if "rest_no_overlap_per_diagnosis" in str(exc):
            raise RestPeriodOverlap() from exc
        raise
