"""DEXA screening sweep: who is eligible under the configured policy, planned once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from scheduling.models import Reminder
from scheduling.services.reminders import reminders_plan_dexa
from tests.factories.patients import PatientFactory
from tests.factories.reminders import ReminderFactory
from treatments.models import ImagingOrder
from treatments.services.imaging import imaging_order_create

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)  # 10:00 in Vancouver


@pytest.fixture
def now():  # noqa: ANN201
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _patient(born: dt.date, **kwargs: object):  # noqa: ANN202
    return PatientFactory(date_of_birth=born, **kwargs)


def _dexa(patient, status: str, days_ago: int) -> ImagingOrder:  # noqa: ANN001
    order = imaging_order_create(
        data={"patient": patient, "modality": "dexa", "body_region": "hip", "indication": "bmd"}
    )
    at = NOW - dt.timedelta(days=days_ago)
    ImagingOrder.objects.filter(pk=order.pk).update(status=status, completed_at=at, reported_at=at)
    return order


def _planned() -> set[int]:
    rows = Reminder.objects.filter(kind="dexa_screening").exclude(status="cancelled")
    return set(rows.values_list("patient_id", flat=True))


def test_eligibility_follows_the_seed_policy(now) -> None:
    fifty = _patient(dt.date(1976, 11, 23))  # 50 today
    young = _patient(dt.date(1976, 11, 24))  # 50 tomorrow
    recent = _patient(dt.date(1950, 1, 1))
    _dexa(recent, "reported", days_ago=300)
    old_scan = _patient(dt.date(1950, 1, 1))
    _dexa(old_scan, "completed", days_ago=800)
    pending = _patient(dt.date(1950, 1, 1))
    _dexa(pending, "ordered", days_ago=0)
    cancelled_order = _patient(dt.date(1950, 1, 1))
    _dexa(cancelled_order, "cancelled", days_ago=10)
    archived = _patient(dt.date(1950, 1, 1), archived_at=NOW)
    assert young.age == 49
    assert archived.is_archived
    assert reminders_plan_dexa() == 3
    assert _planned() == {fifty.pk, old_scan.pk, cancelled_order.pk}


def test_at_most_one_reminder_every_90_days(now) -> None:
    patient = _patient(dt.date(1950, 1, 1))
    assert reminders_plan_dexa() == 1
    assert reminders_plan_dexa() == 0  # the same sweep twice: nothing new
    with time_machine.travel(NOW + dt.timedelta(days=89), tick=False):
        assert reminders_plan_dexa() == 0
    with time_machine.travel(NOW + dt.timedelta(days=91), tick=False):
        assert reminders_plan_dexa() == 1
    assert Reminder.objects.filter(patient=patient, kind="dexa_screening").count() == 2


def test_other_reminder_kinds_do_not_count_as_dexa_reminders(now) -> None:
    patient = _patient(dt.date(1950, 1, 1))
    ReminderFactory(appointment__patient=patient, due_at=NOW)
    assert reminders_plan_dexa() == 1


def test_uspstf_policy_is_women_from_65(now, settings) -> None:
    settings.DEXA_SCREENING_POLICY = "uspstf"
    woman = _patient(dt.date(1960, 1, 1), sex="female")
    _patient(dt.date(1960, 1, 1), sex="male")
    _patient(dt.date(1970, 1, 1), sex="female")
    assert reminders_plan_dexa() == 1
    assert _planned() == {woman.pk}


def test_bhof_policy_adds_men_from_70(now, settings) -> None:
    settings.DEXA_SCREENING_POLICY = "bhof"
    man = _patient(dt.date(1955, 1, 1), sex="male")
    _patient(dt.date(1960, 1, 1), sex="male")
    assert _planned() == set()
    reminders_plan_dexa()
    assert _planned() == {man.pk}


def test_planned_in_quiet_hours_waits_for_eight_local(settings) -> None:
    _patient(dt.date(1950, 1, 1), timezone="America/Vancouver")
    late = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)  # 22:00 in Vancouver
    with time_machine.travel(late, tick=False):
        reminders_plan_dexa()
    (reminder,) = Reminder.objects.all()
    assert reminder.due_at == dt.datetime(2026, 11, 24, 16, 0, tzinfo=dt.UTC)


def test_the_command_plans_and_sends_a_screening_email(now) -> None:
    patient = _patient(dt.date(1950, 1, 1))
    call_command("send_due_reminders", verbosity=0)
    call_command("send_due_reminders", verbosity=0)
    (message,) = mail.outbox
    assert message.to == [patient.email]
    assert "bone density" in message.body
    assert "T-score" not in message.body
    (reminder,) = Reminder.objects.all()
    assert reminder.status == "sent"


def test_a_dexa_ordered_before_sending_cancels_the_reminder(now) -> None:
    patient = _patient(dt.date(1950, 1, 1))
    reminders_plan_dexa()
    order = _dexa(patient, "ordered", days_ago=0)  # behind the services: send re-checks
    assert order
    call_command("send_due_reminders", "--no-plan", verbosity=0)
    (reminder,) = Reminder.objects.all()
    assert reminder.status == "cancelled"
    assert mail.outbox == []
