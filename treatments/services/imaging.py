from __future__ import annotations

from typing import Any

from django.db import transaction

from clinic.exceptions import NotAllowed
from treatments.domain.choices import ImagingStatus
from treatments.models import ImagingOrder
from treatments.models.imaging import RESULT_FIELDS
from treatments.services.common import User, is_clinician, locked, pick, record_save

ORDER_FIELDS = ("patient", "diagnosis", "modality", "body_region", "indication", "priority")
ORDER_UPDATE_FIELDS = ("diagnosis", "modality", "body_region", "indication", "priority")
# What reception may do to an order: move it along the schedule, never enter results.
RECEPTION_STATUSES = (ImagingStatus.SCHEDULED, ImagingStatus.COMPLETED, ImagingStatus.CANCELLED)


@transaction.atomic
def imaging_order_create(*, data: dict[str, Any], by: User = None) -> ImagingOrder:
    """A physician orders imaging; it starts `ordered`, without results."""
    if not is_clinician(by):
        raise NotAllowed("Only a physician may order imaging.")
    order = ImagingOrder(**pick(data, ORDER_FIELDS), status=ImagingStatus.ORDERED)
    return record_save(order, by=by)


@transaction.atomic
def imaging_order_update(
    *, order: ImagingOrder, data: dict[str, Any], by: User = None
) -> ImagingOrder:
    """Change an order: the status first (along the table, else 409), then fields and results.

    Reception may only move the status of an order along its schedule.
    """
    order = locked(order)
    status = data.get("status", order.status)
    changes = pick(data, (*ORDER_UPDATE_FIELDS, *RESULT_FIELDS))
    if not is_clinician(by) and (changes or status not in (order.status, *RECEPTION_STATUSES)):
        raise NotAllowed("Reception may only schedule, complete or cancel an order.")
    order.set_status(status)
    for key, value in changes.items():
        setattr(order, key, value)
    return record_save(order, by=by)


def imaging_order_transition(*, order: ImagingOrder, status: str, by: User = None) -> ImagingOrder:
    """Move an order to `status` (scheduled, completed, reported, cancelled)."""
    return imaging_order_update(order=order, data={"status": status}, by=by)
