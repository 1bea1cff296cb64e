"""A real worker process killed between the claim and the send: the reminder is sent once.

The worker (`celery -A clinic worker`, a subprocess on the test database and this machine's
Redis) receives the send task while the test holds a lock on the reminder row, so it is stuck
before its compare-and-set; then it is SIGKILLed (its unacknowledged message stays with Redis).
The next sweeps recover the stale claim and a second worker sends the email exactly once.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import time_machine
from django.db import connection

from clinic.celery import app
from scheduling.models import Reminder
from scheduling.services.reminders import reminders_claim_due
from scheduling.tasks import reminder_send_task, reminders_dispatch
from tests.factories.reminders import ReminderFactory
from tests.scheduling import conftest_reminders
from tests.scheduling.conftest_reminders import daytime_zone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
smtp_inbox = conftest_reminders.smtp_inbox
ROOT = Path(__file__).resolve().parents[2]


def _dsn() -> str:
    params = connection.get_connection_params()
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if k in {"dbname", "user", "host", "port", "password"}}
    )


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(inbox_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(inbox_port),
        "EMAIL_USE_TLS": "0",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        *("-A", "clinic", "worker", "--pool=solo", "--loglevel=WARNING"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    process = subprocess.Popen(  # noqa: S603 - our own worker
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        assert process.poll() is None, "worker exited"
        assert time.monotonic() < deadline, "worker did not start"
    return process


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen]]:
    app.control.purge()
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
    app.control.purge()


def _wait(condition, timeout: float = 30.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_worker_killed_between_claim_and_send_sends_once(smtp_inbox, workers) -> None:
    now = dt.datetime.now(dt.UTC)
    reminder = ReminderFactory(
        appointment__start=now + dt.timedelta(hours=23),
        appointment__patient__timezone=daytime_zone(),
        due_at=now - dt.timedelta(minutes=1),
    )
    assert reminders_claim_due() == [reminder.pk]
    # pg_stat_activity is a snapshot per transaction: watch from a separate autocommit session.
    with psycopg.connect(_dsn()) as lock, psycopg.connect(_dsn(), autocommit=True) as watch:
        lock.execute("SELECT id FROM scheduling_reminder WHERE id = %s FOR UPDATE", [reminder.pk])
        workers.append(_worker(smtp_inbox.port))
        reminder_send_task.delay(reminder.pk)

        def blocked() -> bool:
            row = watch.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            ).fetchone()
            return row is not None and row[0] > 0

        assert _wait(blocked), "the worker never reached the reminder"
        os.kill(workers[0].pid, signal.SIGKILL)  # dies before its compare-and-set
        workers[0].wait(timeout=10)
        # A dead client's backend goes away with it; do what the server would, then unlock.
        watch.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = "
            "'Lock' AND datname = current_database()"
        )
        lock.rollback()
    assert Reminder.objects.get(pk=reminder.pk).status == "queued"
    assert smtp_inbox.messages == []

    workers.append(_worker(smtp_inbox.port))
    assert reminders_dispatch() == 0  # still within the queue timeout: maybe in flight
    with time_machine.travel(now + dt.timedelta(minutes=11)):
        assert reminders_dispatch() == 1  # the stale claim is recovered and handed over again
    assert _wait(lambda: Reminder.objects.get(pk=reminder.pk).status == "sent")
    reminder_send_task.delay(reminder.pk)  # Redis redelivers the dead worker's message later
    time.sleep(1.5)
    assert len(smtp_inbox.messages) == 1
    assert Reminder.objects.get(pk=reminder.pk).attempts == 1
