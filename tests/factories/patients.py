from __future__ import annotations

import datetime as dt

import factory

from patients.models import Patient
from patients.services import mrn_generate


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    mrn = factory.LazyFunction(mrn_generate)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.LazyFunction(lambda: dt.date(1970, 5, 17))
    sex = "female"
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.com".lower())
    phone = factory.Sequence(lambda n: f"+1604555{n % 10000:04d}")
    preferred_channel = "email"
    consent_email = True
    consent_sms = True
    timezone = "America/Vancouver"
    risk_factors = factory.LazyFunction(list)
