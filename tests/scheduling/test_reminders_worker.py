"""Reminders through a real Celery worker and the real Redis broker of this machine.

The worker runs in a thread of the test process against the test database; the tests commit
(`transaction=True`) so it sees the rows. "Redis down" points the app at a dead port and back:
the shared Redis server is never stopped.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections

from clinic.celery import app
from scheduling.models import Reminder
from scheduling.tasks import reminder_send_task, reminders_dispatch
from tests.factories.reminders import ReminderFactory
from tests.scheduling.conftest import la
from tests.scheduling.conftest_reminders import free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
DUE = dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)  # 09:00 in Vancouver and Los Angeles


def point_broker(url: str) -> None:
    """Make the app publish to `url` from now on (fresh connection and producer pools)."""
    app.conf.broker_url = url
    app.conf.broker_write_url = url
    app.conf.broker_read_url = url
    # kombu keeps one pool per connection URL; forget ours so the next publish picks it anew.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings) -> Iterator[str]:  # noqa: ANN001
    real = settings.CELERY_BROKER_URL
    point_broker(real)
    app.control.purge()
    yield real
    point_broker(real)
    app.control.purge()


@pytest.fixture
def short_lived_connections() -> Iterator[None]:
    # The worker thread opens its own connection; let it close after each task so the test
    # database can be flushed and dropped.
    db_settings = connections.settings["default"]
    before = db_settings.get("CONN_MAX_AGE", 0)
    db_settings["CONN_MAX_AGE"] = 0
    yield
    db_settings["CONN_MAX_AGE"] = before


@contextmanager
def running_worker() -> Iterator[None]:
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _sent(reminder: Reminder) -> Callable[[], bool]:
    return lambda: Reminder.objects.get(pk=reminder.pk).status == "sent"


@pytest.fixture
def due_reminder(db) -> Reminder:  # noqa: ANN001
    return ReminderFactory(
        appointment__start=DUE + dt.timedelta(hours=24),
        appointment__patient__timezone="America/Vancouver",
        due_at=DUE,
    )


def test_sweep_twice_and_the_same_task_three_times_send_one_email(
    broker, short_lived_connections, due_reminder
) -> None:
    with time_machine.travel(DUE, tick=True):
        assert reminders_dispatch() == 1
        assert reminders_dispatch() == 0  # already claimed
        reminder_send_task.delay(due_reminder.pk)  # a duplicate publish
        reminder_send_task.delay(due_reminder.pk)
        with running_worker():
            assert wait_for(_sent(due_reminder))
            time.sleep(1.0)  # let the duplicates run (they find the row sent)
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(pk=due_reminder.pk).attempts == 1


def test_a_worker_lost_after_the_claim_is_retried_and_sends_once(
    broker, short_lived_connections, due_reminder
) -> None:
    with time_machine.travel(DUE, tick=True):
        assert reminders_dispatch() == 1
    app.control.purge()  # the worker holding the message died: the message is gone
    assert Reminder.objects.get(pk=due_reminder.pk).status == "queued"
    with time_machine.travel(DUE + dt.timedelta(minutes=11), tick=True):
        assert reminders_dispatch() == 1  # the stale claim is recovered and re-enqueued
        reminder_send_task.delay(due_reminder.pk)  # and the lost message comes back after all
        with running_worker():
            assert wait_for(_sent(due_reminder))
            time.sleep(1.0)
    assert len(mail.outbox) == 1


def test_redis_down_booking_succeeds_and_the_reminder_goes_out_when_it_returns(
    broker,
    short_lived_connections,
    api_for,
    receptionist,
    patient_a,
    physician,
    physician_hours,
    consultation,
) -> None:
    booked_at = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    point_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    with time_machine.travel(booked_at, tick=True):
        response = api_for(receptionist).post(
            "/api/v1/appointments/",
            {
                "patient": patient_a.pk,
                "practitioner": physician.pk,
                "appointment_type": consultation.pk,
                "start": la(2026, 11, 24, 9, 0).isoformat(),
            },
        )
    assert response.status_code == 201, response.data
    (reminder,) = Reminder.objects.filter(patient=patient_a)
    with time_machine.travel(DUE, tick=True):
        assert reminders_dispatch() == 0  # the broker is down: nothing handed over...
    reminder.refresh_from_db()
    assert reminder.status == "scheduled"  # ...and nothing lost
    point_broker(broker)
    with time_machine.travel(DUE + dt.timedelta(minutes=1), tick=True):
        assert reminders_dispatch() == 1
        with running_worker():
            assert wait_for(_sent(reminder))
    assert len(mail.outbox) == 1
    assert "Tuesday 24 November 2026 at 09:00 PST" in mail.outbox[0].body
