"""Shared fixtures: the cast of roles, API clients that log in with real tokens, a clean cache.

The cast: a receptionist, a physician, a therapist (each a practitioner where it makes sense),
an administrator, and two patients, A and B, who must never see each other's records.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from rest_framework.test import APIClient

from clinic.roles import PATIENT, PHYSICIAN, RECEPTION, THERAPIST
from clinic.services import token_issue
from patients.models import Patient
from scheduling.models import Practitioner
from tests.factories.patients import PatientFactory
from tests.factories.scheduling import LocationFactory, PractitionerFactory
from tests.factories.users import UserFactory

# Tests create many users; the production hasher's 1,000,000 PBKDF2 rounds would dominate the
# suite's run time. The hasher is not what the tests are about.
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings) -> None:  # noqa: ANN001
    # Production uses the hashed-manifest storage filled by collectstatic; tests don't collect.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    cache.clear()  # throttling and idempotency state must not leak between tests


@pytest.fixture
def location():  # noqa: ANN201
    return LocationFactory(name="Los Angeles", timezone="America/Los_Angeles")


@pytest.fixture
def receptionist(db: None) -> AbstractBaseUser:
    return UserFactory(username="reception1", roles=[RECEPTION], is_staff=True)


@pytest.fixture
def physician_user(db: None) -> AbstractBaseUser:
    return UserFactory(username="physician1", roles=[PHYSICIAN], is_staff=True)


@pytest.fixture
def therapist_user(db: None) -> AbstractBaseUser:
    return UserFactory(username="therapist1", roles=[THERAPIST], is_staff=True)


@pytest.fixture
def admin_user(db: None) -> AbstractBaseUser:
    return UserFactory(username="admin1", is_staff=True, is_superuser=True)


@pytest.fixture
def physician(physician_user: AbstractBaseUser, location: object) -> Practitioner:
    return PractitionerFactory(
        user=physician_user, name="Dr. Ada Lovelace", discipline="physician", location=location
    )


@pytest.fixture
def therapist(therapist_user: AbstractBaseUser, location: object) -> Practitioner:
    return PractitionerFactory(
        user=therapist_user, name="Tom Therapist", discipline="physiotherapist", location=location
    )


@pytest.fixture
def patient_a(db: None) -> Patient:
    user = UserFactory(username="patient_a", roles=[PATIENT])
    return PatientFactory(user=user, first_name="Alice", last_name="Anders")


@pytest.fixture
def patient_b(db: None) -> Patient:
    user = UserFactory(username="patient_b", roles=[PATIENT])
    return PatientFactory(user=user, first_name="Bob", last_name="Brandt")


@pytest.fixture
def api_for() -> Callable[[AbstractBaseUser | None], APIClient]:
    """An API client logged in as `user` with a real bearer token (anonymous for None)."""

    def make(user: AbstractBaseUser | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user).token}")
        return client

    return make


@pytest.fixture
def reception_api(api_for, receptionist):  # noqa: ANN001, ANN201
    return api_for(receptionist)


@pytest.fixture
def physician_api(api_for, physician):  # noqa: ANN001, ANN201
    return api_for(physician.user)


@pytest.fixture
def therapist_api(api_for, therapist):  # noqa: ANN001, ANN201
    return api_for(therapist.user)


@pytest.fixture
def admin_api(api_for, admin_user):  # noqa: ANN001, ANN201
    return api_for(admin_user)


@pytest.fixture
def patient_a_api(api_for, patient_a):  # noqa: ANN001, ANN201
    return api_for(patient_a.user)


@pytest.fixture
def patient_b_api(api_for, patient_b):  # noqa: ANN001, ANN201
    return api_for(patient_b.user)
