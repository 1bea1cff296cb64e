from __future__ import annotations

import pytest

from tests.factories.patients import PatientFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/patients/"
NEW = {"first_name": "N", "last_name": "P", "date_of_birth": "1990-01-01"}


@pytest.mark.parametrize(
    ("client_name", "read", "write"),
    [
        ("reception_api", 200, 201),
        ("physician_api", 200, 201),
        ("therapist_api", 200, 403),
        ("admin_api", 200, 201),
    ],
)
def test_role_table_for_staff(request, client_name: str, read: int, write: int) -> None:
    client = request.getfixturevalue(client_name)
    patient = PatientFactory()
    assert client.get(URL).status_code == read
    assert client.get(f"{URL}{patient.pk}/").status_code == read
    assert client.post(URL, NEW).status_code == write
    expected_change = 200 if write == 201 else 403
    assert client.patch(f"{URL}{patient.pk}/", {"first_name": "X"}).status_code == expected_change
    expected_delete = 204 if write == 201 else 403
    assert client.delete(f"{URL}{patient.pk}/").status_code == expected_delete


def test_patient_sees_only_themself(patient_a_api, patient_a, patient_b) -> None:
    rows = patient_a_api.get(URL).json()["results"]
    assert [row["id"] for row in rows] == [patient_a.pk]
    assert patient_a_api.get(f"{URL}{patient_a.pk}/").status_code == 200


def test_other_patients_record_is_404_never_403(patient_a_api, patient_b) -> None:
    for method in ("get", "patch", "delete"):
        response = getattr(patient_a_api, method)(f"{URL}{patient_b.pk}/")
        assert response.status_code in {403, 404}
        if method == "get":
            assert response.status_code == 404


def test_patient_cannot_write_patient_records(patient_a_api, patient_a) -> None:
    assert patient_a_api.post(URL, NEW).status_code == 403
    response = patient_a_api.patch(f"{URL}{patient_a.pk}/", {"first_name": "Hacker"})
    assert response.status_code == 403
    patient_a.refresh_from_db()
    assert patient_a.first_name == "Alice"


def test_user_without_role_is_403(api_for, db: None) -> None:
    from tests.factories.users import UserFactory

    client = api_for(UserFactory(username="norole"))
    assert client.get(URL).status_code == 403


def test_patient_updates_own_preferences(patient_a_api, patient_a) -> None:
    response = patient_a_api.patch(
        "/api/v1/me/preferences/", {"consent_sms": False, "preferred_channel": "email"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "consent_email": True,
        "consent_sms": False,
        "preferred_channel": "email",
    }
    patient_a.refresh_from_db()
    assert patient_a.consent_sms is False
    assert patient_a.history.first().history_user == patient_a.user


def test_preferences_reject_bad_values_and_other_fields(patient_a_api, patient_a) -> None:
    response = patient_a_api.patch("/api/v1/me/preferences/", {"preferred_channel": "fax"})
    assert response.status_code == 400
    assert "preferred_channel" in response.json()
    patient_a_api.patch("/api/v1/me/preferences/", {"first_name": "Changed"})
    patient_a.refresh_from_db()
    assert patient_a.first_name == "Alice"


def test_preferences_are_for_patients_only(reception_api) -> None:
    assert reception_api.get("/api/v1/me/preferences/").status_code == 403
