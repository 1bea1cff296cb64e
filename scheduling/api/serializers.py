from __future__ import annotations

import zoneinfo
from typing import Any

from rest_framework import serializers

from clinic.api.scoping import patient_id_of
from clinic.roles import is_patient_only
from patients.models import Patient
from patients.selectors import patient_visible
from scheduling.api.fields import AwareDateTimeField, DateOrDateTimeField
from scheduling.models import (
    Appointment,
    AppointmentType,
    Location,
    Practitioner,
    Room,
    Weekday,
)


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        ref_name = "Location"
        fields = ["id", "name", "address", "timezone", "phone"]


class PractitionerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Practitioner
        ref_name = "Practitioner"
        fields = ["id", "name", "discipline", "location", "is_active"]


class AppointmentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppointmentType
        ref_name = "AppointmentType"
        fields = ["id", "code", "name", "duration_minutes", "disciplines", "patient_bookable"]


class LocalTimesMixin:
    """Render `start`/`end` in the time zone of the row's location, as API.md's examples do
    (`2026-12-01T09:00:00-08:00`): the offset a front-end shows is the clinic's own."""

    local_time_fields = ("start", "end")

    def _location_zones(self) -> dict[int, zoneinfo.ZoneInfo]:
        root = self.root  # type: ignore[attr-defined]
        zones = getattr(root, "_location_zone_cache", None)
        if zones is None:  # one query per response, however many rows
            rows = Location.objects.values_list("id", "timezone")
            zones = {pk: zoneinfo.ZoneInfo(name) for pk, name in rows}
            root._location_zone_cache = zones
        return zones

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)  # type: ignore[misc]
        zone = self._location_zones().get(instance.location_id)
        if zone is not None:
            for name in self.local_time_fields:
                data[name] = getattr(instance, name).astimezone(zone).isoformat()
        return data


class AppointmentSerializer(LocalTimesMixin, serializers.ModelSerializer):
    """What every appointment endpoint answers with."""

    start = AwareDateTimeField(read_only=True)
    end = AwareDateTimeField(read_only=True)

    class Meta:
        model = Appointment
        ref_name = "Appointment"
        fields = [
            "id",
            "patient",
            "practitioner",
            "appointment_type",
            "location",
            "room",
            "start",
            "end",
            "status",
            "reason",
            "cancel_reason",
            "series",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _BookingFields(serializers.Serializer):
    """Who, with whom, what and where; a patient acting alone may only name themselves."""

    patient = serializers.PrimaryKeyRelatedField(queryset=Patient.objects.none(), required=False)
    practitioner = serializers.PrimaryKeyRelatedField(queryset=Practitioner.objects.all())
    appointment_type = serializers.PrimaryKeyRelatedField(
        queryset=AppointmentType.objects.filter(is_active=True)
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.filter(is_active=True), required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent when the OpenAPI schema is built
        if request is not None:
            # Another patient's id reads exactly like a missing one: no existence leak.
            self.fields["patient"].queryset = patient_visible(user=request.user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        if attrs.get("patient") is None:
            own = patient_id_of(user) if is_patient_only(user) else None
            if own is None:
                raise serializers.ValidationError({"patient": ["This field is required."]})
            attrs["patient"] = Patient.objects.get(pk=own)
        return attrs


class AppointmentCreateSerializer(_BookingFields):
    start = AwareDateTimeField()

    class Meta:
        ref_name = "AppointmentCreate"


class AppointmentUpdateSerializer(serializers.Serializer):
    start = AwareDateTimeField(required=False)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    class Meta:
        ref_name = "AppointmentUpdate"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Give `start` or `reason`.")
        return attrs


class AppointmentCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)

    class Meta:
        ref_name = "AppointmentCancel"


class AppointmentSeriesSerializer(_BookingFields):
    """Either explicit `starts`, or `start` repeated on `weekdays` for `weeks` weeks."""

    starts = serializers.ListField(
        child=AwareDateTimeField(), required=False, min_length=1, max_length=60
    )
    start = AwareDateTimeField(required=False)
    weeks = serializers.IntegerField(required=False, min_value=1, max_value=26)
    weekdays = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.values),
        required=False,
        min_length=1,
        max_length=7,
    )

    class Meta:
        ref_name = "AppointmentSeriesCreate"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if "starts" in attrs:
            if "start" in attrs or "weeks" in attrs:
                raise serializers.ValidationError("Give either `starts` or `start` and `weeks`.")
            return attrs
        missing = {
            name: ["This field is required."] for name in ("start", "weeks") if name not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class SeriesResultSerializer(serializers.Serializer):
    series = serializers.IntegerField()
    appointments = AppointmentSerializer(many=True)

    class Meta:
        ref_name = "AppointmentSeriesResult"


class AvailabilityQuerySerializer(serializers.Serializer):
    appointment_type = serializers.PrimaryKeyRelatedField(
        queryset=AppointmentType.objects.filter(is_active=True)
    )
    start = DateOrDateTimeField()
    end = DateOrDateTimeField()
    practitioner = serializers.PrimaryKeyRelatedField(
        queryset=Practitioner.objects.filter(is_active=True), required=False
    )
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False)
    grid = serializers.IntegerField(required=False, min_value=5, max_value=240)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=5000)

    class Meta:
        ref_name = "AvailabilityQuery"


class SlotSerializer(LocalTimesMixin, serializers.Serializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    practitioner = serializers.IntegerField(source="practitioner_id")
    location = serializers.IntegerField(source="location_id")

    class Meta:
        ref_name = "Slot"


class AvailabilitySerializer(serializers.Serializer):
    slots = SlotSerializer(many=True)

    class Meta:
        ref_name = "Availability"
