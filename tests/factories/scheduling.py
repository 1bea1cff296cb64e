from __future__ import annotations

import factory

from scheduling.models import Location, Practitioner


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Clinic {n}")
    timezone = "America/Los_Angeles"
    address = "1 Main St"


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    name = factory.Faker("name")
    discipline = "physician"
    location = factory.SubFactory(LocationFactory)
