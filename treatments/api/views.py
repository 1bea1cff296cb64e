from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from patients.selectors import patient_visible
from treatments import selectors
from treatments.api import filters
from treatments.api import serializers as s
from treatments.domain import setting
from treatments.services import (
    braces,
    diagnoses,
    imaging,
    medications,
    outcomes,
    pt_sessions,
    rest_periods,
)


class ClinicalRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and amend. Clinical records are never deleted (history keeps them)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    list_selector: ClassVar[Callable[..., QuerySet]]
    create_service: ClassVar[Callable[..., Any]]
    update_service: ClassVar[Callable[..., Any]]
    instance_kwarg: ClassVar[str]

    def get_queryset(self) -> QuerySet:
        return type(self).list_selector(user=self.request.user)

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = type(self).create_service(
            data=serializer.validated_data, by=self.request.user
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        serializer.instance = type(self).update_service(
            **{self.instance_kwarg: serializer.instance},
            data=serializer.validated_data,
            by=self.request.user,
        )


class DiagnosisViewSet(ClinicalRecordViewSet):
    """Diagnoses, red-flagged first (emergency, urgent, routine). `?urgent=true` for flagged."""

    access_resource = "clinical"
    serializer_class = s.DiagnosisSerializer
    filterset_class = filters.DiagnosisFilter
    list_selector = selectors.diagnosis_list
    create_service = diagnoses.diagnosis_create
    update_service = diagnoses.diagnosis_update
    instance_kwarg = "diagnosis"


class ImagingOrderViewSet(ClinicalRecordViewSet):
    """Imaging orders. Change the status with PATCH {"status": ...}; reception sees only orders
    without results (to schedule them)."""

    access_resource = "imaging"
    serializer_class = s.ImagingOrderSerializer
    filterset_class = filters.ImagingOrderFilter
    list_selector = selectors.imaging_order_list
    create_service = imaging.imaging_order_create
    update_service = imaging.imaging_order_update
    instance_kwarg = "order"

    def get_serializer_class(self) -> type[BaseSerializer]:
        if getattr(self, "swagger_fake_view", False):
            return s.ImagingOrderSerializer
        if selectors.sees_imaging_results(self.request.user):
            return s.ImagingOrderSerializer
        return s.ImagingOrderScheduleSerializer


class BracePrescriptionViewSet(ClinicalRecordViewSet):
    access_resource = "clinical"
    serializer_class = s.BracePrescriptionSerializer
    filterset_class = filters.BracePrescriptionFilter
    list_selector = selectors.brace_prescription_list
    create_service = braces.brace_prescription_create
    update_service = braces.brace_prescription_update
    instance_kwarg = "brace"


class RestPeriodViewSet(ClinicalRecordViewSet):
    access_resource = "clinical"
    serializer_class = s.RestPeriodSerializer
    filterset_class = filters.RestPeriodFilter
    list_selector = selectors.rest_period_list
    create_service = rest_periods.rest_period_create
    update_service = rest_periods.rest_period_update
    instance_kwarg = "rest_period"


class MedicationViewSet(ClinicalRecordViewSet):
    """Medications; `?overdue=true` lists denosumab courses past the alert threshold."""

    access_resource = "clinical"
    serializer_class = s.MedicationSerializer
    filterset_class = filters.MedicationFilter
    list_selector = selectors.medication_list
    create_service = medications.medication_create
    update_service = medications.medication_update
    instance_kwarg = "medication"


class PTSessionViewSet(ClinicalRecordViewSet):
    """PT sessions. A therapist records and amends only their own; nothing is deleted."""

    access_resource = "therapy"
    serializer_class = s.PTSessionSerializer
    filterset_class = filters.PTSessionFilter
    list_selector = selectors.pt_session_list
    create_service = pt_sessions.pt_session_create
    update_service = pt_sessions.pt_session_update
    instance_kwarg = "session"


class OutcomeMeasureViewSet(ClinicalRecordViewSet):
    access_resource = "therapy"
    serializer_class = s.OutcomeMeasureSerializer
    filterset_class = filters.OutcomeMeasureFilter
    list_selector = selectors.outcome_measure_list
    create_service = outcomes.outcome_measure_create
    update_service = outcomes.outcome_measure_update
    instance_kwarg = "measure"


THRESHOLDS = {
    "odi": lambda: f"{setting('ODI_MEANINGFUL_CHANGE', 10)} points",
    "nprs": lambda: (
        f"{setting('NPRS_MEANINGFUL_CHANGE', 2)} points or "
        f"{setting('NPRS_MEANINGFUL_CHANGE_PERCENT', 30)} %"
    ),
}


class PatientOutcomesView(APIView):
    """A patient's outcome series per instrument, with the change from the first (baseline)
    and a flag where it reaches the meaningful-change threshold."""

    access_resource = "therapy"

    @extend_schema(
        responses=inline_serializer(
            "PatientOutcomeTrend",
            {
                "patient": serializers.IntegerField(),
                "series": serializers.DictField(child=s.TrendSeriesSerializer()),
            },
        )
    )
    def get(self, request: Request, patient_id: int) -> Response:
        patient = get_object_or_404(patient_visible(user=request.user), pk=patient_id)
        trend = selectors.outcome_trend(patient_id=patient.pk)
        series = {
            instrument: s.TrendSeriesSerializer(
                {**data, "threshold": THRESHOLDS[instrument]()}
            ).data
            for instrument, data in trend.items()
        }
        return Response({"patient": patient.pk, "series": series})
