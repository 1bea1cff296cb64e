"""Bodies found by fuzzing (schemathesis and by hand) that once answered 500: each is a 400."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from clinic.api.parsers import MAX_JSON_DEPTH, check_json
from tests.factories.patients import PatientFactory

pytestmark = pytest.mark.django_db

PATIENTS = "/api/v1/patients/"


def send(client, method: str, path: str, raw: str):  # noqa: ANN001, ANN201
    # json.dumps escapes a lone surrogate as \ud800, exactly as an attacker would send it.
    return getattr(client, method)(path, data=raw, content_type="application/json")


@pytest.mark.parametrize(
    ("path", "method"),
    [
        (PATIENTS, "post"),
        ("/api/v1/appointments/", "post"),
        ("/api/v1/appointments/series/", "post"),
        ("/api/v1/brace-prescriptions/", "post"),
        ("/api/v1/diagnoses/", "post"),
    ],
)
def test_json_nested_deeper_than_the_decoder_can_go_is_400(admin_api, path, method) -> None:  # noqa: ANN001
    response = send(admin_api, method, path, "[" * 5000 + "]" * 5000)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_json_nested_past_the_limit_is_400_even_when_it_parses(admin_api) -> None:  # noqa: ANN001
    body = {"first_name": 1}
    for _ in range(MAX_JSON_DEPTH + 1):
        body = {"first_name": body}
    response = send(admin_api, "post", PATIENTS, json.dumps(body))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sex", "\ud800"),  # a ChoiceField echoes the value in its error: the renderer crashed
        ("risk_factors", ["\ud800"]),
        ("preferred_channel", "email\udfff"),
        ("first_name", "Ann\u0000"),
        ("timezone", "Europe/\u0000Paris"),
    ],
)
def test_nul_and_lone_surrogates_are_400_naming_the_field(reception_api, field, value) -> None:  # noqa: ANN001
    patient = PatientFactory()
    response = send(reception_api, "patch", f"{PATIENTS}{patient.pk}/", json.dumps({field: value}))
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_nul_in_a_nested_key_names_the_top_level_field(therapist_api) -> None:  # noqa: ANN001
    body = json.dumps({"exercises": [{"name\u0000": "plank"}]})
    response = send(therapist_api, "post", "/api/v1/pt-sessions/", body)
    assert response.status_code == 400
    assert list(response.json()) == ["exercises"]


def test_a_bad_top_level_key_is_a_non_field_error(reception_api) -> None:  # noqa: ANN001
    response = send(reception_api, "post", PATIENTS, json.dumps({"\ud800": "x"}))
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_check_json_passes_ordinary_documents() -> None:
    assert check_json({"exercises": [{"name": "plank", "sets": 3}], "note": "Ünïcödé ✓ 😀"}) is None
    assert check_json([1, "two", None, {"three": [3.0]}]) is None


@pytest.fixture
def fresh_spectacular_extensions():  # noqa: ANN201
    """Extensions as on a fresh process: targets not yet imported (some not importable)."""
    from drf_spectacular import extensions

    kinds = [
        extensions.OpenApiAuthenticationExtension,
        extensions.OpenApiSerializerExtension,
        extensions.OpenApiSerializerFieldExtension,
        extensions.OpenApiViewExtension,
        extensions.OpenApiFilterExtension,
    ]
    saved = {ext: ext.target_class for kind in kinds for ext in kind._registry}
    for ext, target in saved.items():
        if target is None:  # a contrib extension whose package is not installed
            ext.target_class = "not_installed_package.views.SomeView"
        elif isinstance(target, type):
            ext.target_class = f"{target.__module__}.{target.__qualname__}"
    yield
    for ext, target in saved.items():
        ext.target_class = target


@pytest.mark.usefixtures("fresh_spectacular_extensions")
def test_first_schema_requests_at_once_all_succeed(db: None) -> None:
    # drf-spectacular loads extension targets lazily and without a lock: concurrent first
    # requests raced and one answered 500. The view now generates one schema at a time.
    from django.test import RequestFactory

    from clinic.api.schema import SchemaView

    view = SchemaView.as_view(permission_classes=[])
    barrier = threading.Barrier(8)

    def fetch() -> int:
        barrier.wait()
        return view(RequestFactory().get("/api/schema/?format=json")).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: fetch(), range(8)))
    assert statuses == [200] * 8


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "9" * 5000])
def test_a_page_number_that_is_not_one_or_more_is_400(reception_api, page: str) -> None:  # noqa: ANN001
    response = reception_api.get(PATIENTS, {"page": page})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_a_page_past_the_end_is_still_404_and_last_still_works(reception_api) -> None:  # noqa: ANN001
    PatientFactory()
    assert reception_api.get(PATIENTS, {"page": "99999999999999999999"}).status_code == 404
    assert reception_api.get(PATIENTS, {"page": "last"}).status_code == 200
    assert reception_api.get(PATIENTS, {"page": "1"}).status_code == 200


def test_the_schema_documents_the_error_answers(db: None) -> None:
    # schemathesis reported every 400/404 as "undocumented status code".
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    listing = schema["paths"]["/api/v1/patients/"]
    assert {"400", "401", "403", "404", "429"} <= set(listing["get"]["responses"])
    assert {"400", "409", "415"} <= set(listing["post"]["responses"])
    assert "404" in schema["paths"]["/api/v1/appointments/{id}/cancel/"]["post"]["responses"]
    assert "404" in schema["paths"]["/api/v1/calendars/{token}.ics"]["get"]["responses"]
    assert "ValidationErrors" in schema["components"]["schemas"]


@pytest.mark.parametrize(
    "path", ["/api/v1/locations/abc/", "/api/v1/nothing-here/", "/api/v1/patients/1.5/"]
)
def test_an_unknown_api_url_is_a_json_404(reception_api, path: str) -> None:  # noqa: ANN001
    # schemathesis: "Undocumented Content-Type: text/html" for ids the router cannot match.
    response = reception_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_other_unknown_urls_keep_the_html_404(client) -> None:  # noqa: ANN001
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json() -> None:
    from django.test import RequestFactory

    from clinic.api.views import server_error

    response = server_error(RequestFactory().get("/api/v1/patients/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "Server error."}
