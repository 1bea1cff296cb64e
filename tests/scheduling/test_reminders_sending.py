"""Sending reminders: real SMTP, console and Twilio SMS, once only, quiet hours, consent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from scheduling.api.reminders import twilio_signature
from scheduling.models import Reminder, ReminderAttempt
from scheduling.services import reminders as services
from tests.scheduling import conftest_reminders
from tests.scheduling.conftest import la
from tests.scheduling.conftest_reminders import book, reminders_of

pytestmark = pytest.mark.django_db
smtp_inbox = conftest_reminders.smtp_inbox  # fixtures shared with other reminder tests
fake_twilio = conftest_reminders.fake_twilio
DUE = dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)  # 24 h before Tue 09:00 in Los Angeles


@pytest.fixture
def appointment(frozen_now, patient_a, physician, physician_hours, consultation):  # noqa: ANN001, ANN201
    return book(patient_a, physician, consultation, la(2026, 11, 24, 9, 0))


@pytest.fixture
def reminder(appointment) -> Reminder:  # noqa: ANN001
    (row,) = reminders_of(appointment)
    return row


def send_due(at: dt.datetime = DUE) -> None:
    with time_machine.travel(at, tick=False):
        call_command("send_due_reminders", "--no-plan", verbosity=0)


def test_email_reminder_arrives_over_smtp_with_the_patients_local_time(
    smtp_inbox, appointment, reminder, patient_a
) -> None:
    patient_a.timezone = "America/New_York"
    patient_a.save()
    send_due()
    (message,) = smtp_inbox.messages
    assert message["To"] == patient_a.email
    assert message["List-Unsubscribe"].strip().startswith("<http")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Tuesday 24 November 2026 at 12:00 EST" in text  # 09:00 in LA is 12:00 in New York
    assert "Tuesday 24 November 2026 at 12:00 EST" in html
    assert "Los Angeles" in text
    assert "cancel" in text
    assert "/api/v1/reminders/unsubscribe/" in text
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.sent_at) == ("sent", 1, DUE)
    assert ReminderAttempt.objects.get().outcome == "sent"


def test_running_the_sweep_twice_sends_one_email(appointment, reminder) -> None:
    send_due()
    send_due()
    send_due(DUE + dt.timedelta(minutes=5))
    assert len(mail.outbox) == 1


def test_the_same_send_task_delivered_twice_sends_once(appointment, reminder) -> None:
    with time_machine.travel(DUE, tick=False):
        (claimed,) = services.reminders_claim_due()
        first = services.reminder_send(reminder_id=claimed)
        second = services.reminder_send(reminder_id=claimed)
    assert (first, second) == ("sent", "not_claimed")
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_it_is_due(appointment, reminder) -> None:
    send_due(DUE - dt.timedelta(minutes=1))
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.status == "scheduled"


def test_sms_through_the_console_backend_fits_two_segments(
    capsys, appointment, reminder, patient_a
) -> None:
    patient_a.preferred_channel = "sms"
    patient_a.save()
    send_due()
    send_due()
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("SMS to")]
    assert len(lines) == 1
    body = lines[0].split(": ", 1)[1]
    assert body.startswith(f"{pytest.importorskip('django.conf').settings.CLINIC_NAME}:")
    assert "Tuesday 24 November 2026 at 09:00 PST" in body
    assert "STOP" in body
    assert len(body) <= 306
    reminder.refresh_from_db()
    assert (reminder.status, reminder.channel) == ("sent", "sms")


def test_sms_through_twilio_and_its_status_callback(
    fake_twilio, api_for, appointment, reminder, patient_a, settings
) -> None:
    patient_a.preferred_channel = "sms"
    patient_a.save()
    send_due()
    (request,) = fake_twilio.requests
    assert request["path"] == "/2010-04-01/Accounts/AC0123456789/Messages.json"
    assert request["auth"].startswith("Basic ")
    assert request["form"]["To"] == patient_a.phone
    assert request["form"]["From"] == "+16045550000"
    assert request["form"]["StatusCallback"].endswith("/api/v1/webhooks/twilio/status/")
    reminder.refresh_from_db()
    assert (reminder.status, reminder.provider_message_id) == ("sent", "SM0123456789abcdef")

    form = {
        "MessageSid": "SM0123456789abcdef",
        "MessageStatus": "undelivered",
        "ErrorCode": "30005",
    }
    url = settings.PUBLIC_BASE_URL + "/api/v1/webhooks/twilio/status/"
    signature = twilio_signature(url, form, settings.TWILIO_AUTH_TOKEN)
    client = api_for(None)
    forged = client.post(url, form, format="multipart", HTTP_X_TWILIO_SIGNATURE="bad")
    assert forged.status_code == 403
    response = client.post(url, form, HTTP_X_TWILIO_SIGNATURE=signature, format="multipart")
    assert response.status_code == 204
    reminder.refresh_from_db()
    assert reminder.delivery_status == "undelivered"
    assert "30005" in reminder.last_error


def test_twilio_server_error_retries_with_backoff_then_fails(
    fake_twilio, appointment, reminder, patient_a, settings
) -> None:
    settings.REMINDER_MAX_ATTEMPTS = 3
    patient_a.preferred_channel = "sms"
    patient_a.save()
    fake_twilio.reply_status, fake_twilio.reply_body = 503, {"message": "busy"}
    send_due()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("scheduled", 1)
    assert reminder.due_at == DUE + dt.timedelta(seconds=60)
    assert "503" in reminder.last_error
    send_due(DUE + dt.timedelta(seconds=30))  # not yet due again
    assert len(fake_twilio.requests) == 1
    send_due(DUE + dt.timedelta(seconds=60))
    reminder.refresh_from_db()
    assert reminder.due_at == DUE + dt.timedelta(seconds=60 + 120)  # doubled
    send_due(DUE + dt.timedelta(seconds=180))
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, len(fake_twilio.requests)) == ("failed", 3, 3)
    assert ReminderAttempt.objects.filter(reminder=reminder).count() == 3


def test_twilio_rejecting_the_number_fails_at_once(
    fake_twilio, appointment, reminder, patient_a
) -> None:
    patient_a.preferred_channel = "sms"
    patient_a.save()
    fake_twilio.reply_status, fake_twilio.reply_body = 400, {"code": 21211, "message": "bad To"}
    send_due()
    send_due(DUE + dt.timedelta(hours=2))
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("failed", 1)
    assert "21211" in reminder.last_error
    assert len(fake_twilio.requests) == 1


def test_quiet_hours_wait_for_eight_in_the_patients_zone(appointment, reminder, patient_a) -> None:
    patient_a.timezone = "Asia/Tokyo"  # 17:00 UTC is 02:00 in Tokyo
    patient_a.save()
    send_due()
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.status == "scheduled"
    assert reminder.due_at == dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC)  # 08:00 Tokyo
    send_due(dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC))
    assert len(mail.outbox) == 1


def test_no_consent_for_the_channel_skips_the_reminder(appointment, reminder, patient_a) -> None:
    patient_a.consent_email = False
    patient_a.save()
    send_due()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.reason) == ("skipped", "no consent for email")
    assert mail.outbox == []


def test_a_cancelled_appointment_sends_nothing_even_if_already_claimed(
    appointment, reminder
) -> None:
    with time_machine.travel(DUE, tick=False):
        services.reminders_claim_due()
    appointment.status = "cancelled"  # written behind the services' back: send re-checks
    appointment.save()
    with time_machine.travel(DUE, tick=False):
        assert services.reminder_send(reminder_id=reminder.pk) == "cancelled"  # the queued task
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"
    assert mail.outbox == []


def test_a_lost_task_is_claimed_again_and_sent_once(appointment, reminder) -> None:
    with time_machine.travel(DUE, tick=False):
        services.reminders_claim_due()  # the worker that got it dies before sending
    send_due(DUE + dt.timedelta(minutes=5))
    assert mail.outbox == []  # still within the queue timeout: maybe still in flight
    send_due(DUE + dt.timedelta(minutes=11))
    assert len(mail.outbox) == 1
    with time_machine.travel(DUE + dt.timedelta(minutes=12), tick=False):
        assert services.reminder_send(reminder_id=reminder.pk) == "not_claimed"  # redelivery
    assert len(mail.outbox) == 1


def test_a_worker_dying_during_the_send_never_sends_twice(appointment, reminder) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(status="sending", claimed_at=DUE)
    send_due(DUE + dt.timedelta(hours=1))
    reminder.refresh_from_db()
    assert reminder.status == "failed"
    assert "cannot arrive twice" in reminder.last_error
    assert mail.outbox == []


def test_beat_sweeps_every_minute_and_plans_dexa_daily(settings) -> None:
    from clinic.celery import app
    from scheduling import tasks

    sweep = settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]
    dexa = settings.CELERY_BEAT_SCHEDULE["reminders-plan-dexa"]
    assert (sweep["task"], sweep["schedule"]) == (tasks.reminders_sweep_task.name, 60.0)
    assert dexa["task"] == tasks.reminders_plan_dexa_task.name
    assert {sweep["task"], dexa["task"], tasks.reminder_send_task.name} <= set(app.tasks)
    assert tasks.reminder_send_task.acks_late
    assert tasks.reminder_send_task.reject_on_worker_lost
    assert settings.CELERY_TIMEZONE == "UTC"
