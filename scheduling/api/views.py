from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.exceptions import NotAllowed
from clinic.roles import is_patient_only
from scheduling import conf
from scheduling.api.serializers import (
    AppointmentCancelSerializer,
    AppointmentCreateSerializer,
    AppointmentSerializer,
    AppointmentSeriesSerializer,
    AppointmentTypeSerializer,
    AppointmentUpdateSerializer,
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    LocationSerializer,
    PractitionerSerializer,
    SeriesResultSerializer,
)
from scheduling.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Location,
    Practitioner,
)
from scheduling.selectors.appointments import appointment_visible
from scheduling.selectors.availability import availability_search
from scheduling.services import appointments as services
from scheduling.services.calendars import calendar_feed_find, calendar_render


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    access_resource = "reference"
    serializer_class = LocationSerializer
    queryset = Location.objects.all()


class PractitionerViewSet(viewsets.ReadOnlyModelViewSet):
    access_resource = "reference"
    serializer_class = PractitionerSerializer
    queryset = Practitioner.objects.filter(is_active=True)
    filterset_fields = ["discipline", "location"]


class AppointmentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    access_resource = "reference"
    serializer_class = AppointmentTypeSerializer
    queryset = AppointmentType.objects.filter(is_active=True)


def _zone_for(data: dict[str, Any]) -> zoneinfo.ZoneInfo:
    place = data.get("practitioner").location if data.get("practitioner") else data.get("location")
    return zoneinfo.ZoneInfo(place.timezone if place else settings.CLINIC_TIMEZONE)


def _as_instant(value: dt.date | dt.datetime, tz: zoneinfo.ZoneInfo, *, end: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    day = value + dt.timedelta(days=1) if end else value  # an end date is inclusive
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)


class AvailabilityView(APIView):
    """Free slots for one appointment type, one or all eligible practitioners."""

    access_resource = "appointments"

    @extend_schema(parameters=[AvailabilityQuerySerializer], responses=AvailabilitySerializer)
    def get(self, request: Request) -> Response:
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        tz = _zone_for(data)
        start = _as_instant(data["start"], tz, end=False)
        end = _as_instant(data["end"], tz, end=True)
        if end <= start:
            raise serializers.ValidationError({"end": ["The end must be after the start."]})
        if end - start > dt.timedelta(days=conf.availability_max_days()):
            raise serializers.ValidationError(
                {"end": [f"Search at most {conf.availability_max_days()} days at once."]}
            )
        slots = availability_search(
            appointment_type=data["appointment_type"],
            start=start,
            end=end,
            practitioner=data.get("practitioner"),
            location=data.get("location"),
            grid_minutes=data.get("grid"),
            limit=data.get("limit"),
        )
        return Response(AvailabilitySerializer({"slots": slots}).data)


class AppointmentFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=AppointmentStatus.choices)
    start_after = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="gte")
    start_before = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt")

    class Meta:
        model = Appointment
        fields = ["patient", "practitioner", "location", "appointment_type", "status", "series"]


IDEMPOTENCY_HEADER = "Idempotency-Key"


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if len(key) > 255:
        raise serializers.ValidationError({IDEMPOTENCY_HEADER: ["At most 255 characters."]})
    return key or None


@extend_schema(
    parameters=[
        OpenApiParameter(
            IDEMPOTENCY_HEADER,
            str,
            OpenApiParameter.HEADER,
            description="A retried POST with the same key returns the first result.",
        )
    ]
)
class AppointmentViewSet(viewsets.ModelViewSet):
    """Appointments. Patients see, book and cancel their own; DELETE is not offered."""

    access_resource = "appointments"
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    staff_only_actions = frozenset({"partial_update", "arrive", "complete", "no_show"})

    def get_queryset(self) -> QuerySet[Appointment]:
        return appointment_visible(user=self.request.user)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action in self.staff_only_actions and is_patient_only(request.user):
            raise NotAllowed("Patients may book and cancel their own appointments only.")

    def _answer(self, appointment: Appointment, code: int = status.HTTP_200_OK) -> Response:
        return Response(AppointmentSerializer(appointment).data, status=code)

    @extend_schema(request=AppointmentCreateSerializer, responses={201: AppointmentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = _idempotency_key(request)
        incoming = AppointmentCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        appointment = services.appointment_book(
            **incoming.validated_data, by=request.user, idempotency_key=key
        )
        response = self._answer(appointment, status.HTTP_201_CREATED)
        if getattr(appointment, "replayed", False):
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(request=AppointmentUpdateSerializer, responses=AppointmentSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        appointment = self.get_object()
        incoming = AppointmentUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if "start" in data:
            appointment = services.appointment_reschedule(
                appointment=appointment, start=data["start"], by=request.user
            )
        if "reason" in data:
            appointment = services.appointment_update(
                appointment=appointment, reason=data["reason"], by=request.user
            )
        return self._answer(appointment)

    @extend_schema(request=AppointmentCancelSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        appointment = self.get_object()
        incoming = AppointmentCancelSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return self._answer(
            services.appointment_cancel(
                appointment=appointment, reason=incoming.validated_data["reason"], by=request.user
            )
        )

    @extend_schema(request=None, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request: Request, pk: str | None = None) -> Response:
        appointment = self.get_object()
        return self._answer(services.appointment_arrive(appointment=appointment, by=request.user))

    @extend_schema(request=None, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        appointment = self.get_object()
        return self._answer(services.appointment_complete(appointment=appointment, by=request.user))

    @extend_schema(request=None, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str | None = None) -> Response:
        appointment = self.get_object()
        return self._answer(services.appointment_no_show(appointment=appointment, by=request.user))

    @extend_schema(request=AppointmentSeriesSerializer, responses={201: SeriesResultSerializer})
    @action(detail=False, methods=["post"])
    def series(self, request: Request) -> Response:
        incoming = AppointmentSeriesSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        starts = data.pop("starts", None)
        if starts is None:
            practitioner = data["practitioner"]
            place = data.get("location") or practitioner.location
            starts = services.series_starts(
                start=data.pop("start"),
                weeks=data.pop("weeks"),
                weekdays=data.pop("weekdays", None),
                tz=zoneinfo.ZoneInfo(place.timezone),
            )
        if len(starts) > conf.series_max_occurrences():
            raise serializers.ValidationError(
                {"weeks": [f"At most {conf.series_max_occurrences()} appointments per series."]}
            )
        try:
            booked = services.appointment_series_book(**data, starts=starts, by=request.user)
        except services.SeriesConflict as exc:
            body = {"detail": exc.detail, "code": exc.code, "conflicts": exc.conflicts}
            return Response(body, status=exc.status_code)
        body = {"series": booked[0].series_id, "appointments": booked}
        return Response(SeriesResultSerializer(body).data, status=status.HTTP_201_CREATED)


class CalendarFeedView(APIView):
    """A practitioner's appointments as iCalendar; the secret token in the URL is the key."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={(200, "text/calendar"): str})
    def get(self, request: Request, token: str) -> HttpResponse:
        feed = calendar_feed_find(token=token)
        if feed is None:
            raise Http404("No such calendar.")
        response = HttpResponse(calendar_render(feed=feed), content_type="text/calendar")
        response["Content-Disposition"] = 'inline; filename="appointments.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
