"""seed_demo gives bookable schedules; seed_scale fills bulk data."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from scheduling.models import Appointment, AppointmentType, WorkingHours

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_gives_hours_types_and_a_few_appointments(capsys) -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    assert WorkingHours.objects.count() == 8 * 5
    assert AppointmentType.objects.filter(code="pt_session").exists()
    assert 1 <= Appointment.objects.count() <= 4


def test_seed_scale_writes_the_rows_asked_for(capsys) -> None:
    call_command("seed_scale", patients=30, appointments=500, practitioners=5)
    assert Appointment.objects.count() == 500
    call_command("seed_scale", patients=30, appointments=200, practitioners=5)  # a top-up
    assert Appointment.objects.count() == 700
