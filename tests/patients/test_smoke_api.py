from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_reception_creates_patient_with_server_made_mrn(reception_api) -> None:
    response = reception_api.post(
        "/api/v1/patients/",
        {
            "first_name": "Jane",
            "last_name": "Doe",
            "date_of_birth": "1960-02-01",
            "phone": "(604) 555-0199",
            "timezone": "America/Vancouver",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phone"] == "+16045550199"
    assert len(body["mrn"]) == 9
