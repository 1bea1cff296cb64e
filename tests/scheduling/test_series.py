"""Recurring series: all or none, every conflicting date listed."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Appointment, AppointmentSeries
from tests.factories.scheduling import AppointmentFactory, TimeOffFactory
from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "therapist_hours")]

URL = "/api/v1/appointments/series/"


def twice_a_week(patient, therapist, kind) -> dict:  # noqa: ANN001
    return {
        "patient": patient.pk,
        "practitioner": therapist.pk,
        "appointment_type": kind.pk,
        "start": la(2026, 11, 30, 10).isoformat(),  # a Monday
        "weekdays": [0, 3],
        "weeks": 6,
        "reason": "PT after L5 spondylolysis",
    }


def test_twice_a_week_for_six_weeks_books_twelve(
    reception_api, patient_a, therapist, pt_session
) -> None:
    response = reception_api.post(URL, twice_a_week(patient_a, therapist, pt_session))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["appointments"]) == 12
    series = AppointmentSeries.objects.get(pk=body["series"])
    starts = sorted(a.start for a in series.appointments.all())
    assert starts[0] == la(2026, 11, 30, 10)
    assert starts[1] == la(2026, 12, 3, 10)
    assert starts[-1] == la(2027, 1, 7, 10)


def test_any_conflict_books_nothing_and_lists_every_date(
    reception_api, patient_a, patient_b, therapist, pt_session
) -> None:
    AppointmentFactory(
        patient=patient_b,
        practitioner=therapist,
        appointment_type=pt_session,
        start=la(2026, 12, 3, 10, 30),
    )
    TimeOffFactory(practitioner=therapist, start=la(2026, 12, 14), end=la(2026, 12, 15))
    response = reception_api.post(URL, twice_a_week(patient_a, therapist, pt_session))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "slot_taken"
    conflicts = {dt.datetime.fromisoformat(c["start"]): c["code"] for c in body["conflicts"]}
    assert conflicts == {la(2026, 12, 3, 10): "slot_taken", la(2026, 12, 14, 10): "invalid"}
    assert Appointment.objects.filter(patient=patient_a).count() == 0


def test_a_series_across_the_dst_change_keeps_local_time(
    reception_api, patient_a, therapist, pt_session
) -> None:
    payload = {
        "patient": patient_a.pk,
        "practitioner": therapist.pk,
        "appointment_type": pt_session.pk,
        "start": la(2027, 3, 8, 9).isoformat(),
        "weeks": 2,
    }
    response = reception_api.post(URL, payload)
    # Clocks go forward on Sunday 14 March 2027: the second visit is 09:00 PDT, not PST.
    assert response.status_code == 201, response.json()
    starts = sorted(dt.datetime.fromisoformat(a["start"]) for a in response.json()["appointments"])
    assert starts == [la(2027, 3, 8, 9), la(2027, 3, 15, 9)]
    assert starts[1] - starts[0] == dt.timedelta(days=7, hours=-1)
