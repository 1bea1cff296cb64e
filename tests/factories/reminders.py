from __future__ import annotations

import datetime as dt

import factory
from django.contrib.contenttypes.models import ContentType

from scheduling.models import Reminder
from tests.factories.scheduling import AppointmentFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder about an appointment, written directly (for API, admin and sweep tests)."""

    class Meta:
        model = Reminder
        exclude = ["appointment"]

    appointment = factory.SubFactory(AppointmentFactory)
    patient = factory.LazyAttribute(lambda o: o.appointment.patient)
    kind = "appointment"
    channel = "email"
    due_at = factory.LazyAttribute(lambda o: o.appointment.start - dt.timedelta(hours=24))
    status = "scheduled"
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.appointment))
    object_id = factory.LazyAttribute(lambda o: o.appointment.pk)
    key = factory.LazyAttribute(lambda o: o.appointment.start.strftime("%Y-%m-%dT%H:%MZ"))
