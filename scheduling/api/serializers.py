from __future__ import annotations

from rest_framework import serializers

from scheduling.models import Location, Practitioner


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
