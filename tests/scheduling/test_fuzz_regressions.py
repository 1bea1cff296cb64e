"""Scheduling inputs found by fuzzing that once answered a wrong status."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Appointment
from tests.factories.scheduling import AppointmentFactory
from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "physician_hours")]

URL = "/api/v1/appointments/"


def test_a_booking_whose_utc_time_is_past_the_last_year_is_refused_up_front(
    reception_api, patient_a, physician, consultation
) -> None:  # noqa: ANN001
    # 16:00 in Los Angeles on 2100-12-31 is 2101 in UTC. The year used to be checked only on
    # the local value at input and again on the UTC value at output: the booking was saved,
    # then the response (and every later list holding it) was a 400 without a field name.
    body = {
        "patient": patient_a.pk,
        "practitioner": physician.pk,
        "appointment_type": consultation.pk,
        "start": la(2100, 12, 31, 16).isoformat(),
    }
    response = reception_api.post(URL, body)
    assert response.status_code == 400
    assert "start" in response.json()
    assert not Appointment.objects.exists()


def test_a_stored_far_future_appointment_still_renders(reception_api, physician) -> None:  # noqa: ANN001
    start = dt.datetime(2101, 1, 1, 0, 30, tzinfo=dt.UTC)
    appointment = AppointmentFactory(practitioner=physician, start=start)
    listed = reception_api.get(URL)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [appointment.pk]
    assert reception_api.get(f"{URL}{appointment.pk}/").json()["start"].startswith("2100-12-31")


def test_availability_up_to_the_last_day_renders_slots_ending_in_utc_next_year(
    reception_api, physician, consultation
) -> None:  # noqa: ANN001
    # Working hours run to 17:00 in Los Angeles, i.e. 01:00 UTC the next day.
    params = {"appointment_type": consultation.pk, "start": "2100-12-31", "end": "2100-12-31"}
    response = reception_api.get("/api/v1/availability/", params)
    assert response.status_code == 200, response.content
    assert response.json()["slots"][-1]["end"] == "2100-12-31T17:00:00-08:00"
