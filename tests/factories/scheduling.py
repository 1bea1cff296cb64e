from __future__ import annotations

import datetime as dt

import factory

from scheduling.models import (
    Appointment,
    AppointmentType,
    Location,
    Practitioner,
    Room,
    TimeOff,
    WorkingHours,
)
from tests.factories.patients import PatientFactory


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


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentType
        django_get_or_create = ("code",)

    code = "consultation"
    name = factory.LazyAttribute(lambda o: o.code.replace("_", " ").title())
    duration_minutes = 30
    disciplines = factory.LazyFunction(lambda: ["physician", "spine_surgeon"])


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    practitioner = factory.SubFactory(PractitionerFactory)
    location = factory.LazyAttribute(lambda o: o.practitioner.location)
    weekday = 0
    start_time = dt.time(8, 0)
    end_time = dt.time(17, 0)


def weekday_hours(
    practitioner: Practitioner,
    start: dt.time = dt.time(8),
    end: dt.time = dt.time(17),
    days: range = range(5),
) -> list[WorkingHours]:
    """The same hours on each of `days` (Mon=0) at the practitioner's own location."""
    return [
        WorkingHoursFactory(practitioner=practitioner, weekday=day, start_time=start, end_time=end)
        for day in days
    ]


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    practitioner = factory.SubFactory(PractitionerFactory)
    start = factory.LazyFunction(lambda: dt.datetime(2026, 12, 1, 16, tzinfo=dt.UTC))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=4))
    reason = "Course"


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A row written directly (no service checks): for fixtures and query-count tests."""

    class Meta:
        model = Appointment

    patient = factory.SubFactory(PatientFactory)
    practitioner = factory.SubFactory(PractitionerFactory)
    appointment_type = factory.SubFactory(AppointmentTypeFactory)
    location = factory.LazyAttribute(lambda o: o.practitioner.location)
    start = factory.LazyFunction(lambda: dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC))
    end = factory.LazyAttribute(
        lambda o: o.start + dt.timedelta(minutes=o.appointment_type.duration_minutes)
    )
    status = "booked"
