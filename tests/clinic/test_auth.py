from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from clinic.models import ApiToken
from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def login(client: APIClient, username: str, password: str = PASSWORD):  # noqa: ANN201
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_flow_login_use_logout(receptionist) -> None:
    client = APIClient()
    response = login(client, receptionist.username)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert client.get("/api/v1/me/").json()["username"] == receptionist.username

    assert client.post("/api/v1/auth/logout/").status_code == 204
    after = client.get("/api/v1/me/")
    assert after.status_code == 401
    assert "detail" in after.json()


def test_token_is_stored_hashed(receptionist) -> None:
    token = login(APIClient(), receptionist.username).json()["token"]
    stored = ApiToken.objects.get(user=receptionist)
    assert token not in stored.key_hash
    assert len(stored.key_hash) == 64


def test_token_expires(receptionist, settings) -> None:
    settings.API_TOKEN_TTL_HOURS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = login(APIClient(), receptionist.username).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    with time_machine.travel(start + dt.timedelta(hours=1, minutes=59), tick=False):
        assert client.get("/api/v1/me/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=2, minutes=1), tick=False):
        response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"].lower()


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Bearer", "Bearer a b", "Token abc"],
)
def test_bad_tokens_are_401(header: str, receptionist) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/patients/").status_code == 401


def test_no_credentials_is_401_with_detail(db: None) -> None:
    response = APIClient().get("/api/v1/patients/")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_wrong_password_is_401_and_repeated_failures_throttle(receptionist, settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = APIClient()
    for _ in range(3):
        assert login(client, receptionist.username, "wrong").status_code == 401
    blocked = login(client, receptionist.username, PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "detail" in blocked.json()
    # another account from the same address is not locked out by these failures
    other = UserFactory(username="someone-else")
    assert login(client, other.username).status_code == 200


def test_successful_login_resets_failure_count(receptionist, settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = APIClient()
    for _ in range(2):
        login(client, receptionist.username, "wrong")
    assert login(client, receptionist.username).status_code == 200
    for _ in range(2):
        login(client, receptionist.username, "wrong")
    assert login(client, receptionist.username).status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"password": "x"}, "username"), ({"username": "x"}, "password"), ({}, "username")],
)
def test_token_request_missing_fields_is_400(payload: dict, field: str, db: None) -> None:
    response = APIClient().post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_inactive_user_cannot_use_token(receptionist, api_for) -> None:
    client = api_for(receptionist)
    receptionist.is_active = False
    receptionist.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_me_for_each_role(physician_api, physician, patient_a_api, patient_a, admin_api) -> None:
    me = physician_api.get("/api/v1/me/").json()
    assert me == {
        "username": physician.user.username,
        "roles": ["physician"],
        "is_admin": False,
        "patient": None,
        "practitioner": physician.pk,
    }
    assert patient_a_api.get("/api/v1/me/").json()["patient"] == patient_a.pk
    assert admin_api.get("/api/v1/me/").json()["is_admin"] is True


def test_session_auth_works_for_browsable_api(receptionist) -> None:
    client = APIClient()
    client.force_login(receptionist)
    assert client.get("/api/v1/me/").status_code == 200
