from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served() -> None:
    client = APIClient()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/patients/" in paths
    assert "/api/v1/auth/token/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_api_root_lists_collections(reception_api) -> None:
    body = reception_api.get("/api/v1/").json()
    assert body["patient"].endswith("/api/v1/patients/")
    assert "practitioner" in body


def test_health_reports_database_and_broker() -> None:
    response = APIClient().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_is_503_when_broker_is_down(settings) -> None:
    from clinic.celery import app

    original = app.conf.broker_write_url
    app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = APIClient().get("/health/")
    finally:
        app.conf.broker_write_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("down")


def test_malformed_json_is_400(reception_api) -> None:
    response = reception_api.generic(
        "POST", "/api/v1/patients/", '{"first_name": "Ann",', content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_unknown_route_is_404_json(reception_api) -> None:
    assert reception_api.get("/api/v1/patients/999999999/").status_code == 404


def test_body_above_the_limit_is_a_json_400(reception_api) -> None:
    body = '{"first_name": "' + "x" * (13 * 1024 * 1024) + '"}'
    response = reception_api.generic(
        "POST", "/api/v1/patients/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_api_path_is_json_404_whatever_debug_says(reception_api, settings, debug) -> None:
    settings.DEBUG = debug
    response = reception_api.get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    # real routes still win over the catch-all
    assert reception_api.get("/api/v1/patients/").status_code == 200
