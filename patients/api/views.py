from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from clinic.api.filters import StrictBooleanField
from clinic.api.scoping import patient_id_of
from patients import selectors, services
from patients.api.filters import PatientFilter
from patients.api.serializers import PatientPreferencesSerializer, PatientSerializer
from patients.models import Patient


@extend_schema(
    parameters=[
        OpenApiParameter("archived", bool, description="Staff: list archived patients instead.")
    ]
)
class PatientViewSet(viewsets.ModelViewSet):
    """Patients. DELETE archives: the record stays for the audit trail and leaves lists."""

    access_resource = "patients"
    serializer_class = PatientSerializer
    filterset_class = PatientFilter

    def get_queryset(self) -> QuerySet[Patient]:
        if self.action == "list":
            archived = self._archived_param()
            queryset = selectors.patient_list(user=self.request.user)
            if archived:
                queryset = selectors.patient_visible(user=self.request.user).exclude(
                    archived_at__isnull=True
                )
            return queryset
        return selectors.patient_visible(user=self.request.user)

    def _archived_param(self) -> bool:
        field = StrictBooleanField(required=False)
        try:
            return bool(field.clean(self.request.query_params.get("archived")))
        except DjangoValidationError as exc:  # `?archived=maybe` is a 400, not "false"
            raise serializers.ValidationError({"archived": exc.messages}) from exc

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.patient_create(
            data=serializer.validated_data, by=self.request.user
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.patient_update(
            patient=serializer.instance, data=serializer.validated_data, by=self.request.user
        )

    def perform_destroy(self, instance: Patient) -> None:
        services.patient_archive(patient=instance, by=self.request.user)


class MyPreferencesView(generics.GenericAPIView):
    """The logged-in patient's contact consent and preferred channel."""

    access_resource = "preferences"
    serializer_class = PatientPreferencesSerializer

    def get_object(self) -> Patient:
        patient_id = patient_id_of(self.request.user)
        if patient_id is None:
            raise Http404("No patient record is linked to this user.")
        return Patient.objects.get(pk=patient_id)

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request: Request) -> Response:
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        patient = services.patient_preferences_update(
            patient=serializer.instance, data=serializer.validated_data, by=request.user
        )
        return Response(self.get_serializer(patient).data, status=status.HTTP_200_OK)
