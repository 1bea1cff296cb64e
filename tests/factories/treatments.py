"""Clinical records built through the services, so derived fields are filled as in real use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from tests.factories.patients import PatientFactory
from tests.factories.scheduling import PractitionerFactory
from treatments.models import (
    BracePrescription,
    Diagnosis,
    ImagingOrder,
    Medication,
    OutcomeMeasure,
    PTSession,
    RestPeriod,
)
from treatments.services import (
    braces,
    diagnoses,
    imaging,
    medications,
    outcomes,
    pt_sessions,
    rest_periods,
)


def _via(service: Any) -> classmethod:
    """A factory `_create` that goes through the service, so derived fields are filled."""

    def create(cls: type, model_class: type, *args: Any, **kwargs: Any) -> Any:
        return service(data=kwargs)

    return classmethod(create)


class DiagnosisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnosis

    _create = _via(diagnoses.diagnosis_create)

    patient = factory.SubFactory(PatientFactory)
    condition = "spondylolysis"
    vertebral_levels = factory.LazyFunction(lambda: ["L5"])
    diagnosed_on = factory.LazyFunction(timezone.localdate)


class ImagingOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImagingOrder

    _create = _via(imaging.imaging_order_create)

    patient = factory.SubFactory(PatientFactory)
    modality = "xray"
    body_region = "lumbar spine"
    indication = "low back pain"


class BracePrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BracePrescription

    _create = _via(braces.brace_prescription_create)

    patient = factory.SubFactory(PatientFactory)
    brace_type = "lso"
    start_date = factory.LazyFunction(timezone.localdate)
    duration_weeks = 8
    hours_per_day = 20


class RestPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RestPeriod

    _create = _via(rest_periods.rest_period_create)

    diagnosis = factory.SubFactory(DiagnosisFactory)
    patient = factory.SelfAttribute("diagnosis.patient")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(weeks=6))
    restrictions = factory.LazyFunction(lambda: ["no_running_jumping"])


class MedicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medication

    _create = _via(medications.medication_create)

    patient = factory.SubFactory(PatientFactory)
    drug = "alendronate"
    dose = "70 mg"
    started_on = factory.LazyFunction(timezone.localdate)


class PTSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PTSession

    _create = _via(pt_sessions.pt_session_create)

    patient = factory.SubFactory(PatientFactory)
    therapist = factory.SubFactory(PractitionerFactory, discipline="physiotherapist")
    started_at = factory.LazyFunction(timezone.now)
    duration_minutes = 45
    phase = "stabilisation"
    exercises = factory.LazyFunction(
        lambda: [{"name": "dead bug", "sets": 3, "reps": 10, "hold_seconds": 0}]
    )
    pain_before = 5
    pain_after = 3


class OutcomeMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeMeasure

    _create = _via(outcomes.outcome_measure_create)

    patient = factory.SubFactory(PatientFactory)
    instrument = "nprs"
    recorded_on = factory.LazyFunction(timezone.localdate)
    answers = 5
