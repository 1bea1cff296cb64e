"""The role table of API.md for every clinical resource: role x resource x method.

A patient sees only their own records: another patient's is a 404, never a 403.
"""

from __future__ import annotations

import pytest

from tests.treatments.conftest import RESOURCES, UPDATE_BODIES, create_body, url

pytestmark = pytest.mark.django_db

CLINICAL = ("diagnoses", "brace-prescriptions", "rest-periods", "medications")
THERAPY = ("pt-sessions", "outcome-measures")
ACTIONS = ("list", "retrieve", "create", "update")

# role -> expected status per action, by resource group
EXPECTED: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "clinical": {
        "reception": (403, 403, 403, 403),
        "physician": (200, 200, 201, 200),
        "therapist": (200, 200, 403, 403),
        "admin": (200, 200, 201, 200),
        "patient_a": (200, 200, 403, 403),
    },
    "imaging": {
        "reception": (200, 200, 403, 200),  # schedules orders without results
        "physician": (200, 200, 201, 200),
        "therapist": (200, 200, 403, 403),
        "admin": (200, 200, 201, 200),
        "patient_a": (200, 200, 403, 403),
    },
    "therapy": {
        "reception": (403, 403, 403, 403),
        "physician": (200, 200, 403, 403),
        "therapist": (200, 200, 201, 200),
        "admin": (200, 200, 201, 200),
        "patient_a": (200, 200, 403, 403),
    },
}


def group_of(resource: str) -> str:
    if resource in CLINICAL:
        return "clinical"
    return "therapy" if resource in THERAPY else "imaging"


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ["reception", "physician", "therapist", "admin", "patient_a"])
@pytest.mark.parametrize("action", ACTIONS)
def test_role_table(request, records, therapist, role: str, resource: str, action: str) -> None:  # noqa: ANN001
    client = request.getfixturevalue(f"{role}_api")
    own = records[resource]["a"]
    if action == "list":
        response = client.get(url(resource))
    elif action == "retrieve":
        response = client.get(url(resource, own.pk))
    elif action == "create":
        response = client.post(url(resource), create_body(resource, records, therapist))
    else:
        body = UPDATE_BODIES[resource]
        if role == "reception" and resource == "imaging-orders":
            body = {"status": "scheduled"}
        response = client.patch(url(resource, own.pk), body)
    expected = EXPECTED[group_of(resource)][role][ACTIONS.index(action)]
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("resource", RESOURCES)
def test_patient_lists_only_own_records(patient_a_api, records, resource: str) -> None:
    body = patient_a_api.get(url(resource)).json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == records[resource]["a"].pk


@pytest.mark.parametrize("resource", RESOURCES)
def test_patient_gets_404_for_another_patients_record(
    patient_a_api, records, resource: str
) -> None:
    response = patient_a_api.get(url(resource, records[resource]["b"].pk))
    assert response.status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_gets_401(api_for, records, resource: str) -> None:
    assert api_for(None).get(url(resource)).status_code == 401


@pytest.mark.parametrize("resource", RESOURCES)
def test_nothing_clinical_is_deleted(admin_api, records, resource: str) -> None:
    response = admin_api.delete(url(resource, records[resource]["a"].pk))
    assert response.status_code == 405


def test_patient_trend_endpoint_access(
    records, patient_a, patient_b, patient_a_api, reception_api, physician_api, therapist_api
) -> None:
    path = f"/api/v1/patients/{patient_a.pk}/outcomes/"
    assert patient_a_api.get(path).status_code == 200
    assert patient_a_api.get(f"/api/v1/patients/{patient_b.pk}/outcomes/").status_code == 404
    assert physician_api.get(path).status_code == 200
    assert therapist_api.get(path).status_code == 200
    assert reception_api.get(path).status_code == 403
