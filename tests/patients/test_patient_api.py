from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patients.models import Patient
from tests.factories.patients import PatientFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/patients/"

VALID = {
    "first_name": "Jane",
    "last_name": "Doe",
    "date_of_birth": "1960-02-01",
    "sex": "female",
    "email": "jane@example.com",
    "phone": "+1 604 555 0123",
    "preferred_channel": "sms",
    "consent_email": True,
    "consent_sms": True,
    "timezone": "America/Vancouver",
    "risk_factors": ["postmenopausal", "smoking"],
}


def test_create_returns_the_contract_fields(reception_api) -> None:
    response = reception_api.post(URL, VALID)
    assert response.status_code == 201, response.json()
    body = response.json()
    for field in [*VALID, "id", "mrn", "age"]:
        assert field in body
    assert body["phone"] == "+16045550123"
    assert body["risk_factors"] == ["postmenopausal", "smoking"]
    assert body["age"] >= 66
    stored = Patient.objects.get(pk=body["id"])
    assert stored.mrn == body["mrn"]
    assert stored.mrn.isdigit()


def test_mrns_are_unique(reception_api) -> None:
    mrns = {reception_api.post(URL, VALID).json()["mrn"] for _ in range(5)}
    assert len(mrns) == 5


def test_mrn_cannot_be_set_by_the_client(reception_api) -> None:
    response = reception_api.post(URL, {**VALID, "mrn": "123"})
    assert response.status_code == 201
    assert response.json()["mrn"] != "123"


TEN_MB = "x" * (10 * 1024 * 1024)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "abc"),
        ("phone", "+1 555"),
        ("timezone", "Mars/Base"),
        ("timezone", 5),
        ("sex", "alien"),
        ("preferred_channel", "pigeon"),
        ("date_of_birth", "1960-13-45"),
        ("date_of_birth", 12345),
        ("date_of_birth", "2999-01-01"),
        ("date_of_birth", "1850-01-01"),
        ("email", "not-an-email"),
        ("consent_email", "maybe"),
        ("consent_sms", [1]),
        ("risk_factors", ["smoking", "alien_abduction"]),
        ("risk_factors", "smoking"),
        ("risk_factors", {"a": 1}),
        ("first_name", ""),
        ("first_name", None),
        ("first_name", TEN_MB),
        ("last_name", "y" * 101),
        ("first_name", {"nested": "object"}),
    ],
)
def test_bad_field_is_400_naming_the_field(reception_api, field: str, value: object) -> None:
    before = Patient.objects.count()
    response = reception_api.post(URL, {**VALID, field: value})
    assert response.status_code == 400, response.content[:200]
    assert field in response.json()
    assert Patient.objects.count() == before


def test_missing_required_fields_are_named(reception_api) -> None:
    response = reception_api.post(URL, {})
    assert response.status_code == 400
    assert {"first_name", "last_name", "date_of_birth"} <= set(response.json())


def test_non_object_body_is_400(reception_api) -> None:
    response = reception_api.post(URL, [1, 2, 3])
    assert response.status_code == 400


def test_bad_update_keeps_stored_data(reception_api) -> None:
    patient = PatientFactory(phone="+16045550100")
    response = reception_api.patch(f"{URL}{patient.pk}/", {"phone": "abc", "first_name": "New"})
    assert response.status_code == 400
    assert "phone" in response.json()
    patient.refresh_from_db()
    assert patient.phone == "+16045550100"
    assert patient.first_name != "New"


def test_update_normalises_phone(physician_api) -> None:
    patient = PatientFactory()
    response = physician_api.patch(f"{URL}{patient.pk}/", {"phone": "(604) 555-0142"})
    assert response.status_code == 200
    assert response.json()["phone"] == "+16045550142"


