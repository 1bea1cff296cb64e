"""List filters of API.md: ?patient=, ?status=, date ranges ?start_after=&start_before=."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from clinic.api.filters import IdFilter, StrictBooleanFilter
from treatments.domain.choices import (
    BraceStatus,
    DiagnosisStatus,
    ImagingStatus,
    Instrument,
    Modality,
    Urgency,
)
from treatments.models import (
    BracePrescription,
    Diagnosis,
    ImagingOrder,
    Medication,
    OutcomeMeasure,
    PTSession,
    RestPeriod,
)


def _date_range(field: str) -> tuple[django_filters.Filter, django_filters.Filter]:
    return (
        django_filters.DateFilter(field_name=field, lookup_expr="gte"),
        django_filters.DateFilter(field_name=field, lookup_expr="lte"),
    )


class PatientFilterSet(django_filters.FilterSet):
    patient = IdFilter(field_name="patient_id")


class DiagnosisFilter(PatientFilterSet):
    status = django_filters.ChoiceFilter(choices=DiagnosisStatus.choices)
    start_after, start_before = _date_range("diagnosed_on")
    urgent = StrictBooleanFilter(method="filter_urgent", label="Red-flagged only")
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)

    class Meta:
        model = Diagnosis
        fields = ["patient", "status", "condition", "urgency"]

    def filter_urgent(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if value:
            return queryset.exclude(urgency=Urgency.ROUTINE)
        return queryset.filter(urgency=Urgency.ROUTINE)


class ImagingOrderFilter(PatientFilterSet):
    status = django_filters.ChoiceFilter(choices=ImagingStatus.choices)
    modality = django_filters.ChoiceFilter(choices=Modality.choices)
    start_after, start_before = _date_range("created_at__date")

    class Meta:
        model = ImagingOrder
        fields = ["patient", "status", "modality", "priority", "diagnosis"]


class BracePrescriptionFilter(PatientFilterSet):
    status = django_filters.ChoiceFilter(choices=BraceStatus.choices)
    start_after, start_before = _date_range("start_date")

    class Meta:
        model = BracePrescription
        fields = ["patient", "status", "brace_type", "diagnosis"]


class RestPeriodFilter(PatientFilterSet):
    start_after, start_before = _date_range("starts_on")

    class Meta:
        model = RestPeriod
        fields = ["patient", "diagnosis"]


class MedicationFilter(PatientFilterSet):
    start_after, start_before = _date_range("started_on")
    current = StrictBooleanFilter(field_name="ended_on", lookup_expr="isnull")
    overdue = StrictBooleanFilter(method="filter_overdue", label="Denosumab overdue")

    class Meta:
        model = Medication
        fields = ["patient", "drug", "drug_class"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = queryset.denosumab_overdue(today=timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class PTSessionFilter(PatientFilterSet):
    start_after, start_before = _date_range("started_at__date")
    therapist = IdFilter(field_name="therapist_id")

    class Meta:
        model = PTSession
        fields = ["patient", "therapist", "phase"]


class OutcomeMeasureFilter(PatientFilterSet):
    instrument = django_filters.ChoiceFilter(choices=Instrument.choices)
    start_after, start_before = _date_range("recorded_on")

    class Meta:
        model = OutcomeMeasure
        fields = ["patient", "instrument"]
