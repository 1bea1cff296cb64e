"""Clinical inputs found by fuzzing that once answered 500: each is now a 400 naming the field."""

from __future__ import annotations

import pytest

from tests.treatments.conftest import create_body, url

pytestmark = pytest.mark.django_db

DATE_FIELDS = [
    ("diagnoses", "diagnosed_on"),
    ("brace-prescriptions", "start_date"),  # start + weeks overflowed: OverflowError, 500
    ("rest-periods", "starts_on"),
    ("rest-periods", "ends_on"),
    ("medications", "started_on"),
    ("medications", "last_dose_on"),
    ("medications", "ended_on"),
    ("outcome-measures", "recorded_on"),
]


def client_for(request, resource: str):  # noqa: ANN001, ANN201
    name = "therapist_api" if resource in ("pt-sessions", "outcome-measures") else "physician_api"
    return request.getfixturevalue(name)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
@pytest.mark.parametrize(("resource", "field"), DATE_FIELDS)
def test_dates_far_out_of_range_are_400_on_create(
    request, records, therapist, resource: str, field: str, day: str
) -> None:  # noqa: ANN001
    body = {**create_body(resource, records, therapist), field: day}
    response = client_for(request, resource).post(url(resource), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(("resource", "field"), DATE_FIELDS)
def test_dates_far_out_of_range_are_400_on_update(
    request, records, resource: str, field: str
) -> None:  # noqa: ANN001
    record = records[resource]["a"]
    response = client_for(request, resource).patch(
        url(resource, record.pk), {field: "9999-12-31"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_the_year_bounds_themselves_are_accepted(physician_api, records, therapist) -> None:  # noqa: ANN001
    body = {**create_body("medications", records, therapist), "started_on": "1900-01-01"}
    body["last_dose_on"] = "1900-01-01"
    response = physician_api.post(url("medications"), body, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("resource", "param", "value"),
    [
        ("medications", "overdue", "maybe"),  # used to be ignored: 200 with every row
        ("medications", "current", "2"),
        ("diagnoses", "urgent", "yes please"),
        ("medications", "patient", "1.5"),  # used to match patient 1
        ("diagnoses", "patient", "0"),
        ("pt-sessions", "therapist", "abc"),
    ],
)
def test_filter_values_the_filter_cannot_read_are_400(
    physician_api, resource: str, param: str, value: str
) -> None:  # noqa: ANN001
    response = physician_api.get(url(resource), {param: value})
    assert response.status_code == 400, response.content
    assert list(response.json()) == [param]


def test_boolean_and_id_filters_still_filter(physician_api, records) -> None:  # noqa: ANN001
    mine = records["medications"]["a"]
    for word in ("true", "True", "1", "false", "0"):
        assert physician_api.get(url("medications"), {"current": word}).status_code == 200
    listed = physician_api.get(url("medications"), {"patient": mine.patient_id}).json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]


def test_an_id_past_the_database_range_finds_nothing(physician_api, records) -> None:  # noqa: ANN001
    response = physician_api.get(url("medications"), {"patient": "99999999999999999999"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
