"""Every bad input is a 400 naming the field, never a 500."""

from __future__ import annotations

import pytest

from tests.scheduling.conftest import la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "physician_hours")]

URL = "/api/v1/appointments/"


@pytest.fixture
def valid(patient_a, physician, consultation) -> dict:
    return {
        "patient": patient_a.pk,
        "practitioner": physician.pk,
        "appointment_type": consultation.pk,
        "start": la(2026, 12, 1, 9).isoformat(),
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("patient", 999999),
        ("patient", "abc"),
        ("patient", None),
        ("practitioner", 10**20),
        ("practitioner", [1]),
        ("appointment_type", -1),
        ("start", "2026-12-01T09:00:00"),  # no offset
        ("start", "yesterday"),
        ("start", "9999-12-31T23:59:59+00:00"),
        ("start", 12),
        ("location", 999999),
        ("room", "x"),
        ("reason", "x" * 501),
        ("reason", {"a": 1}),
    ],
)
def test_bad_booking_field_is_400_naming_it(reception_api, valid, field, value) -> None:
    response = reception_api.post(URL, {**valid, field: value})
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_missing_fields_are_named(reception_api) -> None:
    response = reception_api.post(URL, {})
    assert response.status_code == 400
    assert {"practitioner", "appointment_type", "start"} <= set(response.json())


def test_malformed_json_is_400(reception_api) -> None:
    response = reception_api.post(URL, data="{nope", content_type="application/json")
    assert response.status_code == 400


def test_too_long_idempotency_key_is_400(reception_api, valid) -> None:
    response = reception_api.post(URL, valid, HTTP_IDEMPOTENCY_KEY="k" * 300)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "reason"), ({"reason": ""}, "reason"), ({"reason": "x" * 501}, "reason")],
)
def test_bad_cancel_is_400(reception_api, valid, body, field) -> None:
    created = reception_api.post(URL, valid).json()
    response = reception_api.post(f"{URL}{created['id']}/cancel/", body)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"appointment_type": "", "start": "2026-12-01", "end": "2026-12-02"}, "appointment_type"),
        ({"appointment_type": "x", "start": "2026-12-01", "end": "2026-12-02"}, "appointment_type"),
        ({"start": "2026-13-01", "end": "2026-12-02"}, "start"),
        ({"start": "2026-12-01", "end": "soon"}, "end"),
        ({"start": "2026-12-01", "end": "2027-01-15"}, "end"),  # over 31 days
        ({"start": "2026-12-05", "end": "2026-12-01"}, "end"),
        ({"start": "2026-12-01", "end": "2026-12-02", "practitioner": 0}, "practitioner"),
        ({"start": "2026-12-01", "end": "2026-12-02", "location": "la"}, "location"),
        ({"start": "2026-12-01", "end": "2026-12-02", "grid": 1}, "grid"),
        ({"start": "2026-12-01", "end": "2026-12-02", "grid": 10**30}, "grid"),
        ({"start": "1900-12-01", "end": "2026-12-02"}, "start"),
    ],
)
def test_bad_availability_query_is_400(reception_api, consultation, params, field) -> None:
    query = {"appointment_type": consultation.pk, **params}
    response = reception_api.get("/api/v1/availability/", query)
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"weeks": 0}, "weeks"),
        ({"weeks": 27}, "weeks"),
        ({"weeks": 2, "weekdays": [7]}, "weekdays"),
        ({"weeks": 2, "weekdays": "mon"}, "weekdays"),
        ({}, "weeks"),
    ],
)
def test_bad_series_is_400(reception_api, valid, extra, field) -> None:
    response = reception_api.post(f"{URL}series/", {**valid, **extra})
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "non_field_errors"),
        ({"start": "2026-12-01T10:00:00"}, "start"),
        ({"start": None}, "start"),
        ({"reason": "x" * 501}, "reason"),
    ],
)
def test_bad_patch_is_400(reception_api, valid, body, field) -> None:
    created = reception_api.post(URL, valid).json()
    response = reception_api.patch(f"{URL}{created['id']}/", body)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_list_filters_reject_bad_values(reception_api) -> None:
    for params, field in [
        ({"status": "lost"}, "status"),
        ({"start_after": "soon"}, "start_after"),
        ({"practitioner": "x"}, "practitioner"),
    ]:
        response = reception_api.get(URL, params)
        assert response.status_code == 400
        assert field in response.json()
