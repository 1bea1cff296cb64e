"""Reminders in the API (read-only, per role), opt-out (preferences, signed unsubscribe link,
inbound SMS STOP) and the admin actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from scheduling.api.reminders import twilio_signature
from scheduling.models import Reminder
from scheduling.services.reminders import unsubscribe_url
from tests.factories.reminders import ReminderFactory
from tests.factories.scheduling import AppointmentFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reminders/"


@pytest.fixture
def reminder_a(patient_a) -> Reminder:  # noqa: ANN001
    return ReminderFactory(appointment=AppointmentFactory(patient=patient_a))


@pytest.fixture
def reminder_b(patient_b) -> Reminder:  # noqa: ANN001
    return ReminderFactory(appointment=AppointmentFactory(patient=patient_b))


@pytest.mark.parametrize("client", ["reception_api", "physician_api", "therapist_api"])
def test_staff_read_all_reminders(request, client, reminder_a, reminder_b) -> None:  # noqa: ANN001
    api = request.getfixturevalue(client)
    response = api.get(URL)
    assert response.status_code == 200
    assert response.data["count"] == 2
    row = response.data["results"][0]
    for field in ("patient", "kind", "channel", "due_at", "status", "sent_at", "attempts"):
        assert field in row
    assert "last_error" in row


@pytest.mark.parametrize("client", ["reception_api", "physician_api", "patient_a_api"])
def test_reminders_are_read_only(request, client, reminder_a) -> None:  # noqa: ANN001
    api = request.getfixturevalue(client)
    assert api.post(URL, {"kind": "appointment"}).status_code in (403, 405)
    assert api.patch(f"{URL}{reminder_a.pk}/", {"status": "sent"}).status_code in (403, 405)
    assert api.delete(f"{URL}{reminder_a.pk}/").status_code in (403, 405)


def test_a_patient_sees_only_their_own(patient_a_api, reminder_a, reminder_b) -> None:
    response = patient_a_api.get(URL)
    assert [row["id"] for row in response.data["results"]] == [reminder_a.pk]
    assert patient_a_api.get(f"{URL}{reminder_b.pk}/").status_code == 404
    assert patient_a_api.get(f"{URL}{reminder_a.pk}/").status_code == 200


def test_anonymous_is_refused(api_for, reminder_a) -> None:
    assert api_for(None).get(URL).status_code == 401


def test_filters_and_bad_filter_values(reception_api, reminder_a, reminder_b) -> None:
    Reminder.objects.filter(pk=reminder_b.pk).update(status="failed", last_error="SMTP 550")
    response = reception_api.get(URL, {"status": "failed"})
    assert [row["id"] for row in response.data["results"]] == [reminder_b.pk]
    response = reception_api.get(URL, {"patient": reminder_a.patient_id})
    assert [row["id"] for row in response.data["results"]] == [reminder_a.pk]
    Reminder.objects.filter(pk=reminder_a.pk).update(status="queued")
    response = reception_api.get(URL, {"status": "scheduled"})
    assert [(row["id"], row["status"], row["state"]) for row in response.data["results"]] == [
        (reminder_a.pk, "scheduled", "queued")  # in flight reads as scheduled
    ]
    assert reception_api.get(URL, {"state": "queued"}).data["count"] == 1
    assert "status" in reception_api.get(URL, {"status": "lost"}).data
    assert "status" in reception_api.get(URL, {"status": "queued"}).data
    assert "kind" in reception_api.get(URL, {"kind": "x" * 500}).data
    assert "due_after" in reception_api.get(URL, {"due_after": "yesterday"}).data
    assert reception_api.get(URL, {"patient": "abc"}).status_code == 400


def test_list_query_count_does_not_grow_with_page_size(
    reception_api, django_assert_max_num_queries
) -> None:
    ReminderFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        small = reception_api.get(URL)
    ReminderFactory.create_batch(30)
    with django_assert_max_num_queries(8):
        large = reception_api.get(URL)
    assert (small.data["count"], large.data["count"]) == (3, 33)


def test_me_preferences_turn_sms_off(patient_a_api, patient_a) -> None:
    response = patient_a_api.patch("/api/v1/me/preferences/", {"consent_sms": False})
    assert response.status_code == 200
    patient_a.refresh_from_db()
    assert patient_a.consent_sms is False


def test_signed_unsubscribe_link(api_for, patient_a) -> None:
    url = unsubscribe_url(patient_id=patient_a.pk)
    path = url.split("localhost:8000", 1)[1]
    client = api_for(None)
    page = client.get(path)
    assert page.status_code == 200
    assert b"<form" in page.content
    patient_a.refresh_from_db()
    assert patient_a.consent_email is True  # a link scanner's GET changes nothing
    assert client.post(path).status_code == 200
    patient_a.refresh_from_db()
    assert patient_a.consent_email is False
    assert client.post(path).status_code == 200  # clicking twice is fine


def test_a_tampered_unsubscribe_link_is_refused(api_for, patient_a) -> None:
    path = unsubscribe_url(patient_id=patient_a.pk).split("localhost:8000", 1)[1]
    forged = path.replace(path.split("/")[-2], path.split("/")[-2][:-3] + "abc")
    assert api_for(None).post(forged).status_code == 400
    patient_a.refresh_from_db()
    assert patient_a.consent_email is True


def _twilio_post(client, path: str, form: dict, settings, *, signature: str | None = None):  # noqa: ANN001, ANN202
    url = settings.PUBLIC_BASE_URL + path
    signature = signature or twilio_signature(url, form, settings.TWILIO_AUTH_TOKEN)
    return client.post(path, form, format="multipart", HTTP_X_TWILIO_SIGNATURE=signature)


def test_inbound_stop_turns_sms_consent_off(api_for, patient_a, settings) -> None:
    settings.TWILIO_AUTH_TOKEN = "twilio-test-token"
    path = reverse("twilio-inbound")
    form = {"From": patient_a.phone, "Body": " stop ", "MessageSid": "SM1"}
    response = _twilio_post(api_for(None), path, form, settings)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    patient_a.refresh_from_db()
    assert patient_a.consent_sms is False
    assert patient_a.history.first().consent_sms is False  # audited


def test_inbound_sms_with_a_bad_signature_changes_nothing(api_for, patient_a, settings) -> None:
    settings.TWILIO_AUTH_TOKEN = "twilio-test-token"
    form = {"From": patient_a.phone, "Body": "STOP"}
    response = _twilio_post(api_for(None), reverse("twilio-inbound"), form, settings, signature="x")
    assert response.status_code == 403
    patient_a.refresh_from_db()
    assert patient_a.consent_sms is True


def test_other_inbound_words_change_nothing(api_for, patient_a, settings) -> None:
    settings.TWILIO_AUTH_TOKEN = "twilio-test-token"
    form = {"From": patient_a.phone, "Body": "see you tomorrow"}
    assert _twilio_post(api_for(None), reverse("twilio-inbound"), form, settings).status_code == 200
    patient_a.refresh_from_db()
    assert patient_a.consent_sms is True


def test_admin_lists_filters_and_acts_on_reminders(
    client, admin_user, reminder_a, reminder_b
) -> None:
    Reminder.objects.filter(pk=reminder_b.pk).update(status="failed", last_error="SMTP 550")
    client.force_login(admin_user)
    listing = client.get("/admin/scheduling/reminder/", {"attention": "yes"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert client.get(f"/admin/scheduling/reminder/{reminder_a.pk}/change/").status_code == 200
    client.post(
        "/admin/scheduling/reminder/",
        {"action": "send_now", "_selected_action": [reminder_b.pk]},
    )
    reminder_b.refresh_from_db()
    assert reminder_b.status == "scheduled"
    assert reminder_b.due_at <= dt.datetime.now(dt.UTC)
    client.post(
        "/admin/scheduling/reminder/", {"action": "cancel", "_selected_action": [reminder_a.pk]}
    )
    reminder_a.refresh_from_db()
    assert (reminder_a.status, reminder_a.reason) == ("cancelled", "cancelled by admin1")


def test_receptionist_sees_reminders_in_the_admin_but_cannot_act(
    client, receptionist, reminder_a
) -> None:
    client.force_login(receptionist)
    assert client.get("/admin/scheduling/reminder/").status_code == 200
    client.post(
        "/admin/scheduling/reminder/", {"action": "cancel", "_selected_action": [reminder_a.pk]}
    )
    reminder_a.refresh_from_db()
    assert reminder_a.status == "scheduled"
