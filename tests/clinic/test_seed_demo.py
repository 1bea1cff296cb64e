from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from patients.models import Patient
from scheduling.models import Location, Practitioner

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        get_user_model().objects.count(),
        Location.objects.count(),
        Practitioner.objects.count(),
        Patient.objects.count(),
    )


def test_seed_demo_is_idempotent_and_logs_in_every_role() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert first[1] == 2
    assert Patient.objects.count() >= 12
    disciplines = set(Practitioner.objects.values_list("discipline", flat=True))
    assert {
        "physician",
        "spine_surgeon",
        "physiotherapist",
        "athletic_therapist",
        "kinesiologist",
        "massage_therapist",
    } <= disciplines
    assert set(Location.objects.values_list("timezone", flat=True)) == {
        "America/Los_Angeles",
        "America/Vancouver",
    }
    from django.test import Client

    from clinic.demo import DEMO_USERS

    for username, (_role, password, _name) in DEMO_USERS.items():
        response = Client().post(
            "/api/v1/auth/token/",
            {"username": username, "password": password},
            content_type="application/json",
        )
        assert response.status_code == 200, username
    ages = sorted(patient.age for patient in Patient.objects.all())
    assert ages[0] < 20
    assert ages[-1] > 80
