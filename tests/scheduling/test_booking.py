"""Booking through the API: conflicts, working hours, transitions, self-booking."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Appointment, IdempotencyKey
from tests.factories.scheduling import AppointmentFactory, PractitionerFactory, RoomFactory
from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "physician_hours")]

URL = "/api/v1/appointments/"


def booking(patient, physician, kind, start: dt.datetime, **extra: object) -> dict:
    return {
        "patient": patient.pk,
        "practitioner": physician.pk,
        "appointment_type": kind.pk,
        "start": start.isoformat(),
        **extra,
    }


def test_reception_books_a_consultation(reception_api, patient_a, physician, consultation) -> None:
    response = reception_api.post(
        URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9), reason="Back pain")
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "booked"
    assert body["location"] == physician.location_id
    assert dt.datetime.fromisoformat(body["end"]) == la(2026, 12, 1, 9, 30)
    appointment = Appointment.objects.get()
    assert appointment.history.first().history_user.username == "reception1"


def test_overlap_with_the_same_practitioner_is_409_slot_taken(
    reception_api, patient_a, patient_b, physician, consultation
) -> None:
    first = reception_api.post(URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9)))
    assert first.status_code == 201
    response = reception_api.post(
        URL, booking(patient_b, physician, consultation, la(2026, 12, 1, 9, 15))
    )
    assert response.status_code == 409
    assert response.json()["code"] == "slot_taken"


def test_same_patient_with_two_practitioners_at_once_is_409(
    reception_api, patient_a, physician, consultation, location
) -> None:
    other = PractitionerFactory(discipline="spine_surgeon", location=location)
    from tests.factories.scheduling import weekday_hours

    weekday_hours(other)
    assert (
        reception_api.post(
            URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
        ).status_code
        == 201
    )
    response = reception_api.post(
        URL, booking(patient_a, other, consultation, la(2026, 12, 1, 9, 15))
    )
    assert response.status_code == 409
    assert response.json()["code"] == "slot_taken"


def test_the_same_room_cannot_hold_two_visits(
    reception_api, patient_a, patient_b, physician, consultation, location
) -> None:
    room = RoomFactory(location=location)
    other = PractitionerFactory(discipline="physician", location=location)
    from tests.factories.scheduling import weekday_hours

    weekday_hours(other)
    first = booking(patient_a, physician, consultation, la(2026, 12, 1, 9), room=room.pk)
    assert reception_api.post(URL, first).status_code == 201
    second = booking(patient_b, other, consultation, la(2026, 12, 1, 9), room=room.pk)
    response = reception_api.post(URL, second)
    assert response.status_code == 409
    assert response.json()["code"] == "slot_taken"


def test_back_to_back_appointments_are_fine(
    reception_api, patient_a, patient_b, physician, consultation
) -> None:
    for patient, start in [(patient_a, la(2026, 12, 1, 9)), (patient_b, la(2026, 12, 1, 9, 30))]:
        response = reception_api.post(URL, booking(patient, physician, consultation, start))
        assert response.status_code == 201, response.json()
    assert Appointment.objects.count() == 2


def test_a_cancelled_appointment_frees_its_slot(
    reception_api, patient_a, patient_b, physician, consultation
) -> None:
    first = reception_api.post(URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9)))
    cancel = reception_api.post(f"{URL}{first.json()['id']}/cancel/", {"reason": "Feels better"})
    assert cancel.status_code == 200
    assert cancel.json()["status"] == "cancelled"
    assert cancel.json()["cancel_reason"] == "Feels better"
    again = reception_api.post(URL, booking(patient_b, physician, consultation, la(2026, 12, 1, 9)))
    assert again.status_code == 201, again.json()


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (la(2026, 12, 1, 7, 45), "outside"),  # before opening
        (la(2026, 12, 1, 16, 45), "outside"),  # would end after 17:00
        (la(2026, 12, 5, 10), "outside"),  # a Saturday
        (la(2026, 11, 20, 10), "past"),
    ],
)
def test_outside_working_hours_or_in_the_past_is_400_on_start(
    reception_api, patient_a, physician, consultation, start, message
) -> None:
    response = reception_api.post(URL, booking(patient_a, physician, consultation, start))
    assert response.status_code == 400
    assert message in response.json()["start"][0]


def test_time_off_blocks_booking(reception_api, patient_a, physician, consultation) -> None:
    from tests.factories.scheduling import TimeOffFactory

    TimeOffFactory(practitioner=physician, start=la(2026, 12, 1, 8), end=la(2026, 12, 1, 12))
    response = reception_api.post(
        URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    )
    assert response.status_code == 400
    assert "off" in response.json()["start"][0]


def test_wrong_discipline_for_the_type_is_400(
    reception_api, patient_a, therapist, therapist_hours, consultation
) -> None:
    response = reception_api.post(
        URL, booking(patient_a, therapist, consultation, la(2026, 12, 1, 9))
    )
    assert response.status_code == 400
    assert "appointment_type" in response.json()


def test_idempotent_retry_returns_the_first_result(
    reception_api, patient_a, physician, consultation
) -> None:
    payload = booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    first = reception_api.post(URL, payload, HTTP_IDEMPOTENCY_KEY="abc-123")
    retry = reception_api.post(URL, payload, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Appointment.objects.count() == 1
    assert IdempotencyKey.objects.get().appointment_id == first.json()["id"]


def test_reusing_a_key_for_another_request_is_409(
    reception_api, patient_a, physician, consultation
) -> None:
    reception_api.post(
        URL,
        booking(patient_a, physician, consultation, la(2026, 12, 1, 9)),
        HTTP_IDEMPOTENCY_KEY="k",
    )
    response = reception_api.post(
        URL,
        booking(patient_a, physician, consultation, la(2026, 12, 1, 10)),
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"


def test_a_key_that_failed_can_be_retried(
    reception_api, patient_a, patient_b, physician, consultation
) -> None:
    AppointmentFactory(
        patient=patient_b,
        practitioner=physician,
        appointment_type=consultation,
        start=la(2026, 12, 1, 9),
    )
    payload = booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    assert reception_api.post(URL, payload, HTTP_IDEMPOTENCY_KEY="x").status_code == 409
    Appointment.objects.update(status="cancelled")
    assert reception_api.post(URL, payload, HTTP_IDEMPOTENCY_KEY="x").status_code == 201


def test_status_transitions_follow_the_table(
    reception_api, patient_a, physician, consultation, frozen_now
) -> None:
    created = reception_api.post(
        URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    )
    detail = f"{URL}{created.json()['id']}/"
    complete_early = reception_api.post(f"{detail}complete/")
    assert complete_early.status_code == 409
    assert complete_early.json()["code"] == "invalid_transition"
    assert reception_api.post(f"{detail}arrive/").json()["status"] == "arrived"
    assert reception_api.post(f"{detail}complete/").json()["status"] == "completed"
    again = reception_api.post(f"{detail}cancel/", {"reason": "oops"})
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_no_show_only_after_the_start(
    reception_api, receptionist, api_for, patient_a, physician, consultation, frozen_now
) -> None:
    created = reception_api.post(
        URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    )
    detail = f"{URL}{created.json()['id']}/"
    assert reception_api.post(f"{detail}no-show/").status_code == 409
    frozen_now.move_to(la(2026, 12, 1, 9, 20))
    response = api_for(receptionist).post(f"{detail}no-show/")  # a fresh token, a week later
    assert response.status_code == 200
    assert response.json()["status"] == "no_show"


def test_reschedule_rechecks_conflicts(
    reception_api, patient_a, patient_b, physician, consultation
) -> None:
    a = reception_api.post(URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9)))
    reception_api.post(URL, booking(patient_b, physician, consultation, la(2026, 12, 1, 10)))
    detail = f"{URL}{a.json()['id']}/"
    clash = reception_api.patch(detail, {"start": la(2026, 12, 1, 10, 15).isoformat()})
    assert clash.status_code == 409
    assert clash.json()["code"] == "slot_taken"
    outside = reception_api.patch(detail, {"start": la(2026, 12, 1, 18).isoformat()})
    assert outside.status_code == 400
    assert "start" in outside.json()
    moved = reception_api.patch(detail, {"start": la(2026, 12, 1, 10, 30).isoformat()})
    assert moved.status_code == 200, moved.json()
    assert dt.datetime.fromisoformat(moved.json()["end"]) == la(2026, 12, 1, 11)
    # Moving within its own old slot is not a conflict with itself.
    nudged = reception_api.patch(detail, {"start": la(2026, 12, 1, 10, 45).isoformat()})
    assert nudged.status_code == 200


def test_patient_books_and_cancels_their_own(
    patient_a_api, patient_a, physician, consultation
) -> None:
    payload = booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    del payload["patient"]  # defaults to the patient themselves
    created = patient_a_api.post(URL, payload)
    assert created.status_code == 201, created.json()
    assert created.json()["patient"] == patient_a.pk
    cancel = patient_a_api.post(f"{URL}{created.json()['id']}/cancel/", {"reason": "Travel"})
    assert cancel.status_code == 200


def test_patient_cannot_book_for_someone_else(
    patient_a_api, patient_b, physician, consultation
) -> None:
    response = patient_a_api.post(
        URL, booking(patient_b, physician, consultation, la(2026, 12, 1, 9))
    )
    assert response.status_code == 400
    assert "patient" in response.json()


def test_patient_never_sees_another_patients_appointment(
    patient_a_api, patient_b, physician, consultation
) -> None:
    other = AppointmentFactory(
        patient=patient_b, practitioner=physician, appointment_type=consultation
    )
    assert patient_a_api.get(f"{URL}{other.pk}/").status_code == 404
    assert patient_a_api.post(f"{URL}{other.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert patient_a_api.get(URL).json()["count"] == 0


def test_patient_cancelling_inside_the_notice_is_409_too_late(
    api_for, patient_a, physician, consultation, frozen_now, settings
) -> None:
    appointment = AppointmentFactory(
        patient=patient_a,
        practitioner=physician,
        appointment_type=consultation,
        start=la(2026, 12, 1, 9),
    )
    frozen_now.move_to(la(2026, 11, 30, 10))  # 23 hours before
    patient_a_api = api_for(patient_a.user)
    response = patient_a_api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Sick"})
    assert response.status_code == 409
    assert response.json()["code"] == "too_late"
    settings.SCHEDULING_PATIENT_CANCEL_NOTICE_HOURS = 12
    assert (
        patient_a_api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Sick"}).status_code == 200
    )


def test_reception_may_cancel_late(
    api_for, receptionist, patient_a, physician, consultation, frozen_now
) -> None:
    appointment = AppointmentFactory(
        patient=patient_a,
        practitioner=physician,
        appointment_type=consultation,
        start=la(2026, 12, 1, 9),
    )
    frozen_now.move_to(la(2026, 12, 1, 8))
    response = api_for(receptionist).post(f"{URL}{appointment.pk}/cancel/", {"reason": "Called in"})
    assert response.status_code == 200


def test_patient_may_not_mark_arrival_or_move(
    patient_a_api, patient_a, physician, consultation
) -> None:
    appointment = AppointmentFactory(
        patient=patient_a,
        practitioner=physician,
        appointment_type=consultation,
        start=la(2026, 12, 1, 9),
    )
    assert patient_a_api.post(f"{URL}{appointment.pk}/arrive/").status_code == 403
    moved = patient_a_api.patch(
        f"{URL}{appointment.pk}/", {"start": la(2026, 12, 2, 9).isoformat()}
    )
    assert moved.status_code == 403


def test_therapist_reads_but_cannot_book(therapist_api, patient_a, physician, consultation) -> None:
    assert therapist_api.get(URL).status_code == 200
    response = therapist_api.post(
        URL, booking(patient_a, physician, consultation, la(2026, 12, 1, 9))
    )
    assert response.status_code == 403


def test_list_filters_and_query_count_does_not_grow(
    reception_api, physician, consultation, django_assert_max_num_queries
) -> None:
    for hour in range(8, 16):
        AppointmentFactory(
            practitioner=physician, appointment_type=consultation, start=la(2026, 12, 1, hour)
        )
    with django_assert_max_num_queries(8):
        small = reception_api.get(URL, {"page_size": 2})
    with django_assert_max_num_queries(8):
        large = reception_api.get(
            URL,
            {
                "page_size": 50,
                "practitioner": physician.pk,
                "status": "booked",
                "start_after": la(2026, 12, 1).isoformat(),
                "start_before": la(2026, 12, 2).isoformat(),
            },
        )
    assert len(small.json()["results"]) == 2
    assert large.json()["count"] == 8


def test_reference_lists_for_every_role(
    patient_a_api, therapist_api, consultation, physician
) -> None:
    for client in (patient_a_api, therapist_api):
        types = client.get("/api/v1/appointment-types/").json()["results"]
        assert {t["code"] for t in types} == {"consultation"}
        assert types[0]["duration_minutes"] == 30
        assert client.get("/api/v1/practitioners/").status_code == 200
    assert patient_a_api.post("/api/v1/appointment-types/", {}).status_code in (403, 405)


def test_patients_cannot_self_book_staff_only_types(patient_a_api, physician, consultation) -> None:
    consultation.patient_bookable = False
    consultation.save()
    response = patient_a_api.post(
        URL,
        {
            "practitioner": physician.pk,
            "appointment_type": consultation.pk,
            "start": la(2026, 12, 1, 9).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "appointment_type" in response.json()


def test_times_come_back_in_the_locations_offset(
    reception_api, patient_a, physician, consultation
) -> None:
    # The physician works in Los Angeles: December is PST, -08:00, as in API.md's example.
    response = reception_api.post(
        URL,
        {
            "patient": patient_a.pk,
            "practitioner": physician.pk,
            "appointment_type": consultation.pk,
            "start": "2026-12-01T17:00:00Z",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == "2026-12-01T09:00:00-08:00"
    assert response.json()["end"] == "2026-12-01T09:30:00-08:00"
    listed = reception_api.get(URL).json()["results"][0]
    assert listed["start"] == "2026-12-01T09:00:00-08:00"
    slots = reception_api.get(
        "/api/v1/availability/",
        {
            "appointment_type": consultation.pk,
            "practitioner": physician.pk,
            "start": "2026-12-01",
            "end": "2026-12-01",
        },
    ).json()["slots"]
    assert slots[0]["start"].endswith("-08:00")
    assert slots[0]["start"] == "2026-12-01T08:00:00-08:00"
