"""Availability: free slots inside working hours, minus appointments, time off and the past."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories.scheduling import AppointmentFactory, TimeOffFactory, weekday_hours
from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

URL = "/api/v1/availability/"


def starts(response) -> list[dt.datetime]:  # noqa: ANN001
    assert response.status_code == 200, response.json()
    return [dt.datetime.fromisoformat(slot["start"]) for slot in response.json()["slots"]]


@pytest.mark.usefixtures("physician_hours")
def test_one_day_of_a_physician_on_the_15_minute_grid(
    reception_api, physician, consultation
) -> None:
    response = reception_api.get(
        URL,
        {
            "appointment_type": consultation.pk,
            "practitioner": physician.pk,
            "start": "2026-12-01",
            "end": "2026-12-01",
        },
    )
    found = starts(response)
    assert found[0] == la(2026, 12, 1, 8)
    assert found[-1] == la(2026, 12, 1, 16, 30)  # the last 30 minutes that end by 17:00
    assert len(found) == 35
    assert response.json()["slots"][0]["practitioner"] == physician.pk


@pytest.mark.usefixtures("physician_hours")
def test_booked_slots_and_time_off_are_excluded(reception_api, physician, consultation) -> None:
    AppointmentFactory(
        practitioner=physician, appointment_type=consultation, start=la(2026, 12, 1, 9)
    )
    AppointmentFactory(
        practitioner=physician,
        appointment_type=consultation,
        start=la(2026, 12, 1, 10),
        status="cancelled",  # frees its slot
    )
    TimeOffFactory(practitioner=physician, start=la(2026, 12, 1, 13), end=la(2026, 12, 1, 17))
    found = starts(
        reception_api.get(
            URL,
            {
                "appointment_type": consultation.pk,
                "practitioner": physician.pk,
                "start": "2026-12-01",
                "end": "2026-12-01",
            },
        )
    )
    assert la(2026, 12, 1, 8, 30) in found  # ends as the 09:00 visit begins: back to back
    assert la(2026, 12, 1, 8, 45) not in found
    assert la(2026, 12, 1, 9) not in found
    assert la(2026, 12, 1, 9, 15) not in found
    assert la(2026, 12, 1, 9, 30) in found
    assert la(2026, 12, 1, 10) in found
    assert la(2026, 12, 1, 12, 30) in found
    assert all(start < la(2026, 12, 1, 12, 31) for start in found)


@pytest.mark.usefixtures("physician_hours")
def test_no_slots_in_the_past(reception_api, physician, consultation, frozen_now) -> None:
    frozen_now.move_to(la(2026, 11, 23, 10, 5))
    found = starts(
        reception_api.get(
            URL,
            {
                "appointment_type": consultation.pk,
                "practitioner": physician.pk,
                "start": "2026-11-23",
                "end": "2026-11-23",
            },
        )
    )
    assert found[0] == la(2026, 11, 23, 10, 15)


@pytest.mark.usefixtures("physician_hours", "therapist_hours")
def test_all_eligible_practitioners_only(
    reception_api, physician, therapist, consultation, pt_session
) -> None:
    query = {"start": "2026-12-01", "end": "2026-12-01"}
    for kind, who in [(consultation, physician), (pt_session, therapist)]:
        response = reception_api.get(URL, {**query, "appointment_type": kind.pk})
        assert {slot["practitioner"] for slot in response.json()["slots"]} == {who.pk}


@pytest.mark.usefixtures("physician_hours")
def test_configurable_grid_and_datetime_bounds(reception_api, physician, consultation) -> None:
    found = starts(
        reception_api.get(
            URL,
            {
                "appointment_type": consultation.pk,
                "start": la(2026, 12, 1, 8).isoformat(),
                "end": la(2026, 12, 1, 10).isoformat(),
                "grid": 30,
            },
        )
    )
    assert found == [
        la(2026, 12, 1, 8),
        la(2026, 12, 1, 8, 30),
        la(2026, 12, 1, 9),
        la(2026, 12, 1, 9, 30),
    ]


def test_search_runs_a_fixed_number_of_queries(
    reception_api, location, consultation, django_assert_max_num_queries
) -> None:
    from tests.factories.scheduling import PractitionerFactory

    doctors = [PractitionerFactory(location=location) for _ in range(4)]
    for doctor in doctors:
        weekday_hours(doctor)
        for day in range(1, 20):
            AppointmentFactory(
                practitioner=doctor, appointment_type=consultation, start=la(2026, 12, day, 9)
            )
    query = {"appointment_type": consultation.pk, "start": "2026-12-01", "end": "2026-12-31"}
    with django_assert_max_num_queries(10):
        response = reception_api.get(URL, query)
    assert len(response.json()["slots"]) > 1000


@pytest.mark.usefixtures("physician_hours")
def test_patient_can_search(patient_a_api, physician, consultation) -> None:
    response = patient_a_api.get(
        URL, {"appointment_type": consultation.pk, "start": "2026-12-01", "end": "2026-12-02"}
    )
    assert response.status_code == 200
