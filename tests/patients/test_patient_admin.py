from __future__ import annotations

import pytest
from django.test import Client

from patients.models import Patient
from tests.factories.patients import PatientFactory
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def reception_browser(receptionist) -> Client:  # noqa: ANN001
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": receptionist.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    return client


def test_receptionist_logs_in_and_finds_a_patient(reception_browser) -> None:
    wanted = PatientFactory(first_name="Winifred", last_name="Zhao", phone="+16045559911")
    PatientFactory(first_name="Other", last_name="Person")
    for term in ["zhao", "Winifred Zhao", wanted.mrn, "555-9911"]:
        page = reception_browser.get("/admin/patients/patient/", {"q": term})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Zhao" in html, term
        assert "Person" not in html, term


def test_reception_adds_a_patient_in_the_admin(reception_browser, receptionist) -> None:
    response = reception_browser.post(
        "/admin/patients/patient/add/",
        {
            "first_name": "Admin",
            "last_name": "Added",
            "date_of_birth": "1980-05-05",
            "sex": "male",
            "email": "",
            "phone": "604 555 0177",
            "timezone": "America/Vancouver",
            "preferred_channel": "email",
            "risk_factors": "[]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    patient = Patient.objects.get(last_name="Added")
    assert patient.phone == "+16045550177"
    assert len(patient.mrn) == 9
    assert patient.history.get().history_user == receptionist


def test_admin_form_shows_validation_errors(reception_browser) -> None:
    response = reception_browser.post(
        "/admin/patients/patient/add/",
        {
            "first_name": "Bad",
            "last_name": "Input",
            "date_of_birth": "2999-01-01",
            "sex": "male",
            "phone": "abc",
            "timezone": "Mars/Base",
            "preferred_channel": "email",
            "risk_factors": '["alien"]',
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"date_of_birth", "phone", "timezone", "risk_factors"} <= set(errors)
    assert not Patient.objects.filter(last_name="Input").exists()


def test_patients_cannot_be_deleted_in_the_admin(reception_browser) -> None:
    patient = PatientFactory()
    response = reception_browser.get(f"/admin/patients/patient/{patient.pk}/delete/")
    assert response.status_code == 403