def test_archive_keeps_the_row_and_leaves_lists(reception_api) -> None:
    patient = PatientFactory(last_name="Archived")
    assert reception_api.delete(f"{URL}{patient.pk}/").status_code == 204
    patient.refresh_from_db()
    assert patient.archived_at is not None
    ids = [row["id"] for row in reception_api.get(URL).json()["results"]]
    assert patient.pk not in ids
    archived = reception_api.get(URL, {"archived": "true"}).json()["results"]
    assert [row["id"] for row in archived] == [patient.pk]
    # the record itself is still there for staff and the audit trail
    assert reception_api.get(f"{URL}{patient.pk}/").status_code == 200
    assert patient.history.filter(archived_at__isnull=False).exists()


def test_history_rows_name_the_user(reception_api, receptionist, physician_api, physician) -> None:
    patient_id = reception_api.post(URL, VALID).json()["id"]
    physician_api.patch(f"{URL}{patient_id}/", {"consent_sms": False})
    history = Patient.objects.get(pk=patient_id).history.order_by("history_date")
    assert [(h.history_type, h.history_user_id) for h in history] == [
        ("+", receptionist.pk),
        ("~", physician.user.pk),
    ]
    assert history.last().consent_sms is False
    assert history.first().consent_sms is True


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Zebediah", True),
        ("zeb", True),
        ("quixote", True),
        ("Zebediah Quixote", True),
        ("nobody", False),
    ],
)
def test_search_by_name(reception_api, term: str, expected: bool) -> None:
    patient = PatientFactory(first_name="Zebediah", last_name="Quixote")
    PatientFactory(first_name="Other", last_name="Person")
    ids = [row["id"] for row in reception_api.get(URL, {"search": term}).json()["results"]]
    assert (patient.pk in ids) is expected
    if expected:
        assert len(ids) == 1


def test_search_by_mrn_phone_and_email(reception_api) -> None:
    patient = PatientFactory(phone="+16045557788", email="unique.person@example.org")
    PatientFactory(phone="+16045550001", email="someone@example.com")
    for term in [patient.mrn, "604-555-7788", "(604) 555 7788", "5557788", "unique.person"]:
        ids = [row["id"] for row in reception_api.get(URL, {"search": term}).json()["results"]]
        assert ids == [patient.pk], term


def test_search_uses_trigram_index_on_postgres(db: None) -> None:
    from patients.selectors import patient_search

    queryset = patient_search(Patient.objects.order_by(), "smith")
    with connection.cursor() as cursor:
        # An empty test table is cheapest to scan; forbid plain scans to see the usable index.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "patient_last_name_trgm" in plan
    assert "patient_first_name_trgm" in plan
    digits = patient_search(Patient.objects.order_by(), "5557788").query.sql_with_params()
    assert "phone" in digits[0]
    assert "first_name" not in digits[0].split("WHERE")[1]


def test_patient_list_query_count_does_not_grow_with_page_size(
    reception_api, django_assert_max_num_queries
) -> None:
    PatientFactory.create_batch(60)
    reception_api.get(URL)  # the first request of a token records last_used_at
    with CaptureQueriesContext(connection) as small:
        assert len(reception_api.get(URL, {"page_size": 5}).json()["results"]) == 5
    with CaptureQueriesContext(connection) as large:
        assert len(reception_api.get(URL, {"page_size": 60}).json()["results"]) == 60
    assert len(large) == len(small)
    with django_assert_max_num_queries(6):
        reception_api.get(URL, {"page_size": 60})


def test_list_is_paginated(reception_api) -> None:
    PatientFactory.create_batch(3)
    body = reception_api.get(URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert body["next"]
    assert body["previous"] is None
    assert len(body["results"]) == 2


def test_filters(reception_api) -> None:
    old = PatientFactory(date_of_birth=dt.date(1940, 1, 1), sex="male")
    PatientFactory(date_of_birth=dt.date(2000, 1, 1), sex="female")
    rows = reception_api.get(URL, {"born_before": "1950-01-01"}).json()["results"]
    assert [row["id"] for row in rows] == [old.pk]
    rows = reception_api.get(URL, {"sex": "male"}).json()["results"]
    assert [row["id"] for row in rows] == [old.pk]
    assert reception_api.get(URL, {"sex": "alien"}).status_code == 400
