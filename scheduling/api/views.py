from __future__ import annotations

from rest_framework import viewsets

from scheduling.api.serializers import LocationSerializer, PractitionerSerializer
from scheduling.models import Location, Practitioner


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    access_resource = "reference"
    serializer_class = LocationSerializer
    queryset = Location.objects.all()


class PractitionerViewSet(viewsets.ReadOnlyModelViewSet):
    access_resource = "reference"
    serializer_class = PractitionerSerializer
    queryset = Practitioner.objects.filter(is_active=True)
    filterset_fields = ["discipline", "location"]
