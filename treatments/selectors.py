"""Reads of clinical records: what each user may see, in the order they need it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Case, IntegerField, QuerySet, Value, When

from clinic.api.scoping import scope_to_user
from clinic.roles import PHYSICIAN, RECEPTION, THERAPIST, is_admin, user_roles
from treatments.domain import outcomes
from treatments.domain.red_flags import URGENCY_RANK
from treatments.models import (
    BracePrescription,
    Diagnosis,
    ImagingOrder,
    Medication,
    OutcomeMeasure,
    PTSession,
    RestPeriod,
)
from treatments.models.imaging import UNRESULTED_STATUSES

AnyUser = AbstractBaseUser | AnonymousUser


def urgency_rank() -> Case:
    """0 emergency, 1 urgent, 2 routine: order by it to list flagged diagnoses first."""
    return Case(
        *(When(urgency=urgency, then=Value(value)) for urgency, value in URGENCY_RANK.items()),
        output_field=IntegerField(),
    )


def diagnosis_list(*, user: AnyUser) -> QuerySet[Diagnosis]:
    """Emergencies first, then urgent, then routine; newest first within each."""
    queryset = Diagnosis.objects.order_by(urgency_rank().asc(), "-diagnosed_on", "-id")
    return scope_to_user(queryset, user)


def sees_imaging_results(user: AnyUser) -> bool:
    """Reception schedules imaging but sees no results; every other role with access does."""
    roles = user_roles(user)
    return is_admin(user) or RECEPTION not in roles or bool(roles & {PHYSICIAN, THERAPIST})


def imaging_order_list(*, user: AnyUser) -> QuerySet[ImagingOrder]:
    queryset = ImagingOrder.objects.all()
    if not sees_imaging_results(user):
        queryset = queryset.filter(status__in=UNRESULTED_STATUSES)
    return scope_to_user(queryset, user)


def brace_prescription_list(*, user: AnyUser) -> QuerySet[BracePrescription]:
    return scope_to_user(BracePrescription.objects.all(), user)


def rest_period_list(*, user: AnyUser) -> QuerySet[RestPeriod]:
    return scope_to_user(RestPeriod.objects.all(), user)


def medication_list(*, user: AnyUser) -> QuerySet[Medication]:
    return scope_to_user(Medication.objects.all(), user)


def pt_session_list(*, user: AnyUser) -> QuerySet[PTSession]:
    return scope_to_user(PTSession.objects.all(), user)


def outcome_measure_list(*, user: AnyUser) -> QuerySet[OutcomeMeasure]:
    return scope_to_user(OutcomeMeasure.objects.all(), user)


@dataclass(frozen=True)
class TrendPoint:
    id: int
    recorded_on: object
    score: Decimal
    band: str
    change: Decimal
    meaningful_change: bool


def outcome_trend(*, patient_id: int) -> dict[str, dict[str, object]]:
    """Per instrument: the series oldest first, each point's change from the first (baseline)
    and whether it reaches the meaningful-change threshold."""
    measures = OutcomeMeasure.objects.filter(patient_id=patient_id).order_by("recorded_on", "id")
    series: dict[str, list[OutcomeMeasure]] = {}
    for measure in measures:
        series.setdefault(measure.instrument, []).append(measure)
    return {instrument: _trend(instrument, points) for instrument, points in series.items()}


def _trend(instrument: str, measures: Iterable[OutcomeMeasure]) -> dict[str, object]:
    measures = list(measures)
    baseline = measures[0].score
    points = [
        TrendPoint(
            id=m.pk,
            recorded_on=m.recorded_on,
            score=m.score,
            band=m.band,
            change=m.score - baseline,
            meaningful_change=outcomes.is_meaningful_change(
                instrument, baseline=baseline, current=m.score
            ),
        )
        for m in measures
    ]
    return {"baseline": baseline, "points": points}
