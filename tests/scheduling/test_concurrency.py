"""50 simultaneous bookings of one slot, each on its own PostgreSQL connection: one wins."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from clinic.roles import RECEPTION
from clinic.services import token_issue
from scheduling.models import Appointment
from tests.factories.patients import PatientFactory
from tests.factories.scheduling import PractitionerFactory, weekday_hours
from tests.factories.users import UserFactory
from tests.scheduling.conftest import la

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_now"),
]

CLIENTS = 50


def fire(payloads: list[dict], headers: dict | None = None) -> tuple[Counter, set]:
    """POST every payload at once, each from its own thread and connection.

    Returns the count of each status code and the set of appointment ids answered.
    """
    token = token_issue(user=UserFactory(username="desk", roles=[RECEPTION])).token
    barrier = threading.Barrier(len(payloads))
    statuses: list[int] = []
    ids: list[int | None] = []
    lock = threading.Lock()

    def book(payload: dict) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            barrier.wait(timeout=30)
            response = client.post("/api/v1/appointments/", payload, **(headers or {}))
            with lock:
                statuses.append(response.status_code)
                ids.append(response.json().get("id"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(statuses), {i for i in ids if i is not None}


def payload(patient, practitioner, kind) -> dict:  # noqa: ANN001
    return {
        "patient": patient.pk,
        "practitioner": practitioner.pk,
        "appointment_type": kind.pk,
        "start": la(2026, 12, 1, 9).isoformat(),
    }


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraints are PostgreSQL's")


@pytest.mark.usefixtures("postgres_only", "physician_hours")
def test_fifty_clients_one_slot_one_booking(physician, consultation) -> None:
    patients = [PatientFactory() for _ in range(CLIENTS)]
    statuses, _ids = fire([payload(patient, physician, consultation) for patient in patients])
    assert statuses == Counter({201: 1, 409: CLIENTS - 1})
    assert Appointment.objects.count() == 1


@pytest.mark.usefixtures("postgres_only", "physician_hours")
def test_one_patient_two_practitioners_at_once_one_booking(
    physician, consultation, location
) -> None:
    surgeon = PractitionerFactory(discipline="spine_surgeon", location=location)
    weekday_hours(surgeon)
    patient = PatientFactory()
    doctors: list[Callable] = [physician, surgeon]
    statuses, _ids = fire(
        [payload(patient, doctors[index % 2], consultation) for index in range(CLIENTS)]
    )
    assert statuses == Counter({201: 1, 409: CLIENTS - 1})
    assert Appointment.objects.count() == 1


@pytest.mark.usefixtures("postgres_only", "physician_hours")
def test_concurrent_retries_with_one_idempotency_key_book_once(physician, consultation) -> None:
    patient = PatientFactory()
    statuses, ids = fire(
        [payload(patient, physician, consultation)] * 10, {"HTTP_IDEMPOTENCY_KEY": "retry-1"}
    )
    assert statuses == Counter({201: 10})
    assert len(ids) == 1  # every retry answered with the first booking
    assert Appointment.objects.count() == 1
