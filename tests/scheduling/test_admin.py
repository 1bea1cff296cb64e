"""Reception in the Django admin: booking through the service, errors on the form."""

from __future__ import annotations

import pytest
from django.test import Client

from scheduling.models import Appointment
from tests.factories.scheduling import AppointmentFactory
from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "physician_hours")]

ADD = "/admin/scheduling/appointment/add/"


@pytest.fixture
def desk(receptionist) -> Client:
    client = Client()
    client.force_login(receptionist)
    return client


def form(patient, physician, kind, start: str) -> dict:  # noqa: ANN001
    return {
        "patient": patient.pk,
        "practitioner": physician.pk,
        "appointment_type": kind.pk,
        "location": "",
        "room": "",
        "start": start,
        "reason": "Low back pain",
        "_save": "Save",
    }


def test_reception_books_in_local_time(desk, patient_a, physician, consultation) -> None:
    response = desk.post(ADD, form(patient_a, physician, consultation, "2026-12-01 09:00"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    appointment = Appointment.objects.get()
    assert appointment.start == la(2026, 12, 1, 9)
    assert appointment.created_by.username == "reception1"
    assert appointment.history.first().history_user.username == "reception1"


def test_conflict_is_a_form_error_not_a_500(
    desk, patient_a, patient_b, physician, consultation
) -> None:
    AppointmentFactory(
        patient=patient_b,
        practitioner=physician,
        appointment_type=consultation,
        start=la(2026, 12, 1, 9),
    )
    response = desk.post(ADD, form(patient_a, physician, consultation, "2026-12-01 09:15"))
    assert response.status_code == 200
    assert "already has an appointment" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_outside_working_hours_is_a_form_error(desk, patient_a, physician, consultation) -> None:
    response = desk.post(ADD, form(patient_a, physician, consultation, "2026-12-01 19:00"))
    assert response.status_code == 200
    assert "outside the practitioner" in response.content.decode()
    assert not Appointment.objects.exists()


def test_add_page_prefills_and_links_next_free_slots(
    desk, patient_a, physician, consultation
) -> None:
    page = desk.get(ADD, {"patient": patient_a.pk, "start": "2026-12-01 09:00"})
    assert page.status_code == 200
    assert "Next free slots" in page.content.decode()
    slots = desk.get(
        "/admin/scheduling/appointment/next-slots/",
        {
            "practitioner": physician.pk,
            "appointment_type": consultation.pk,
            "patient": patient_a.pk,
        },
    )
    assert slots.status_code == 200
    assert "2026-11-23 08:00" in slots.content.decode()  # 08:00 local is still ahead


def test_actions_mark_arrived_and_cancel(desk, patient_a, physician, consultation) -> None:
    first = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    second = AppointmentFactory(practitioner=physician, start=la(2026, 12, 1, 10))
    changelist = "/admin/scheduling/appointment/"
    desk.post(changelist, {"action": "mark_arrived", "_selected_action": [first.pk]})
    desk.post(changelist, {"action": "cancel_selected", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "arrived"
    assert second.status == "cancelled"
    assert second.cancel_reason


def test_day_view_from_the_admin_index(desk, patient_a, physician, consultation, location) -> None:
    AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    index = desk.get("/admin/").content.decode()
    assert "/admin/scheduling/locationdayview/" in index
    assert desk.get("/admin/scheduling/locationdayview/").status_code == 302
    page = desk.get(
        "/admin/scheduling/appointment/day/", {"location": location.pk, "date": "2026-12-01"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert physician.name in html
    assert "Anders, Alice" in html
    assert "09:00" in html


def test_changelist_filters(desk, physician, location) -> None:
    AppointmentFactory(practitioner=physician, start=la(2026, 12, 1, 9))
    response = desk.get(
        "/admin/scheduling/appointment/",
        {
            "practitioner__id__exact": physician.pk,
            "location__id__exact": location.pk,
            "status__exact": "booked",
        },
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    later = desk.get("/admin/scheduling/appointment/", {"day": "tomorrow"})
    assert later.context["cl"].result_count == 0  # "today" is Monday 23 November in LA


def test_moving_an_appointment_in_the_admin_rechecks_conflicts(
    desk, patient_a, patient_b, physician, consultation
) -> None:
    moving = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    AppointmentFactory(patient=patient_b, practitioner=physician, start=la(2026, 12, 1, 10))
    url = f"/admin/scheduling/appointment/{moving.pk}/change/"
    page = desk.get(url)
    assert page.status_code == 200
    assert "2026-12-01 09:00" in page.content.decode()
    clash = desk.post(url, {"start": "2026-12-01 10:00", "reason": "", "_save": "Save"})
    assert clash.status_code == 200
    assert "already has an appointment" in clash.content.decode()
    moved = desk.post(url, {"start": "2026-12-01 11:00", "reason": "moved", "_save": "Save"})
    assert moved.status_code == 302
    moving.refresh_from_db()
    assert moving.start == la(2026, 12, 1, 11)
    assert moving.reason == "moved"


def test_patient_page_offers_booking(desk, patient_a) -> None:
    html = desk.get(f"/admin/patients/patient/{patient_a.pk}/change/").content.decode()
    assert f"/admin/scheduling/appointment/add/?patient={patient_a.pk}" in html
    assert "Clinical records" in html  # treatments' panel on the same page still shows
    page = desk.get("/admin/scheduling/appointment/add/", {"patient": patient_a.pk})
    assert f'value="{patient_a.pk}" selected' in page.content.decode()
